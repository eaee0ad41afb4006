namespace FilmScoreEmotion.Cli;

/// <summary>The one check of what a command will write, made before any work: an output is never one of the
/// command's inputs, never a folder where a file is meant (nor a file where a folder is), its folder exists, and no two
/// outputs are the same file. Without it a bad path surfaced late, after minutes of work, or replaced an input.</summary>
public static class OutputGuard
{
    /// <summary>Output files, each with the option that named it, against the files the command reads.</summary>
    public static void Files(IEnumerable<(string Option, string Path)> outputs, IEnumerable<string> inputs)
    {
        var resolvedInputs = inputs.Select(i => (Given: i, Real: Real(i))).ToList();
        var seen = new Dictionary<string, string>();
        foreach (var (option, path) in outputs)
        {
            var real = Real(path);
            if (Directory.Exists(real))
                throw new IOException($"{path}: is a folder; {option} takes a file name");
            var folder = Path.GetDirectoryName(real)!;
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"{path}: output folder does not exist ({folder}, {option})");
            if (resolvedInputs.FirstOrDefault(i => i.Real == real) is { Given: { } input })
                throw new IOException($"{path}: {option} names an input of this command ({input}); writing it would destroy the input");
            if (seen.TryGetValue(real, out var other))
                throw new IOException($"{path}: {option} and {other} name the same file");
            seen[real] = option;
        }
    }

    /// <summary>An output folder: it may not exist yet, but neither it nor a folder above it may be a file.</summary>
    public static void Folder(string option, string path)
    {
        for (var at = Path.GetFullPath(path); at is not null; at = Path.GetDirectoryName(at))
            if (File.Exists(at))
                throw new IOException(at == Path.GetFullPath(path)
                    ? $"{path}: is a file; {option} takes a folder"
                    : $"{path}: {at} is a file, so {option} cannot be a folder inside it");
    }

    /// <summary>The full path with symbolic links resolved, so a link to an input counts as that input.</summary>
    static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}

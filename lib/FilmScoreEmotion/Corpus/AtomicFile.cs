namespace FilmScoreEmotion.Corpus;

/// <summary>Writes go to a temporary name in the target folder and are renamed, so a crash never leaves half a file.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
                write(s);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
                File.Delete(tmp);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(
            path,
            s =>
            {
                var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
                s.Write(bytes);
            }
        );
}

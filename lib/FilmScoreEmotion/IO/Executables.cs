namespace FilmScoreEmotion.IO;

/// <summary>Finding the external programs the project runs (ffmpeg, chromium, sbatch) the way a shell would.</summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="executable"/>: itself when it names a path, otherwise the first match in
    /// the folders of <paramref name="searchPath"/> (the process's PATH when null); null when there is none.</summary>
    public static string? Locate(string executable, string? searchPath = null)
    {
        if (executable.Contains(Path.DirectorySeparatorChar) || executable.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        return (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, executable))
            .FirstOrDefault(File.Exists);
    }
}

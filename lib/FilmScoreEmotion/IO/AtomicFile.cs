namespace FilmScoreEmotion.IO;

/// <summary>Every output goes to a unique temporary name in the target's folder and is renamed over the target, so a
/// crash never leaves half a file under the real name and concurrent writers of the same file (grid runs sharing a
/// folder on a cluster) never write into each other's temporary.</summary>
public static class AtomicFile
{
    /// <summary>For writers that take a path (Deedle, TorchSharp, chromium): <paramref name="writeTemporary"/> gets the
    /// temporary path, which keeps the target's extension for writers that look at it.</summary>
    public static void WriteVia(string path, Action<string> writeTemporary)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void Write(string path, Action<Stream> write) =>
        WriteVia(
            path,
            temporary =>
            {
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
                write(stream);
            }
        );

    public static void WriteAllText(string path, string text) => WriteVia(path, temporary => File.WriteAllText(temporary, text));
}

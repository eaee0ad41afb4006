using System.Collections.Concurrent;

namespace FilmScoreEmotion.IO;

/// <summary>The temporary files this process has open, so a signal handler can delete them before the process dies:
/// a signal ends the process without running finally blocks. What a SIGKILL leaves behind,
/// <see cref="TemporaryName.DeleteOrphans"/> removes on the next run.</summary>
public static class LiveTemporaries
{
    static readonly ConcurrentDictionary<string, byte> Paths = new();

    /// <summary>Registers <paramref name="path"/> until the result is disposed; disposing also deletes the file.</summary>
    public static IDisposable Track(string path)
    {
        Paths[path] = 0;
        return new Tracked(path);
    }

    public static void DeleteAll()
    {
        foreach (var path in Paths.Keys)
            File.Delete(path);
    }

    sealed class Tracked(string path) : IDisposable
    {
        public void Dispose()
        {
            File.Delete(path);
            Paths.TryRemove(path, out _);
        }
    }
}

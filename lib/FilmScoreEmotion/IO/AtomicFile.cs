using System.Runtime.ExceptionServices;

namespace FilmScoreEmotion.IO;

/// <summary>Every output goes to a unique temporary name in the target's folder and is renamed over the target, so a
/// crash never leaves half a file under the real name and concurrent writers of the same file (grid runs sharing a
/// folder on a cluster) never write into each other's temporary. The temporary is deleted on every way out, a
/// signal included (<see cref="LiveTemporaries"/>), and one left by a killed process is deleted by the next write of
/// the same target.</summary>
public static class AtomicFile
{
    /// <summary>For writers that take a path (Deedle, TorchSharp, chromium): <paramref name="writeTemporary"/> gets the
    /// temporary path, which keeps the target's extension for writers that look at it.</summary>
    public static void WriteVia(string path, Action<string> writeTemporary) => WriteAllVia([path], (_, temporary) => writeTemporary(temporary));

    /// <summary>Several outputs as one: every temporary is written first, and only when all are complete are they
    /// renamed, so a failure on any one leaves none of the targets changed.</summary>
    public static void WriteAllVia(IReadOnlyList<string> paths, Action<int, string> writeTemporary) =>
        WriteAllAsCompleted(
            paths,
            write =>
            {
                for (var i = 0; i < paths.Count; i++)
                    write(i, temporary => writeTemporary(i, temporary));
            }
        );

    /// <summary>As <see cref="WriteAllVia"/> for outputs that complete in any order: <paramref name="produce"/> calls
    /// write(i, writeTemporary) once for every target i, each as soon as it is ready, from any thread (several at once
    /// for different targets: each has a slot of its own).</summary>
    public static void WriteAllAsCompleted(IReadOnlyList<string> paths, Action<Action<int, Action<string>>> produce)
    {
        var targets = paths.Select(Path.GetFullPath).ToArray();
        var temporaries = new (string Temporary, IDisposable Tracked)?[targets.Length];
        var parts = targets.Select(Parts).ToArray();
        foreach (var folder in parts.GroupBy(p => p.Folder))
        {
            Directory.CreateDirectory(folder.Key);
            TemporaryName.DeleteOrphans(folder.Key, folder.Select(p => (p.Prefix, p.Suffix)).ToList());
        }
        try
        {
            produce(
                (i, writeTemporary) =>
                {
                    if (temporaries[i] is not null)
                        throw new InvalidOperationException($"{targets[i]} written twice");
                    var (folder, prefix, suffix) = parts[i];
                    var temporary = TemporaryName.Create(folder, prefix, suffix);
                    temporaries[i] = (temporary, LiveTemporaries.Track(temporary));
                    writeTemporary(temporary);
                }
            );
            var missing = Array.FindIndex(temporaries, t => t is null);
            if (missing >= 0)
                throw new InvalidOperationException($"{targets[missing]} was never written");
            // on every core: a folder of short clips is thousands of renames, which would otherwise end the run
            // on one thread
            try
            {
                Parallel.For(0, targets.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    File.Move(temporaries[i]!.Value.Temporary, targets[i], overwrite: true);
                    temporaries[i]!.Value.Tracked.Dispose();
                    temporaries[i] = null;
                });
            }
            catch (AggregateException e)
            {
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }
        finally
        {
            foreach (var entry in temporaries)
                entry?.Tracked.Dispose();
        }
    }

    static (string Folder, string Prefix, string Suffix) Parts(string full) =>
        (Path.GetDirectoryName(full)!, "." + Path.GetFileNameWithoutExtension(full), Path.GetExtension(full));

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

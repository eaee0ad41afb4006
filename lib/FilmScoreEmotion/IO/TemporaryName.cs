using System.Diagnostics;

namespace FilmScoreEmotion.IO;

/// <summary>Temporary files carry the host and process that made them, so a later run can tell an orphan (its
/// process is gone: killed, or the machine lost power) from a file another process, perhaps on another node sharing
/// the folder, is still writing.</summary>
public static class TemporaryName
{
    static readonly string Host = Environment.MachineName;
    static readonly int Pid = Environment.ProcessId;

    /// <summary>A fresh name PREFIX.HOST.PID.GUID.tmpSUFFIX in <paramref name="folder"/>.</summary>
    public static string Create(string folder, string prefix, string suffix) =>
        Path.Combine(folder, $"{prefix}.{Host}.{Pid}.{Guid.NewGuid():N}.tmp{suffix}");

    /// <summary>Deletes the temporaries named by <see cref="Create"/> with this prefix and suffix whose process is no
    /// longer running on this host; files of other hosts, of live processes or of other shapes are left alone.</summary>
    public static void DeleteOrphans(string folder, string prefix, string suffix) => DeleteOrphans(folder, [(prefix, suffix)]);

    /// <summary><see cref="DeleteOrphans(string, string, string)"/> for many names in one folder, listing it once
    /// (a folder of N outputs would otherwise be listed N times).</summary>
    public static void DeleteOrphans(string folder, IReadOnlyCollection<(string Prefix, string Suffix)> names)
    {
        if (!Directory.Exists(folder) || names.Count == 0)
            return;
        var wanted = names.ToHashSet();
        var suffixes = names.Select(n => n.Suffix).Distinct().ToList();
        var pattern = names.Count == 1 ? $"{names.First().Prefix}.*.tmp{names.First().Suffix}" : "*.tmp*";
        foreach (var path in Directory.EnumerateFiles(folder, pattern))
        {
            var name = Path.GetFileName(path);
            foreach (var suffix in suffixes.Where(x => name.EndsWith(".tmp" + x, StringComparison.Ordinal)))
            {
                // PREFIX.HOST.PID.GUID: the GUID and PID from the right, the host known, the rest is the prefix
                var parts = name[..^(".tmp".Length + suffix.Length)].Split('.');
                if (parts.Length < 4 || parts[^1].Length != 32 || !int.TryParse(parts[^2], out var pid))
                    continue;
                var hostAndPrefix = string.Join('.', parts[..^2]);
                if (!hostAndPrefix.EndsWith("." + Host, StringComparison.Ordinal))
                    continue;
                var prefix = hostAndPrefix[..^(Host.Length + 1)];
                if (wanted.Contains((prefix, suffix)) && !IsRunning(pid))
                    File.Delete(path);
            }
        }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

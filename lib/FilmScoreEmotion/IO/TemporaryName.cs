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
    public static void DeleteOrphans(string folder, string prefix, string suffix)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var path in Directory.EnumerateFiles(folder, $"{prefix}.*.tmp{suffix}"))
        {
            var middle = Path.GetFileName(path)[(prefix.Length + 1)..^(".tmp".Length + suffix.Length)].Split('.');
            if (middle.Length >= 3 && string.Join('.', middle[..^2]) == Host && int.TryParse(middle[^2], out var pid) && middle[^1].Length == 32 && !IsRunning(pid))
                File.Delete(path);
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

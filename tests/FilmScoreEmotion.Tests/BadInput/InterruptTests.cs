using System.Diagnostics;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>`fse features` interrupted while it works on a 20-minute WAV: a signal it can catch leaves no temporary
/// (neither the half-written .npy nor the decoded audio in $TMPDIR), and what a SIGKILL leaves, the next run removes.</summary>
public sealed class InterruptTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public void ASignalLeavesNoTemporary(string signal, int exitCode)
    {
        using var s = new Scratch();
        var p = StartLongFeatures(s);
        Signal(p, signal);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "fse did not end on the signal");
        Assert.Equal(exitCode, p.ExitCode);
        AssertNoTemporaries(s);
        Assert.False(File.Exists(s["out/long.npy"]), "an interrupted run wrote its output");
    }

    [Fact]
    public void ARerunDeletesWhatAKilledRunLeft()
    {
        using var s = new Scratch();
        var p = StartLongFeatures(s);
        Signal(p, "KILL");
        p.WaitForExit();
        Assert.NotEmpty(Temporaries(s));

        // the same target from a short file of the same name: the rerun sweeps that target's orphans and $TMPDIR's
        var rerun = CliProcess.RunIn(s.Root, new Dictionary<string, string> { ["TMPDIR"] = s.Tmp }, TimeSpan.FromMinutes(3),
            "features", "--kind", "stft", "--input", s.Wav("short/long.wav", 3), "--output", s["out"], "--device", "cpu");
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        AssertNoTemporaries(s);
        Assert.True(File.Exists(s["out/long.npy"]));
    }

    /// <summary>Starts `fse features` on 20 minutes of audio and returns once its output's temporary exists: it is then
    /// decoding or computing, with temporaries in both places.</summary>
    static Process StartLongFeatures(Scratch s)
    {
        var input = s.Wav("in/long.wav", 20 * 60, 220);
        var p = CliProcess.Start(s.Root, new Dictionary<string, string> { ["TMPDIR"] = s.Tmp }, "features", "--kind", "cqt", "--input", s["in"], "--output", s["out"], "--device", "cpu");
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(s["out"]) && Directory.EnumerateFiles(s["out"], ".long.*").Any()) && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(p.HasExited, $"fse ended (exit {(p.HasExited ? p.ExitCode : 0)}) before it was interrupted");
            Thread.Sleep(50);
        }
        Assert.False(p.HasExited, "fse finished 20 minutes of audio before it could be interrupted");
        Assert.True(File.Exists(input));
        return p;
    }

    static void Signal(Process p, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>fse's temporaries; the runtime's own diagnostic pipes in $TMPDIR (clr-debug-pipe-*, dotnet-diagnostic-*)
    /// are the runtime's to remove, and a signal leaves them.</summary>
    static IEnumerable<string> Temporaries(Scratch s) =>
        Directory.EnumerateFiles(s.Tmp, "fse-*").Concat(Directory.Exists(s["out"]) ? Directory.EnumerateFiles(s["out"], ".*") : []);

    static void AssertNoTemporaries(Scratch s) => Assert.True(!Temporaries(s).Any(), string.Join(", ", Temporaries(s)));
}

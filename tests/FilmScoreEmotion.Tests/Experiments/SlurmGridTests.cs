using System.Diagnostics;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Experiments;

/// <summary>tests/slurm/slurm-grid-test.sh against a real one-node Slurm cluster it starts and stops itself: the smoke
/// grid as a job array equals a sequential local run, and resubmission after a cancelled task runs only what is
/// missing.</summary>
public class SlurmGridTests
{
    [SkippableFact]
    public async Task SmokeGridOnSlurmEqualsALocalRunAndResubmitsOnlyWhatIsMissing()
    {
        SystemTools.Require(SystemTools.Slurm, SystemTools.FluidSynth);
        var root = ReproduceScriptTests.RepoRoot();
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        psi.ArgumentList.Add(Path.Combine(root, "tests", "slurm", "slurm-grid-test.sh"));
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fse.dll"));
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, not a kill of the tree: the script's trap stops the Slurm daemons it started
            await Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExitAsync();
            await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.Fail($"slurm-grid-test.sh did not finish in 25 minutes:\n{await stdout}\n{await stderr}");
        }
        var output = await stdout;
        Assert.True(p.ExitCode == 0, $"slurm-grid-test.sh failed (exit {p.ExitCode}):\n{output}\n{await stderr}");
        Assert.Contains("PASS:", output);
    }
}

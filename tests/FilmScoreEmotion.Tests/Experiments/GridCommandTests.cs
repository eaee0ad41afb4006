using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Experiments;

/// <summary>A smoke grid planned once on a private copy of the smoke corpus's manifest (the audio is linked, the
/// feature cache is the repository's), so a test may change that manifest.</summary>
public sealed class PlannedSmokeGrid : IDisposable
{
    public string Root { get; } = ReproduceScriptTests.RepoRoot();
    public string Folder { get; } = Directory.CreateTempSubdirectory("fse-grid-cli-").FullName;
    public string Manifest => Path.Combine(Folder, "corpus", "manifest.csv");
    public string Grid => Path.Combine(Folder, "grid");

    public PlannedSmokeGrid()
    {
        var settings = ReproduceSettings.Load(Root, new Dictionary<string, string?>()) with { Profile = ProfileName.Smoke };
        var smoke = CorpusSetup.EnsureManifest(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(Manifest)!);
        File.Copy(smoke, Manifest);
        foreach (var source in Directory.GetDirectories(Path.GetDirectoryName(smoke)!))
            Directory.CreateSymbolicLink(Path.Combine(Folder, "corpus", Path.GetFileName(source)), source);
        var r = CliProcess.RunIn(Root, null, "grid", "plan", "--profile", "smoke", "--corpus", Manifest, "--output", Grid, "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
    }

    /// <summary>A fresh grid folder holding a copy of the plan.</summary>
    public string Copy()
    {
        var dir = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(GridDocument.PathIn(Grid), GridDocument.PathIn(dir));
        return dir;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public class GridCommandTests(PlannedSmokeGrid grid) : IClassFixture<PlannedSmokeGrid>
{
    CliProcess.Result Fse(params string[] args) => CliProcess.RunIn(grid.Root, null, args);

    static void AssertFails(CliProcess.Result r, params string[] says)
    {
        Assert.NotEqual(0, r.ExitCode);
        foreach (var text in says)
            Assert.Contains(text, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void PlanListsTheNotebooksGrid()
    {
        var document = GridDocument.Read(grid.Grid);
        Assert.Equal(ProfileName.Smoke, document.Profile);
        Assert.Equal(grid.Manifest, document.Manifest.Manifest);
        Assert.Equal(Enumerable.Range(0, document.Runs.Length), document.Runs.Select(r => r.Index));
        Assert.Equal(29, document.Runs.Length);
        Assert.Equal(document.Runs.Length, document.Runs.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void MissingPlanIsNamed()
    {
        var empty = Path.Combine(grid.Folder, "empty");
        AssertFails(Fse("grid", "run", empty, "--index", "0"), $"{GridDocument.PathIn(empty)}: no grid plan here", "fse grid plan");
    }

    [Fact]
    public void EditedPlanIsRefused()
    {
        var dir = grid.Copy();
        var path = GridDocument.PathIn(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Seed\": 0", "\"Seed\": 1"));
        AssertFails(Fse("grid", "run", dir, "--index", "0"), "grid.json was edited", $"re-plan with `fse grid plan --profile smoke --corpus {grid.Manifest} --output {dir}`");
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Fact]
    public void IndexOutOfRangeIsNamed()
    {
        AssertFails(Fse("grid", "run", grid.Grid, "--index", "29"), "index 29 is out of range: this grid has runs 0-28");
        AssertFails(CliProcess.RunIn(grid.Root, new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "-1" }, "grid", "run", grid.Grid, "--index-from-env", "SLURM_ARRAY_TASK_ID"), "index -1 is out of range");
        AssertFails(Fse("grid", "run", grid.Grid, "--index-from-env", "FSE_NO_SUCH_VARIABLE"), "FSE_NO_SUCH_VARIABLE is not set");
    }

    [Fact]
    public void RunDirectoryOfAnotherCorpusIsRefused()
    {
        var original = File.ReadAllText(grid.Manifest);
        try
        {
            File.WriteAllText(grid.Manifest, string.Join('\n', original.Split('\n').SkipLast(2)) + "\n");
            var dir = grid.Copy();
            AssertFails(Fse("grid", "run", dir, "--index", "0"), "this run directory was planned for another corpus/profile", "fse grid plan --profile smoke");
            Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
        }
        finally
        {
            File.WriteAllText(grid.Manifest, original);
        }
    }

    [Fact]
    public void SubmitWithoutSbatchWritesNothing()
    {
        var dir = grid.Copy();
        var noSlurm = Directory.CreateTempSubdirectory("fse-no-slurm-").FullName;
        try
        {
            var r = CliProcess.RunIn(grid.Root, new Dictionary<string, string> { ["PATH"] = noSlurm }, "grid", "slurm", dir, "--submit");
            AssertFails(r, "sbatch is not on PATH");
            Assert.False(Directory.Exists(SlurmScripts.Folder(dir)));
        }
        finally
        {
            Directory.Delete(noSlurm);
        }
    }

    [Fact]
    public void SlurmWritesAnArrayOverTheMissingRunsAndAMergeJob()
    {
        var dir = grid.Copy();
        var r = Fse("grid", "slurm", dir, "--max-parallel", "3");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var array = File.ReadAllLines(Path.Combine(SlurmScripts.Folder(dir), SlurmScripts.ArrayScript));
        Assert.Equal("#!/bin/bash", array[0]);
        Assert.Contains("#SBATCH --array=0-28%3", array);
        Assert.Contains("set -e", array);
        // the node runs this very build: an absolute dotnet host and fse.dll
        Assert.Contains(array, l => l.StartsWith("'/") && l.Contains($"'{Path.Combine(AppContext.BaseDirectory, "fse.dll")}' grid run '{dir}' --index-from-env SLURM_ARRAY_TASK_ID"));
        var merge = File.ReadAllLines(Path.Combine(SlurmScripts.Folder(dir), SlurmScripts.MergeScript));
        Assert.Contains(merge, l => l.EndsWith($" grid merge '{dir}'"));
        Assert.Contains("sbatch --parsable --dependency=afterok:$a", r.StdOut);
    }

    [Fact]
    public void MergeWithMissingRunsListsThemAndWritesNothing()
    {
        var dir = grid.Copy();
        var r = Fse("grid", "merge", dir);
        AssertFails(r, "29 of 29 runs are not finished; nothing was written", $"run 0 {GridDocument.Read(dir).Runs[0].Id}: missing", $"grid run '{dir}' --index 28", $"grid slurm '{dir}' --submit");
        foreach (var table in GridMerge.Tables)
            Assert.False(File.Exists(Path.Combine(dir, table)));
    }
}

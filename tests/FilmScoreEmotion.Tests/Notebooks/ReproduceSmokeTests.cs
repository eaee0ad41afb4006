using System.Text.Json.Nodes;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>CI runs every notebook end to end on the smoke profile, so no notebook can rot. The notebooks' set-up
/// references the Release build output by path (notebooks/references.csx), also inside fse's own kernel, and the test
/// runner's fse is a Debug build: so the Release build is made first, in the collection that serialises such builds.</summary>
[Collection(ReleaseBuildCollection.Name)]
public sealed class ReproduceSmokeTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-reproduce-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void SmokeProfileRunsEveryNotebookAndWritesTheResultsTable()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        var root = ReproduceScriptTests.RepoRoot();
        KernelRoutes.BuildRelease(root);
        var results = Path.Combine(dir, "results");
        var env = new Dictionary<string, string> { ["FSE_DATA"] = Path.Combine(dir, "data") };
        // two runs side by side, so the threaded path runs end to end in CI
        var r = CliProcess.RunIn(root, env, TimeSpan.FromMinutes(25), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results, "--parallel", "2");
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        // redirected output is a log: a few lines a stage with elapsed time, not one line per redraw of a bar
        var log = r.StdOut.Split('\n');
        Assert.InRange(log.Count(l => l.StartsWith("corpus:")), 1, 11);
        Assert.Contains(log, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^train \d+ runs: done in \d+:\d\d$"));

        var notebooks = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order().ToList();
        Assert.True(notebooks.Count >= 10);
        foreach (var name in notebooks)
        {
            var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "notebooks", name!)))!;
            var outputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToList();
            Assert.NotEmpty(outputs);
            Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        }
        var readme = File.ReadAllText(Path.Combine(results, "REPORT.md"));
        foreach (var figure in new[] { "Fig 1", "Fig 2", "Fig 4", "Fig 6", "Fig 7", "Fig 9", "Fig 10", "Fig 11", "Captions" })
            Assert.Contains($"| {figure} |", readme);
        foreach (var file in NotebookFigures.Html)
            Assert.True(File.Exists(Path.Combine(results, file + ".html")), file);
        // the caption model: on the smoke profile one network, which learnt from both renderings of the corpus
        var members = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "models", "cnn4-cqt.json")))!["Members"]!.AsArray();
        Assert.Equal(["synthetic corpus, smoke size, soundfont and additive renderings"], members.Select(m => (string)m!["Corpus"]!).ToArray());
        Assert.Empty(Directory.EnumerateFiles(results, "*.tmp", SearchOption.AllDirectories));

        var again = CliProcess.RunIn(root, env, TimeSpan.FromMinutes(25), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results, "--only", "04");
        Assert.True(again.ExitCode == 0, again.StdErr);

        var readmeBefore = File.GetLastWriteTimeUtc(Path.Combine(results, "REPORT.md"));
        var tooMany = CliProcess.RunIn(root, env, TimeSpan.FromMinutes(25), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results, "--parallel", "2");
        Assert.Equal(1, tooMany.ExitCode);
        Assert.Contains("error: --parallel 2 is more than the 0 runs left to train", tooMany.StdErr);
        Assert.Equal(readmeBefore, File.GetLastWriteTimeUtc(Path.Combine(results, "REPORT.md")));
    }

    [Theory]
    [InlineData("--parallel", "0", "error: --parallel must be at least 1, got 0")]
    [InlineData("--precision", "fp16", "error: unknown precision 'fp16': use fp32, tf32, bf16")]
    [InlineData("--caption-seed", "-1", "error: --caption-seed must be from 0 to 1000000, got -1")]
    [InlineData("--caption-seed", "2147483647", "error: --caption-seed must be from 0 to 1000000, got 2147483647")]
    public void BadSideBySideSettingsStopBeforeAnything(string option, string value, string expected)
    {
        var results = Path.Combine(dir, "results");
        var r = CliProcess.RunIn(ReproduceScriptTests.RepoRoot(), null, TimeSpan.FromMinutes(2), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results, option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(expected, r.StdErr.Trim());
        Assert.False(Directory.Exists(results), "nothing written");
    }
}

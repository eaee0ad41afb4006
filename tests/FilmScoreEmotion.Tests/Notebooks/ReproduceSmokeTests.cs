using System.Text.Json.Nodes;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>CI runs every notebook end to end on the smoke profile, so no notebook can rot.</summary>
public sealed class ReproduceSmokeTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-reproduce-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void SmokeProfileRunsEveryNotebookAndWritesTheResultsTable()
    {
        var root = ReproduceScriptTests.RepoRoot();
        var results = Path.Combine(dir, "results");
        var env = new Dictionary<string, string> { ["FSE_DATA"] = Path.Combine(dir, "data") };
        var r = CliProcess.RunIn(root, env, TimeSpan.FromMinutes(25), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);

        var notebooks = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order().ToList();
        Assert.True(notebooks.Count >= 10);
        foreach (var name in notebooks)
        {
            var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "notebooks", name!)))!;
            var outputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToList();
            Assert.NotEmpty(outputs);
            Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        }
        var readme = File.ReadAllText(Path.Combine(results, "README.md"));
        foreach (var figure in new[] { "Fig 1", "Fig 2", "Fig 4", "Fig 6", "Fig 7", "Fig 9", "Fig 10", "Fig 11", "Captions" })
            Assert.Contains($"| {figure} |", readme);
        foreach (var file in new[] { "fig01-emotion-space", "fig02-basic-cnn", "fig04-basic-cnn-accuracy", "fig05-basic-cnn-f1", "fig06-cnn4-accuracy", "fig07-box", "fig09-models-accuracy", "fig10-confusion", "fig11-human-recognition-segment-kfold", "fig-captions-timeline" })
            Assert.True(File.Exists(Path.Combine(results, file + ".html")), file);
        Assert.True(File.Exists(Path.Combine(results, "models", "cnn4-cqt.json")));
        Assert.Empty(Directory.EnumerateFiles(results, "*.tmp", SearchOption.AllDirectories));

        var again = CliProcess.RunIn(root, env, TimeSpan.FromMinutes(25), "reproduce", "--profile", "smoke", "--device", "cpu", "--results", results, "--only", "04");
        Assert.True(again.ExitCode == 0, again.StdErr);
    }
}

using System.Text.Json.Nodes;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>A notebook in the real .NET Interactive kernel (the pinned `dotnet repl`), not the headless runner: its
/// set-up (notebooks/setup.csx, references.csx) must load TorchSharp's patched glue, Deedle and Plotly.NET from the
/// Release build output, which the kernel knows nothing of.</summary>
[Collection(ReleaseBuildCollection.Name)]
public class KernelNotebookTests
{
    [SkippableFact]
    public void ArchitecturesNotebookRunsInTheKernelWithoutAnError()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        var root = ReproduceScriptTests.RepoRoot();
        var build = SystemTools.Dotnet(root, TimeSpan.FromMinutes(10), "build", "-c", "Release", "lib/FilmScoreEmotion.Cli");
        Assert.True(build.ExitCode == 0, build.StdOut + build.StdErr);
        var scratch = Directory.CreateTempSubdirectory("fse-kernel-");
        try
        {
            var executed = Path.Combine(scratch.FullName, "03-architectures.ipynb");
            var results = Path.Combine(scratch.FullName, "results");
            var environment = new Dictionary<string, string>
            {
                ["FSE_PROFILE"] = "smoke",
                ["FSE_CORPUS"] = Path.Combine(root, "data", "synthetic-smoke", "manifest.csv"),
                ["FSE_RESULTS"] = results,
                ["FSE_DATA"] = Path.Combine(scratch.FullName, "data"),
            };
            // The kernel resolves `#load "setup.csx"` against its working folder, so it starts in notebooks/.
            var run = SystemTools.Dotnet(
                Path.Combine(root, "notebooks"),
                environment,
                TimeSpan.FromMinutes(10),
                "repl",
                "--run",
                "03-architectures.ipynb",
                "--exit-after-run",
                "--output-path",
                executed
            );
            var errors = ((JsonNode.Parse(File.ReadAllText(executed))?["cells"] as JsonArray) ?? [])
                .SelectMany(cell => (cell?["outputs"] as JsonArray) ?? [])
                .Where(output => (string?)output?["output_type"] == "error")
                .Select(output => $"{output?["ename"]}: {output?["evalue"]}")
                .ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.Equal(0, run.ExitCode);
            Assert.True(File.Exists(Path.Combine(results, "fig02-03-architectures.csv")));
            Assert.True(File.Exists(Path.Combine(results, "fig02-basic-cnn.html")), "Plotly.NET drew no chart");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}

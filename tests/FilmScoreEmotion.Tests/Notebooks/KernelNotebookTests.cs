using System.Text.Json.Nodes;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>Every notebook in the real .NET Interactive kernel (the pinned `dotnet repl`, and Jupyter's client with the
/// `.net-csharp` kernel), not only the headless runner: their set-up (notebooks/setup.csx, references.csx) must load
/// TorchSharp's patched glue, Deedle and Plotly.NET from the Release build output, which the kernel knows nothing of.
/// The routes share one smoke results folder, so the runs the first route trains are reused by the second.</summary>
[Collection(ReleaseBuildCollection.Name)]
public sealed class KernelNotebookTests(KernelNotebookTests.SmokeFolder smoke) : IClassFixture<KernelNotebookTests.SmokeFolder>
{
    public sealed class SmokeFolder : IDisposable
    {
        bool built;

        public string Root { get; } = ReproduceScriptTests.RepoRoot();

        public string Scratch { get; } = Directory.CreateTempSubdirectory("fse-kernel-").FullName;

        public Dictionary<string, string> Environment => KernelRoutes.SmokeEnvironment(Root, Scratch);

        public string Results => Environment["FSE_RESULTS"];

        public void Build()
        {
            if (!built)
                KernelRoutes.BuildRelease(Root);
            built = true;
        }

        public void Dispose() => Directory.Delete(Scratch, recursive: true);
    }

    IReadOnlyList<string> Notebooks => Directory.GetFiles(Path.Combine(smoke.Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs every notebook in order through one route and asserts each exits 0 with no error output, and that
    /// the figures are written anew (the earlier route's are removed first; trained runs and models are kept).</summary>
    void RunEvery(string route, Func<string, string, CliProcess.Result> run)
    {
        Assert.True(Notebooks.Count >= 10);
        if (Directory.Exists(smoke.Results))
            foreach (var figure in Directory.GetFiles(smoke.Results, "fig*"))
                File.Delete(figure);
        var executedFolder = Directory.CreateDirectory(Path.Combine(smoke.Scratch, route)).FullName;
        var failures = new List<string>();
        foreach (var notebook in Notebooks)
        {
            var executed = Path.Combine(executedFolder, Path.GetFileName(notebook));
            var result = run(notebook, executed);
            var errors = File.Exists(executed) ? KernelRoutes.Errors(executed) : ["no executed notebook written"];
            if (result.ExitCode != 0 || errors.Count > 0)
                failures.Add($"{Path.GetFileName(notebook)} (exit {result.ExitCode}): {string.Join("; ", errors)}\n{result.StdErr}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        foreach (var figure in NotebookFigures.Html)
            Assert.True(File.Exists(Path.Combine(smoke.Results, figure + ".html")), $"{route}: {figure}.html not written");
        Assert.True(File.Exists(Path.Combine(smoke.Results, "fig02-03-architectures.csv")));
    }

    /// <summary>From the repository root, not notebooks/: the first cell moves the kernel to the notebook's folder
    /// before `#load "setup.csx"` is resolved against it.</summary>
    [SkippableFact]
    public void EveryNotebookRunsInDotnetReplStartedFromTheRepositoryRoot()
    {
        smoke.Build();
        RunEvery("repl", (notebook, executed) => KernelRoutes.Repl(smoke.Root, notebook, executed, smoke.Environment));
    }

    [SkippableFact]
    public void EveryNotebookRunsInJupyter()
    {
        KernelRoutes.RequireJupyterKernel();
        smoke.Build();
        RunEvery("jupyter", (notebook, executed) => KernelRoutes.Jupyter(notebook, executed, smoke.Environment));
    }

    /// <summary>A reviewer's new cell at the end of a notebook sees the notebook's variables in every route. The copy
    /// lives in a folder laid out as the repository (its notebooks/ beside a link to the build), so the repository's
    /// own notebooks folder never holds a stray notebook.</summary>
    [SkippableFact]
    public void ACellAddedToANotebookRunsInAllThreeRoutes()
    {
        KernelRoutes.RequireJupyterKernel();
        smoke.Build();
        var copy = Directory.CreateDirectory(Path.Combine(smoke.Scratch, "copy")).FullName;
        var notebook = KernelRoutes.RepositoryCopy(smoke.Root, copy, "03-architectures.ipynb", linkBuild: true, "settings.json");
        var document = JsonNode.Parse(File.ReadAllText(notebook))!;
        document["cells"]!.AsArray().Add(
            new JsonObject
            {
                ["cell_type"] = "code",
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["source"] = new JsonArray("$\"{summaries.Count} models\""),
                ["execution_count"] = null,
                ["outputs"] = new JsonArray(),
            }
        );
        File.WriteAllText(notebook, document.ToJsonString());
        var expected = $"{ModelCatalog.All.Count} models";

        var headless = CliProcess.RunIn(copy, smoke.Environment, "notebook", "run", notebook, "--output", Path.Combine(copy, "headless"));
        Assert.True(headless.ExitCode == 0, headless.StdErr);
        var repl = KernelRoutes.Repl(copy, notebook, Path.Combine(copy, "repl.ipynb"), smoke.Environment);
        Assert.True(repl.ExitCode == 0, repl.StdErr);
        var jupyter = KernelRoutes.Jupyter(notebook, Path.Combine(copy, "jupyter.ipynb"), smoke.Environment);
        Assert.True(jupyter.ExitCode == 0, jupyter.StdErr);
        foreach (var executed in new[] { Path.Combine(copy, "headless", "03-architectures.ipynb"), Path.Combine(copy, "repl.ipynb"), Path.Combine(copy, "jupyter.ipynb") })
        {
            Assert.Empty(KernelRoutes.Errors(executed));
            Assert.Contains(expected, KernelRoutes.Text(KernelRoutes.Cells(executed)[^1]));
        }
    }
}

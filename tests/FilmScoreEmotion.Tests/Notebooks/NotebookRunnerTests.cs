using System.Text.Json.Nodes;
using FilmScoreEmotion.Notebooks;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

public sealed class NotebookRunnerTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-nb-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A notebook as Polyglot Notebooks writes one: nbformat 4.5, .NET (C#) kernelspec, cells marked csharp.</summary>
    internal static string Write(string folder, string name, params (string Kind, string Source)[] cells)
    {
        var json = new JsonObject
        {
            ["cells"] = new JsonArray(
                cells
                    .Select(c => (JsonNode)new JsonObject
                    {
                        ["cell_type"] = c.Kind,
                        ["metadata"] = c.Kind == "code" ? new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } } : new JsonObject(),
                        ["source"] = new JsonArray(c.Source.Split('\n').Select(l => (JsonNode)JsonValue.Create(l + "\n")).ToArray()),
                        ["outputs"] = c.Kind == "code" ? new JsonArray() : null,
                        ["execution_count"] = null,
                    })
                    .ToArray()
            ),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        foreach (var cell in json["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] != "code").ToList())
        {
            cell.Remove("outputs");
            cell.Remove("execution_count");
        }
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    static JsonArray Outputs(string executed, int cellIndex) =>
        JsonNode.Parse(File.ReadAllText(executed))!["cells"]![cellIndex - 1]!["outputs"]!.AsArray();

    static string Html(JsonNode output) => string.Concat(output["data"]!["text/html"]!.AsArray().Select(l => (string?)l));

    [Fact]
    public void CellsShareStateAndOutputsAreRecorded()
    {
        var nb = Write(
            dir,
            "01-state.ipynb",
            ("markdown", "# Title"),
            ("code", "using System.Globalization;\nvar xs = new[] { 1.0, 2.0, 3.0, 10.0 };"),
            ("code", "Console.WriteLine($\"median {xs.Order().Skip(1).Take(2).Average().ToString(CultureInfo.InvariantCulture)}\");\ndisplay(HTML(\"<b>bold</b>\"));\nxs.Length * 2")
        );
        var run = NotebookRunner.Run(nb, Path.Combine(dir, "out"));
        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(2, run.CodeCells);
        var outputs = Outputs(run.ExecutedPath, 3);
        Assert.Equal("stream", (string?)outputs[0]!["output_type"]);
        Assert.Contains("median 2.5", outputs[0]!["text"]!.ToJsonString());
        Assert.Equal("display_data", (string?)outputs[1]!["output_type"]);
        Assert.Contains("<b>bold</b>", Html(outputs[1]!));
        Assert.Equal("execute_result", (string?)outputs[2]!["output_type"]);
        // as the kernel shows a number in Polyglot Notebooks and dotnet repl: HTML only
        Assert.Contains("<pre>8</pre>", Html(outputs[2]!));
    }

    /// <summary>A library by absolute path, as references.csx names the build output; the assembly this process
    /// already holds is the one the cell gets.</summary>
    [Fact]
    public void ALibraryReferencedByPathIsUsable()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "FilmScoreEmotion.dll");
        var nb = Write(dir, "02-lib.ipynb", ("code", $"#r \"{library}\"\nusing FilmScoreEmotion.Runtime;\nDeviceChoice.Parse(\"cpu\").ToString()"));
        var run = NotebookRunner.Run(nb, Path.Combine(dir, "out"));
        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Contains("Cpu", Outputs(run.ExecutedPath, 1)[0]!["data"]!["text/plain"]!.ToJsonString());
    }

    /// <summary>`#load "setup.csx"` (every notebook's first cell) resolves beside the notebook, as in the kernel run
    /// from notebooks/, also when `fse notebook run` is given the notebook by a relative path.</summary>
    [Fact]
    public void ALoadedScriptResolvesBesideTheNotebookNamedByARelativePath()
    {
        File.WriteAllText(Path.Combine(dir, "helper.csx"), "var fromHelper = 7;\n");
        Write(dir, "08-load.ipynb", ("code", "#load \"helper.csx\""), ("code", "Console.WriteLine(fromHelper * 6);"));
        var parent = Path.GetDirectoryName(dir)!;
        var r = CliProcess.RunIn(parent, null, "notebook", "run", Path.Combine(Path.GetFileName(dir), "08-load.ipynb"), "--output", Path.Combine(dir, "cli"));
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("42", File.ReadAllText(Path.Combine(dir, "cli", "08-load.ipynb")));
    }

    [Fact]
    public void AFailingCellStopsTheRunNamingNotebookCellAndError()
    {
        var nb = Write(dir, "03-fail.ipynb", ("code", "var a = 1;"), ("markdown", "text"), ("code", "throw new InvalidOperationException(\"boom\");"), ("code", "var never = 2;"));
        var run = NotebookRunner.Run(nb, Path.Combine(dir, "out"));
        Assert.False(run.Succeeded);
        Assert.Equal(3, run.Failure!.Cell);
        Assert.Contains("boom", run.Failure.Message);
        Assert.Contains("03-fail.ipynb, cell 3", run.Failure.ToString());
        Assert.Equal("error", (string?)Outputs(run.ExecutedPath, 3)[0]!["output_type"]);
        Assert.Empty(Outputs(run.ExecutedPath, 4));
    }

    [Fact]
    public void CompileErrorsAreClear()
    {
        var bad = Write(dir, "04-compile.ipynb", ("code", "int x = \"text\";"));
        var run = NotebookRunner.Run(bad, Path.Combine(dir, "out"));
        Assert.Contains("CS0029", run.Failure!.Message);
        Assert.Contains("04-compile.ipynb, cell 1", run.Failure.ToString());
    }

    [Fact]
    public void CliRunsNotebooksAndFailsWithNotebookAndCell()
    {
        var ok = Write(dir, "06-ok.ipynb", ("code", "Console.WriteLine(40 + 2);"));
        var bad = Write(dir, "07-bad.ipynb", ("code", "var y = 1;"), ("code", "undefinedName.Foo();"));
        var r = CliProcess.Run("notebook", "run", ok, bad, "--output", Path.Combine(dir, "cli"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ran 06-ok.ipynb", r.StdOut);
        Assert.Contains("07-bad.ipynb, cell 2", r.StdErr);
        Assert.Contains("CS0103", r.StdErr);
        Assert.Contains("42", File.ReadAllText(Path.Combine(dir, "cli", "06-ok.ipynb")));
        var missing = CliProcess.Run("notebook", "run", Path.Combine(dir, "nope.ipynb"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.ipynb: notebook not found", missing.StdErr);
    }
}

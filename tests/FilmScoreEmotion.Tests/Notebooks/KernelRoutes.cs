using System.Text.Json.Nodes;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>The two ways a reviewer runs a notebook in the real .NET Interactive kernel without VS Code: the pinned
/// `dotnet repl`, and Jupyter's own client (nbclient) with the `.net-csharp` kernel that the pinned
/// `dotnet-interactive` registers.</summary>
public static class KernelRoutes
{
    public static readonly SystemTools.Tool JupyterClient = new("Jupyter", ["jupyter", "jupyter-execute"], "python3-nbclient jupyter-client python3-ipykernel");

    /// <summary>`jupyter execute` (nbclient 0.7 in Debian 12) runs a notebook but writes nothing back, so the tests drive
    /// the same NotebookClient it drives, with the same kernel and working folder (the notebook's), and save the
    /// executed notebook, written even when a cell fails (that run stops at the failing cell, as `jupyter execute`
    /// does).</summary>
    const string ExecuteAndSave = """
        import pathlib, sys
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        source, target = sys.argv[1], sys.argv[2]
        notebook = nbformat.read(source, as_version=4)
        client = NotebookClient(notebook, kernel_name=".net-csharp", timeout=900, startup_timeout=120,
                                resources={"metadata": {"path": str(pathlib.Path(source).parent.absolute())}})
        status = 0
        try:
            client.execute()
        except CellExecutionError as error:
            print(error, file=sys.stderr)
            status = 1
        nbformat.write(notebook, target)
        sys.exit(status)
        """;

    /// <summary>The smoke profile on the checked-in tiny corpus, results and data under <paramref name="scratch"/>.</summary>
    public static Dictionary<string, string> SmokeEnvironment(string root, string scratch) =>
        new()
        {
            ["FSE_PROFILE"] = "smoke",
            ["FSE_CORPUS"] = Path.Combine(root, "data", "synthetic-smoke", "manifest.csv"),
            ["FSE_RESULTS"] = Path.Combine(scratch, "results"),
            ["FSE_DATA"] = Path.Combine(scratch, "data"),
        };

    /// <summary>A folder laid out as the repository for one notebook copied from it: the solution file (which marks the
    /// root), the tool manifest (which `dotnet repl` and the Jupyter kernel start from), notebooks/ with the notebook's
    /// set-up and the <paramref name="settings"/> files named, and lib/ as a link to the repository's build when
    /// <paramref name="linkBuild"/>. Returns the copied notebook's path; the caller deletes the folder (the link alone
    /// goes with it, never what it points to).</summary>
    public static string RepositoryCopy(string root, string folder, string notebook, bool linkBuild, params string[] settings)
    {
        foreach (var file in new[] { "Experiments.sln", "dotnet-tools.json" })
            File.Copy(Path.Combine(root, file), Path.Combine(folder, file));
        if (linkBuild)
            Directory.CreateSymbolicLink(Path.Combine(folder, "lib"), Path.Combine(root, "lib"));
        var notebooks = Directory.CreateDirectory(Path.Combine(folder, "notebooks")).FullName;
        foreach (var file in settings.Prepend("references.csx").Prepend("setup.csx").Append(notebook))
            File.Copy(Path.Combine(root, "notebooks", file), Path.Combine(notebooks, file));
        return Path.Combine(notebooks, notebook);
    }

    /// <summary>The notebooks' first cell references the Release build output; built once here.</summary>
    public static void BuildRelease(string root)
    {
        var build = SystemTools.Dotnet(root, TimeSpan.FromMinutes(10), "build", "-c", "Release", "lib/FilmScoreEmotion.Cli");
        Assert.True(build.ExitCode == 0, build.StdOut + build.StdErr);
    }

    /// <summary>`dotnet repl --run NOTEBOOK` started in <paramref name="directory"/>, the notebook named relative to it.</summary>
    public static CliProcess.Result Repl(string directory, string notebook, string executed, IReadOnlyDictionary<string, string> environment) =>
        SystemTools.Dotnet(
            directory,
            environment,
            TimeSpan.FromMinutes(15),
            "repl",
            "--run",
            Path.GetRelativePath(directory, notebook),
            "--exit-after-run",
            "--output-path",
            executed
        );

    /// <summary>Skipped (failed under CI=true) without Jupyter's client or without the `.net-csharp` kernel registered.</summary>
    public static void RequireJupyterKernel()
    {
        SystemTools.Require(JupyterClient);
        var list = Run("jupyter", ["kernelspec", "list"], Environment.CurrentDirectory, new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        if (list.StdOut.Contains(".net-csharp", StringComparison.Ordinal))
            return;
        const string reason = "the .net-csharp Jupyter kernel is not registered: dotnet tool run dotnet-interactive -- jupyter install (.ci/run runs it)";
        Assert.False(SystemTools.InCi, reason + "; CI=true, so this test must run");
        Skip.If(true, reason);
    }

    public static CliProcess.Result Jupyter(string notebook, string executed, IReadOnlyDictionary<string, string> environment)
    {
        // the interpreter `jupyter execute` itself runs on, which is the one that has nbclient
        var launcher = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':')
            .Select(d => Path.Combine(d, "jupyter-execute"))
            .First(File.Exists);
        var shebang = File.ReadLines(launcher).First().TrimStart('#', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Run(shebang[0], [.. shebang[1..], "-c", ExecuteAndSave, notebook, executed], CliProcess.StableDirectory, environment, TimeSpan.FromMinutes(15));
    }

    /// <summary>Every error output of an executed notebook, as "cell N: name: message".</summary>
    public static IReadOnlyList<string> Errors(string executed) =>
        Cells(executed)
            .SelectMany((cell, i) => Outputs(cell).Where(o => (string?)o["output_type"] == "error").Select(o => $"cell {i + 1}: {o["ename"]}: {o["evalue"]}"))
            .ToList();

    public static IReadOnlyList<JsonObject> Cells(string executed) =>
        ((JsonNode.Parse(File.ReadAllText(executed))?["cells"] as JsonArray) ?? []).Select(c => c!.AsObject()).ToList();

    public static IReadOnlyList<JsonObject> Outputs(JsonObject cell) => ((cell["outputs"] as JsonArray) ?? []).Select(o => o!.AsObject()).ToList();

    /// <summary>The text of a cell's outputs (streams, and every mime type of displayed values), lines joined.</summary>
    public static string Text(JsonObject cell) =>
        string.Join(
            "\n",
            Outputs(cell)
                .SelectMany(o => o["data"] is JsonObject data ? data.Select(kv => kv.Value) : [o["text"]])
                .Select(v => v is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : v?.ToString() ?? "")
        );

    // pydevd's warning about frozen modules, printed by every Python 3.11 kernel client, says nothing here
    static CliProcess.Result Run(string program, IEnumerable<string> args, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        SystemTools.Run(program, args, directory, new Dictionary<string, string>(environment) { ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1" }, timeout);
}

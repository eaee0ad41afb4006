using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>What a reviewer gets wrong before a notebook can run: each is one line on stderr naming the notebook (and
/// the cell), exit 1 from the headless commands, and no executed notebook half written. The notebooks run from a
/// copy laid out as the repository, so the repository's own build and settings stay untouched.</summary>
[Collection(ReleaseBuildCollection.Name)]
public sealed class NotebookBadInputTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-nb-bad-").FullName;
    readonly string root = ReproduceScriptTests.RepoRoot();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Output => Path.Combine(dir, "executed");

    CliProcess.Result RunHeadless(string notebook) =>
        CliProcess.RunIn(dir, new Dictionary<string, string> { ["FSE_DATA"] = Path.Combine(dir, "data") }, "notebook", "run", notebook, "--output", Output);

    static string OneLine(CliProcess.Result r)
    {
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.StdErr);
        return lines[0];
    }

    void NothingHalfWritten() => Assert.Empty(Directory.Exists(Output) ? Directory.EnumerateFiles(Output, "*.tmp*", SearchOption.AllDirectories) : []);

    /// <summary>The set-up cell checks for the Release build the next cell references, in the headless runner too.</summary>
    [Fact]
    public void ALibraryNotBuiltIsNamedWithTheCommandToRun()
    {
        var notebook = KernelRoutes.RepositoryCopy(root, dir, "03-architectures.ipynb", linkBuild: false, "settings.json");
        var r = RunHeadless(notebook);
        Assert.Equal(1, r.ExitCode);
        var line = OneLine(r);
        Assert.StartsWith("error: 03-architectures.ipynb, cell 3: ", line);
        Assert.Contains("the library is not built: run `dotnet build -c Release`", line);
        NothingHalfWritten();
        Assert.Equal("error", (string?)KernelRoutes.Outputs(KernelRoutes.Cells(Path.Combine(Output, "03-architectures.ipynb"))[2])[0]["output_type"]);
    }

    [Fact]
    public void ANotebookThatIsNotJsonIsNamedAndNothingIsWritten()
    {
        var notebook = Path.Combine(dir, "05-broken.ipynb");
        File.WriteAllText(notebook, "{ \"cells\": [ { \"cell_type\": \"code\", ");
        var r = RunHeadless(notebook);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"error: {notebook}: not a notebook (", OneLine(r));
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any(), "nothing written");
    }

    [Fact]
    public void AMissingSettingsFileStopsTheNotebookAtTheCellThatReadsIt()
    {
        var notebook = KernelRoutes.RepositoryCopy(root, dir, "03-architectures.ipynb", linkBuild: true);
        var r = RunHeadless(notebook);
        Assert.Equal(1, r.ExitCode);
        var line = OneLine(r);
        Assert.StartsWith("error: 03-architectures.ipynb, cell 4: ", line);
        Assert.Contains("settings.json: settings file not found (restore it: git checkout notebooks/settings.json)", line);
        NothingHalfWritten();
        var reproduce = CliProcess.RunIn(dir, null, "reproduce", "--results", Path.Combine(dir, "results"));
        Assert.Equal(1, reproduce.ExitCode);
        Assert.Contains("settings.json: settings file not found", OneLine(reproduce));
        Assert.False(Directory.Exists(Path.Combine(dir, "results")), "nothing written");
    }

    [Fact]
    public void AnUnknownProfileInTheSettingsFileIsNamed()
    {
        var notebook = KernelRoutes.RepositoryCopy(root, dir, "03-architectures.ipynb", linkBuild: true);
        File.WriteAllText(Path.Combine(dir, "notebooks", "settings.json"), "{ \"profile\": \"huge\" }\n");
        var r = RunHeadless(notebook);
        Assert.Equal(1, r.ExitCode);
        var line = OneLine(r);
        Assert.StartsWith("error: 03-architectures.ipynb, cell 4: ", line);
        Assert.Contains("unknown profile 'huge'", line);
        NothingHalfWritten();
    }
}

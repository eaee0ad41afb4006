using System.Management.Automation.Language;

namespace FilmScoreEmotion.Tests.Foundation;

[Collection(ReleaseBuildCollection.Name)]
public class ReproduceScriptTests
{
    internal static string RepoRoot() => global::FilmScoreEmotion.Experiments.ReproduceSettings.FindRepositoryRoot(AppContext.BaseDirectory);

    [Fact]
    public void ReproduceScriptParsesAndCallsTheCli()
    {
        var path = Path.Combine(RepoRoot(), "reproduce.ps1");
        var ast = Parser.ParseFile(path, out var tokens, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        var text = ast.Extent.Text;
        Assert.Contains("lib/FilmScoreEmotion.Cli", text);
        Assert.Contains("reproduce", text);
    }

    /// <summary>`dotnet pwsh reproduce.ps1`, as the README says, through the PowerShell pinned in dotnet-tools.json:
    /// the script passes its arguments to `fse reproduce`, which refuses a bad profile before doing anything.</summary>
    [SkippableFact]
    public void ReproduceScriptRunsThroughThePinnedPowerShell()
    {
        var result = SystemTools.Dotnet(RepoRoot(), TimeSpan.FromMinutes(10), "pwsh", "-NoProfile", "-File", "reproduce.ps1", "--profile", "nosuch");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: unknown profile 'nosuch'", result.StdErr + result.StdOut);
    }

    [Fact]
    public void TheParserDoesReportErrors()
    {
        Parser.ParseInput("param([string] $x = ", out _, out var errors);
        Assert.NotEmpty(errors);
    }
}

using System.Management.Automation.Language;

namespace FilmScoreEmotion.Tests.Foundation;

public class ReproduceScriptTests
{
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Experiments.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Experiments.sln not found above " + AppContext.BaseDirectory);
    }

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

    [Fact]
    public void TheParserDoesReportErrors()
    {
        Parser.ParseInput("param([string] $x = ", out _, out var errors);
        Assert.NotEmpty(errors);
    }
}

using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Corpus;

public class CorpusCliTests
{
    [Fact]
    public void Import_of_folders_writes_a_manifest_that_describe_counts()
    {
        using var dir = new TempDir();
        dir.Wav("mine/happy/a.wav", 5);
        dir.Wav("mine/sad/b.wav", 4.5);
        dir.Wav("mine/tender/c.wav", 7);
        var output = dir.Combine("real/manifest.csv");
        var import = CliProcess.Run(
            "corpus",
            "import",
            "--folders",
            dir.Combine("mine"),
            "--output",
            output
        );
        Assert.True(import.ExitCode == 0, import.StdErr);
        Assert.Contains("3 excerpts, 7 two-second segments", import.StdOut);
        Assert.Equal(3, Manifest.Read(output).Entries.Length);

        var describe = CliProcess.Run("corpus", "describe", output);
        Assert.Equal(0, describe.ExitCode);
        Assert.Matches(@"mine\s*│\s*peacefulness\s*│\s*1\s*│\s*7\.0", describe.StdOut);
        Assert.Matches(@"all\s*│\s*all\s*│\s*3\s*│.*│\s*16\.5\s*│\s*7\s*│", describe.StdOut);
    }

    [Fact]
    public void Import_with_problems_exits_non_zero_lists_them_all_and_writes_nothing()
    {
        using var dir = new TempDir();
        dir.Wav("mine/happy/a.wav", 5);
        dir.Wav("mine/bored/b.wav", 5);
        dir.Wav("mine/loose.wav", 5);
        var output = dir.Combine("real/manifest.csv");
        var r = CliProcess.Run(
            "corpus",
            "import",
            "--folders",
            dir.Combine("mine"),
            "--film-music",
            dir.Combine("nowhere"),
            "--output",
            output
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("3 problem(s), no manifest written", r.StdErr);
        Assert.Contains("unknown emotion label 'bored'", r.StdErr);
        Assert.Contains("outside an emotion subfolder", r.StdErr);
        Assert.Contains("Film Music folder not found", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.False(Directory.Exists(dir.Combine("real")));
    }

    [Fact]
    public void Describe_of_a_missing_manifest_is_one_error_line()
    {
        var r = CliProcess.Run("corpus", "describe", "/nonexistent/manifest.csv");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: /nonexistent/manifest.csv: manifest not found", r.StdErr);
    }
}

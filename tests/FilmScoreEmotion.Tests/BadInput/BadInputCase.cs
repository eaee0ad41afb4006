using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>One row of the bad-input table.</summary>
/// <param name="Arrange">makes the bad input in a fresh scratch folder and gives fse's arguments</param>
/// <param name="Names">what the error line must contain: the file (or option) at fault and the fault</param>
public sealed record BadInputCase(string Name, Func<Scratch, string[]> Arrange, params string[] Names)
{
    /// <summary>What every refusal must be: exit code 1, one `error:` line naming the file and the fault in printable
    /// text, no stack trace and no help text, and the folder exactly as it was (no output, no temporary, no input
    /// changed).</summary>
    public void AssertRefused()
    {
        using var scratch = new Scratch();
        var args = Arrange(scratch);
        var before = Listing(scratch.Snapshot());
        var r = CliProcess.RunIn(scratch.Root, new Dictionary<string, string> { ["TMPDIR"] = scratch.Tmp }, TimeSpan.FromMinutes(3), args);
        var everything = r.StdErr + r.StdOut;
        Assert.True(r.ExitCode == 1, $"fse {string.Join(' ', args)}: exit {r.ExitCode}\n{everything}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (var name in Names)
            Assert.Contains(name, line);
        Assert.DoesNotContain(line, c => char.IsControl(c));
        Assert.DoesNotContain("   at ", everything);
        Assert.DoesNotContain("Exception", everything);
        Assert.DoesNotContain("System.", everything);
        Assert.Equal(before, Listing(scratch.Snapshot()));
    }

    static string Listing(IReadOnlyDictionary<string, string> files) =>
        string.Join('\n', files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));

    public override string ToString() => Name;
}

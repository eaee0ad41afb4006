using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Experiments;

public class ReproduceSettingsTests
{
    static readonly string Root = ReproduceScriptTests.RepoRoot();

    [Fact]
    public void CommittedSettingsSelectTheQuickProfileOnTheSyntheticCorpus()
    {
        var s = ReproduceSettings.Load(Path.Combine(Root, "notebooks"), new Dictionary<string, string?>());
        Assert.Equal(ProfileName.Converged, s.Profile);
        Assert.True(s.UsesSyntheticCorpus);
        Assert.Equal(DeviceRequest.Auto, s.Device);
        Assert.Equal(Path.Combine(Root, "results"), s.ResultsDirectory);
        Assert.Equal(0, s.CaptionSeed);
    }

    [Fact]
    public void EnvironmentOverridesTheFile()
    {
        var env = new Dictionary<string, string?> { ["FSE_PROFILE"] = "Smoke", ["FSE_DEVICE"] = "cpu", ["FSE_CORPUS"] = "data/real/manifest.csv" };
        var s = ReproduceSettings.Load(Root, env);
        Assert.Equal(ProfileName.Smoke, s.Profile);
        Assert.Equal(DeviceRequest.Cpu, s.Device);
        Assert.Equal(Path.Combine(Root, "data", "real", "manifest.csv"), s.Corpus);
        Assert.Equal(5, ReproduceSettings.Load(Root, new Dictionary<string, string?> { ["FSE_CAPTION_SEED"] = "5" }).CaptionSeed);
    }

    [Fact]
    public void BadValuesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => ReproduceSettings.Load(Root, new Dictionary<string, string?> { ["FSE_PROFILE"] = "huge" }));
        Assert.Contains("unknown profile 'huge'", e.Message);
        foreach (var seed in new[] { "-1", "five", "1.5", " 3", "1000001", "99999999999" })
        {
            var message = Assert.Throws<ArgumentException>(() => ReproduceSettings.Load(Root, new Dictionary<string, string?> { ["FSE_CAPTION_SEED"] = seed })).Message;
            Assert.Contains($"caption seed '{seed}' (from FSE_CAPTION_SEED or", message);
            Assert.EndsWith("is not a whole number from 0 to 1000000", message);
        }
        Assert.Equal(1_000_000, ReproduceSettings.Load(Root, new Dictionary<string, string?> { ["FSE_CAPTION_SEED"] = "1000000" }).CaptionSeed);
        Assert.Throws<DirectoryNotFoundException>(() => ReproduceSettings.Load(Path.GetTempPath(), new Dictionary<string, string?>()));
    }
}

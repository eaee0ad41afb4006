using FilmScoreEmotion.Spectra;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

public sealed class FeatureCacheTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"fse-cache-test-{Guid.NewGuid():N}");
    static readonly float[] Audio = Enumerable.Range(0, 32000).Select(n => (float)Math.Sin(n * 0.1)).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    string Key(SpectrogramConfig config, SpectrogramKind kind = SpectrogramKind.Mel, bool db = true, float[]? audio = null) =>
        FeatureCache.Key(FeatureCache.ContentHash(audio ?? Audio), kind, config, db);

    (Tensor Result, int Calls) Get(string key)
    {
        var calls = 0;
        var result = FeatureCache.GetOrCompute(dir, key, () =>
        {
            calls++;
            return Spectrogram.Compute(tensor(Audio).unsqueeze(0), SpectrogramKind.Mel, new SpectrogramConfig(), db: true)[0];
        });
        return (result, calls);
    }

    [Fact]
    public void SameInputsHitAndReturnTheStoredArray()
    {
        var key = Key(new SpectrogramConfig());
        var (first, firstCalls) = Get(key);
        var (second, secondCalls) = Get(key);
        Assert.Equal(1, firstCalls);
        Assert.Equal(0, secondCalls);
        Assert.Equal(new long[] { 128, 126 }, second.shape);
        Assert.True(first.allclose(second, 0, 0));
    }

    [Fact]
    public void EveryParameterKindDbFlagAndContentChangeTheKey()
    {
        var config = new SpectrogramConfig();
        var keys = new[]
        {
            Key(config),
            Key(config with { NMels = 64 }),
            Key(config with { HopLength = 128 }),
            Key(config with { FMin = 65.4 }),
            Key(config with { TopDb = 60 }),
            Key(config with { PadMode = PadMode.Reflect }),
            Key(config with { CqtAlgorithm = CqtAlgorithm.FullRate }),
            Key(config, SpectrogramKind.Cqt),
            Key(config, db: false),
            Key(config, audio: Audio.Select((v, i) => i == 1000 ? v + 1e-6f : v).ToArray()),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(Key(new SpectrogramConfig()), Key(config with { }));
    }

    [Fact]
    public void ChangedParameterRecomputes()
    {
        Get(Key(new SpectrogramConfig()));
        var (_, calls) = Get(Key(new SpectrogramConfig { NMels = 64 }));
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void DamagedEntryIsRecomputedAndRewritten(string damage)
    {
        var key = Key(new SpectrogramConfig());
        var (original, _) = Get(key);
        var path = FeatureCache.PathFor(dir, key);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(
            path,
            damage switch
            {
                "truncated" => bytes[..(bytes.Length / 2)],
                "flipped" => bytes.Select((b, i) => i == bytes.Length / 2 ? (byte)(b ^ 0x40) : b).ToArray(),
                "garbage" => "not a cache entry"u8.ToArray(),
                _ => Array.Empty<byte>(),
            });
        Assert.Null(FeatureCache.TryRead(path));
        var (again, calls) = Get(key);
        Assert.Equal(1, calls);
        Assert.True(original.allclose(again, 0, 0));
        Assert.NotNull(FeatureCache.TryRead(path));
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp"));
    }
}

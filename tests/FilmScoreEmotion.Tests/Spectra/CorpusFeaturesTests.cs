using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Spectra;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>The corpus loader decodes ahead of the transform and batches segments across excerpts on single-threaded
/// workers; the arrays stay the ones of decoding and transforming each excerpt in turn, bit for bit, cold and warm.</summary>
public sealed class CorpusFeaturesTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-corpus-features-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static float[] Clip(int samples, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, samples).Select(n => (float)(0.3 * Math.Sin(n * 0.01 * (seed + 1)) + 0.05 * (random.NextDouble() - 0.5)))];
    }

    string Manifest(params (string Id, string Emotion, float[] Samples, int Rate)[] excerpts)
    {
        var lines = new List<string> { "excerptId,source,emotion,path,durationSec,intensity,soundtrack" };
        foreach (var (id, emotion, samples, rate) in excerpts)
        {
            WavWriter.WritePcm16(Path.Combine(dir, id + ".wav"), samples, rate);
            lines.Add($"{id},s,{emotion},{id}.wav,{samples.Length / (double)rate:0.###},,");
        }
        var path = Path.Combine(dir, "manifest.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    // (segments, bins, frames): each excerpt decoded, cut and transformed alone, as the loader did before
    static Tensor OneAtATime(string manifest, string[] ids, SpectrogramKind kind = SpectrogramKind.Cqt) =>
        OneAtATime(ids.Select(id => Path.Combine(Path.GetDirectoryName(manifest)!, id + ".wav")), kind);

    static Tensor OneAtATime(IEnumerable<string> audioPaths, SpectrogramKind kind)
    {
        var parts = audioPaths.Select(path =>
        {
            var batch = Segments.Split(Decoder.Decode(path, 16000), CorpusFeatures.PaperSegments);
            using var signals = tensor(batch.Data, [batch.Count, batch.SegmentSamples]);
            return Spectrogram.Compute(signals, kind, new SpectrogramConfig(), db: true);
        }).ToList();
        return cat(parts, 0);
    }

    [Theory]
    [InlineData(SpectrogramKind.Cqt)]
    [InlineData(SpectrogramKind.Mel)]
    public void TheSmokeCorpusCachesTheOneAtATimeArraysBitForBit(SpectrogramKind kind)
    {
        var manifest = Path.Combine(Foundation.ReproduceScriptTests.RepoRoot(), "data", "synthetic-smoke", "manifest.csv");
        var paths = global::FilmScoreEmotion.Corpus.Manifest.Read(manifest).Entries.Select(e => global::FilmScoreEmotion.Corpus.Manifest.ResolvePath(manifest, e)).ToList();
        using var expected = OneAtATime(paths, kind);
        var cache = Path.Combine(dir, "cache");
        using var loaded = CorpusFeatures.Load(manifest, kind, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cache, CPU).X;
        Assert.Equal(expected.unsqueeze(1).shape, loaded.shape);
        Assert.Equal(expected.data<float>().ToArray(), loaded.data<float>().ToArray());
        // what a later run reads back is what was computed
        using var cached = CorpusFeatures.Load(manifest, kind, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cache, CPU).X;
        Assert.Equal(loaded.data<float>().ToArray(), cached.data<float>().ToArray());
    }

    [Fact]
    public void DecodingAheadKeepsTheArraysBitForBitColdAndWarm()
    {
        var manifest = Manifest(("a", "happiness", Clip(70000, 1), 16000), ("b", "sadness", Clip(100000, 2), 22050), ("c", "fear", Clip(40000, 3), 16000),
            ("d", "peacefulness", Clip(33000, 4), 16000), ("e", "happiness", Clip(90000, 5), 44100));
        var cache = Path.Combine(dir, "cache");
        using var expected = OneAtATime(manifest, ["a", "b", "c", "d", "e"]);
        var cold = CorpusFeatures.Load(manifest, SpectrogramKind.Cqt, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cache, CPU);
        var warm = CorpusFeatures.Load(manifest, SpectrogramKind.Cqt, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cache, CPU);
        Assert.Equal(expected.shape[0], cold.X.shape[0]);
        Assert.Equal(expected.unsqueeze(1).data<float>().ToArray(), cold.X.data<float>().ToArray());
        Assert.Equal(cold.X.data<float>().ToArray(), warm.X.data<float>().ToArray());
        Assert.Equal(cold.ExcerptIds, warm.ExcerptIds);
    }

    [Fact]
    public void AShortExcerptAfterGoodOnesIsNamed()
    {
        var manifest = Manifest(("a", "happiness", Clip(40000, 1), 16000), ("b", "sadness", Clip(40000, 2), 16000), ("short", "fear", Clip(20000, 3), 16000));
        var e = Assert.Throws<InvalidDataException>(() =>
            CorpusFeatures.Load(manifest, SpectrogramKind.Cqt, new SpectrogramConfig(), CorpusFeatures.PaperSegments, Path.Combine(dir, "cache"), CPU));
        Assert.Contains("short.wav: excerpt 'short'", e.Message);
    }
}

using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments;

public sealed record FeatureProgress(int Done, int Total, string ExcerptId);

/// <summary>A corpus as the models see it: every excerpt of a manifest decoded to 16 kHz mono, cut into whole
/// 2-second windows (the paper's 976 segments are whole windows), turned into a log spectrogram per segment
/// (dB, ref = that segment's maximum, top_db 80) and cached per excerpt in the feature cache.</summary>
public static class CorpusFeatures
{
    /// <summary>Whole windows only: a trailing part shorter than a segment is dropped, as the paper's count implies.</summary>
    public static readonly AudioConfig PaperSegments = new(MinFinalSeconds: 2.0);

    public static string CacheDirectory(ReproduceSettings settings) => Path.Combine(settings.DataDirectory, "cache", "features");

    /// <param name="groupBy">"soundtrack" keeps a film's excerpts together where the manifest names it; anything else
    /// groups by excerpt.</param>
    public static LabelledSegments Load(
        string manifestPath,
        SpectrogramKind kind,
        SpectrogramConfig spectrogram,
        AudioConfig audio,
        string cacheDirectory,
        Device device,
        IProgress<FeatureProgress>? progress = null,
        string groupBy = "excerpt"
    )
    {
        var manifest = Manifest.Read(manifestPath);
        var classNames = EmotionNames.All.Where(e => manifest.Entries.Any(x => x.Emotion == e)).Select(e => e.ToName()).ToArray();
        var parts = new List<Tensor>();
        var labels = new List<int>();
        var excerpts = new List<string>();
        var groups = new List<string>();
        int done = 0;
        foreach (var entry in manifest.Entries)
        {
            var path = Manifest.ResolvePath(manifestPath, entry);
            var samples = Decoder.Decode(path, audio.SampleRate);
            var key = FeatureCache.Key(FeatureCache.ContentHash(samples) + $";segment={audio.SegmentSamples},hop={audio.HopSamples},final={audio.MinFinalSamples}", kind, spectrogram, db: true);
            var features = FeatureCache.GetOrCompute(cacheDirectory, key, () => Compute(samples, kind, spectrogram, audio, device));
            if (features.shape[0] > 0)
            {
                parts.Add(features);
                var n = (int)features.shape[0];
                labels.AddRange(Enumerable.Repeat(Array.IndexOf(classNames, entry.Emotion.ToName()), n));
                excerpts.AddRange(Enumerable.Repeat(entry.ExcerptId, n));
                groups.AddRange(Enumerable.Repeat(groupBy == "soundtrack" && entry.Soundtrack is { Length: > 0 } s ? s : entry.ExcerptId, n));
            }
            progress?.Report(new FeatureProgress(++done, manifest.Entries.Length, entry.ExcerptId));
        }
        if (parts.Count == 0)
            throw new InvalidDataException($"{manifestPath}: no excerpt is at least one segment ({audio.SegmentSeconds} s) long");
        var x = torch.cat(parts, 0).unsqueeze(1);
        foreach (var p in parts)
            p.Dispose();
        return new LabelledSegments(x, [.. labels], [.. excerpts], [.. groups], classNames).Validated();
    }

    // (segments, bins, frames) on the CPU
    static Tensor Compute(float[] samples, SpectrogramKind kind, SpectrogramConfig spectrogram, AudioConfig audio, Device device)
    {
        var batch = Segments.Split(samples, audio);
        var count = batch.Starts.Length;
        if (count == 0)
            return torch.zeros(0, 1, 1);
        using var scope = torch.NewDisposeScope();
        var signals = torch.tensor(batch.Data, [count, batch.SegmentSamples], device: device);
        return Spectrogram.Compute(signals, kind, spectrogram, db: true).cpu().MoveToOuterDisposeScope();
    }
}

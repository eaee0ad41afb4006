using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments;

public sealed record FeatureProgress(int Done, int Total, string ExcerptId);

/// <summary>A corpus as the models see it: every excerpt of a manifest decoded to 16 kHz mono, cut into whole
/// 2-second windows (the paper's 976 segments are whole windows), turned into a log spectrogram per segment
/// (dB, ref = that segment's maximum, top_db 80) and cached per excerpt in the feature cache. Every cache write is
/// under a unique temporary name then renamed, so loaders on several nodes sharing one cache never see half a file;
/// two writers of one entry write the same bytes, and the last rename wins.</summary>
public static class CorpusFeatures
{
    /// <summary>Whole windows only: a trailing part shorter than a segment is dropped, as the paper's count implies.</summary>
    public static readonly AudioConfig PaperSegments = new(MinFinalSeconds: 2.0);

    /// <summary>Excerpts decoded ahead of the transform (a few seconds of audio each).</summary>
    const int DecodeAhead = 4;

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
        var index = IndexPath(cacheDirectory, manifestPath, manifest, kind, spectrogram, audio);
        var known = TryReadIndex(index, manifest.Entries.Length);
        var keys = new string[manifest.Entries.Length];
        var hits = manifest.Entries.Select((_, i) => known is null ? null : FeatureCache.TryRead(FeatureCache.PathFor(cacheDirectory, known[i]))).ToList();
        // the excerpts to compute are decoded in order on a thread of their own while the transform runs here, with the
        // caller's torch settings, so the arrays are the ones the one-thread loop made
        using var decoded = ReadAhead.Items(
            Enumerable.Range(0, hits.Count).Where(i => hits[i] is null).Select(i => Audio.Decoder.Decode(Manifest.ResolvePath(manifestPath, manifest.Entries[i]), audio.SampleRate)),
            DecodeAhead).GetEnumerator();
        for (var i = 0; i < manifest.Entries.Length; i++)
        {
            var entry = manifest.Entries[i];
            Tensor features;
            if (hits[i] is { } hit)
                (features, keys[i]) = (hit, known![i]);
            else
            {
                var audioPath = Manifest.ResolvePath(manifestPath, entry);
                decoded.MoveNext();
                var samples = decoded.Current;
                // refused rather than skipped: a silently smaller corpus would change every figure without a word
                if (samples.Length < audio.SegmentSamples)
                    throw new InvalidDataException(
                        $"{audioPath}: excerpt '{entry.ExcerptId}' of {manifestPath} is {samples.Length / (double)audio.SampleRate:0.00} s long, shorter than one {audio.SegmentSeconds} s segment; remove it from the manifest or give a longer file");
                keys[i] = FeatureCache.Key(FeatureCache.ContentHash(samples) + $";segment={audio.SegmentSamples},hop={audio.HopSamples},final={audio.MinFinalSamples}", kind, spectrogram, db: true);
                features = FeatureCache.GetOrCompute(cacheDirectory, keys[i], () => Compute(samples, kind, spectrogram, audio, device));
            }
            parts.Add(features);
            var n = (int)features.shape[0];
            labels.AddRange(Enumerable.Repeat(Array.IndexOf(classNames, entry.Emotion.ToName()), n));
            excerpts.AddRange(Enumerable.Repeat(entry.ExcerptId, n));
            groups.AddRange(Enumerable.Repeat(groupBy == "soundtrack" && entry.Soundtrack is { Length: > 0 } s ? s : entry.ExcerptId, n));
            progress?.Report(new FeatureProgress(i + 1, manifest.Entries.Length, entry.ExcerptId));
        }
        if (known is null || !known.SequenceEqual(keys))
            AtomicFile.WriteAllText(index, JsonSerializer.Serialize(keys));
        if (parts.Count == 0)
            throw new InvalidDataException($"{manifestPath}: the manifest lists no excerpts");
        Tensor x;
        using (var scope = torch.NewDisposeScope())
            x = torch.cat(parts, 0).unsqueeze(1).MoveToOuterDisposeScope(); // (segments, 1, bins, frames)
        foreach (var p in parts)
            p.Dispose();
        return new LabelledSegments(x, [.. labels], [.. excerpts], [.. groups], classNames).Validated();
    }

    /// <summary>Where the cache keys of a corpus's excerpts are listed, so a loader that finds them there reads the
    /// cached arrays without decoding any audio (what keeps a grid run's start-up short). The name covers the
    /// manifest's bytes, each audio file's path and bytes, and every setting: an audio file edited in place (even with
    /// its size and modification time kept) or a changed setting misses, and the slow path (decode, hash, look up)
    /// writes a new list. Hashing the files' bytes reads them but decodes nothing.</summary>
    static string IndexPath(string cacheDirectory, string manifestPath, Manifest manifest, SpectrogramKind kind, SpectrogramConfig spectrogram, AudioConfig audio)
    {
        var files = manifest.Entries.Select(e => Manifest.ResolvePath(manifestPath, e)).Select(f => $"{f}|{(File.Exists(f) ? FileHash(f) : "missing")}");
        var description = JsonSerializer.Serialize(new { FeatureCache.CodeVersion, manifest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifestPath))), files, kind = kind.ToString(), spectrogram, audio });
        return Path.Combine(cacheDirectory, $"corpus-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)))}.json");
    }

    static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    static string[]? TryReadIndex(string path, int entries)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(File.ReadAllText(path)) is { } keys && keys.Length == entries ? keys : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    // (segments, bins, frames) on the CPU
    static Tensor Compute(float[] samples, SpectrogramKind kind, SpectrogramConfig spectrogram, AudioConfig audio, Device device)
    {
        var batch = Segments.Split(samples, audio);
        var count = batch.Starts.Length;
        using var scope = torch.NewDisposeScope();
        var signals = torch.tensor(batch.Data, [count, batch.SegmentSamples], device: device);
        return Spectrogram.Compute(signals, kind, spectrogram, db: true).cpu().MoveToOuterDisposeScope();
    }
}

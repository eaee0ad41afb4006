using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

public sealed record FeatureProgress(int Done, int Total, string ExcerptId);

/// <summary>A corpus as the models see it: every excerpt of a manifest decoded to 16 kHz mono, cut into whole
/// 2-second windows (the paper's 976 segments are whole windows), turned into a log spectrogram per segment
/// (dB, ref = that segment's maximum, top_db 80) and cached per excerpt in the feature cache. The excerpts missing
/// from the cache go the way `fse features` takes a folder (<see cref="FeatureFiles"/>): as many workers as cores
/// (<see cref="OrderedWorkers"/>, single-threaded on a CPU, since a multi-threaded operator stalls at every barrier
/// for a core another process holds) each decode excerpts and stack their segments into batches across excerpts,
/// since per segment the kernel costs far less than a call of it. Every cache write is under a
/// unique temporary name then renamed, so loaders on several nodes sharing one cache never see half a file; two
/// writers of one entry write the same bytes, and the last rename wins.</summary>
public static class CorpusFeatures
{
    /// <summary>Whole windows only: a trailing part shorter than a segment is dropped, as the paper's count implies.</summary>
    public static readonly AudioConfig PaperSegments = new(MinFinalSeconds: 2.0);

    /// <summary>Segments per batch through the kernel, as in `fse bench spectra`.</summary>
    const int BatchSegments = 64;

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
        var entries = manifest.Entries;
        var classNames = EmotionNames.All.Where(e => entries.Any(x => x.Emotion == e)).Select(e => e.ToName()).ToArray();
        var index = IndexPath(cacheDirectory, manifestPath, manifest, kind, spectrogram, audio);
        var known = TryReadIndex(index, entries.Length);
        var keys = new string[entries.Length];
        var features = new Tensor?[entries.Length];
        var done = 0;
        var reporting = new Lock();
        void Completed(int i)
        {
            lock (reporting)
                progress?.Report(new FeatureProgress(++done, entries.Length, entries[i].ExcerptId));
        }
        for (var i = 0; i < entries.Length; i++)
            if (known is not null && FeatureCache.TryRead(FeatureCache.PathFor(cacheDirectory, known[i])) is { } hit)
            {
                (features[i], keys[i]) = (hit, known[i]);
                Completed(i);
            }
        var misses = Enumerable.Range(0, entries.Length).Where(i => features[i] is null).ToList();
        if (misses.Count > 0)
        {
            var job = new Misses(manifestPath, [.. entries.Select(e => e.ExcerptId)], [.. entries.Select(e => Manifest.ResolvePath(manifestPath, e))], misses, kind, spectrogram, audio, cacheDirectory, device);
            ComputeMisses(job, keys, features, Completed);
        }
        if (known is null || !known.SequenceEqual(keys))
            AtomicFile.WriteAllText(index, JsonSerializer.Serialize(keys));
        if (entries.Length == 0)
            throw new InvalidDataException($"{manifestPath}: the manifest lists no excerpts");
        var labels = new List<int>();
        var excerpts = new List<string>();
        var groups = new List<string>();
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var n = (int)features[i]!.shape[0];
            labels.AddRange(Enumerable.Repeat(Array.IndexOf(classNames, entry.Emotion.ToName()), n));
            excerpts.AddRange(Enumerable.Repeat(entry.ExcerptId, n));
            groups.AddRange(Enumerable.Repeat(groupBy == "soundtrack" && entry.Soundtrack is { Length: > 0 } s ? s : entry.ExcerptId, n));
        }
        Tensor x;
        using (var scope = torch.NewDisposeScope())
            x = torch.cat(features!, 0).unsqueeze(1).MoveToOuterDisposeScope(); // (segments, 1, bins, frames)
        foreach (var p in features)
            p!.Dispose();
        return new LabelledSegments(x, [.. labels], [.. excerpts], [.. groups], classNames).Validated();
    }

    /// <summary>The excerpts to compute (<paramref name="Indices"/> into the manifest's excerpts).</summary>
    sealed record Misses(string ManifestPath, IReadOnlyList<string> ExcerptIds, IReadOnlyList<string> AudioPaths, IReadOnlyList<int> Indices, SpectrogramKind Kind, SpectrogramConfig Spectrogram, AudioConfig Audio, string CacheDirectory, Device Device);

    /// <summary>Decodes, keys and computes the missing excerpts into <paramref name="features"/> and the cache, each
    /// worker (<see cref="OrderedWorkers"/>) taking the next excerpt and stacking the segments of those it decoded
    /// until a batch is full. A fault names the first bad excerpt in the manifest's order, as the one-at-a-time loop
    /// did.</summary>
    static void ComputeMisses(Misses job, string[] keys, Tensor?[] features, Action<int> completed)
    {
        void Flush(OrderedRun run, List<(int Miss, int Index, SegmentBatch Segments)> pending)
        {
            if (pending.Count == 0)
                return;
            var batch = pending.Select(p => (p.Index, p.Segments)).ToList();
            var first = pending[0].Miss;
            pending.Clear();
            run.Guard(first, () => Transform(job, batch, keys, features, completed));
        }
        OrderedWorkers.Run(
            job.Indices.Count,
            Environment.ProcessorCount,
            singleThreadedTorch: job.Device.type == DeviceType.CPU,
            () => new List<(int Miss, int Index, SegmentBatch Segments)>(),
            (run, pending, miss) =>
            {
                var i = job.Indices[miss];
                var samples = Audio.Decoder.Decode(job.AudioPaths[i], job.Audio.SampleRate);
                // refused rather than skipped: a silently smaller corpus would change every figure without a word
                if (samples.Length < job.Audio.SegmentSamples)
                    throw new InvalidDataException(
                        $"{job.AudioPaths[i]}: excerpt '{job.ExcerptIds[i]}' of {job.ManifestPath} is {samples.Length / (double)job.Audio.SampleRate:0.00} s long, shorter than one {job.Audio.SegmentSeconds} s segment; remove it from the manifest or give a longer file");
                keys[i] = FeatureCache.Key(FeatureCache.ContentHash(samples) + $";segment={job.Audio.SegmentSamples},hop={job.Audio.HopSamples},final={job.Audio.MinFinalSamples}", job.Kind, job.Spectrogram, db: true);
                if (FeatureCache.TryRead(FeatureCache.PathFor(job.CacheDirectory, keys[i])) is { } cached)
                {
                    features[i] = cached;
                    completed(i);
                    return;
                }
                if (run.Failed)
                    return;
                pending.Add((miss, i, Segments.Split(samples, job.Audio)));
                if (pending.Sum(p => p.Segments.Count) >= BatchSegments)
                    Flush(run, pending);
            },
            (run, pending) =>
            {
                if (!run.Failed)
                    Flush(run, pending);
            }
        );
    }

    /// <summary>One batch of several excerpts' segments through the kernel, each excerpt's rows stored in the cache.</summary>
    static void Transform(Misses job, IReadOnlyList<(int Index, SegmentBatch Segments)> batch, string[] keys, Tensor?[] features, Action<int> completed)
    {
        var length = batch[0].Segments.SegmentSamples;
        var data = new float[batch.Sum(b => (long)b.Segments.Count) * length];
        var at = 0L;
        foreach (var (_, segments) in batch)
        {
            segments.Data.AsSpan(0, segments.Count * length).CopyTo(data.AsSpan((int)at));
            at += (long)segments.Count * length;
        }
        Tensor values;
        using (var scope = torch.NewDisposeScope())
        {
            var signals = torch.tensor(data, [data.Length / length, length], device: job.Device);
            values = Spectrogram.Compute(signals, job.Kind, job.Spectrogram, db: true).cpu().DetachFromDisposeScope(); // (segments, bins, frames)
        }
        using (values)
        {
            var row = 0;
            foreach (var (i, segments) in batch)
            {
                using var rows = values.narrow(0, row, segments.Count);
                features[i] = FeatureCache.Put(job.CacheDirectory, keys[i], rows);
                row += segments.Count;
                completed(i);
            }
        }
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
}

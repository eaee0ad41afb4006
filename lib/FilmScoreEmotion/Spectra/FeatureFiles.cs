using System.Runtime.InteropServices;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Whole-file spectrograms of many audio files as float32 .npy (bins, frames), each file's bytes equal to
/// <see cref="StreamedFeatureFile.Write"/>'s. Each worker (<see cref="OrderedWorkers"/>) takes the next file, decodes
/// it, and stacks the short ones it has decoded by length until a batch of equal-length files is full, which it then
/// computes and writes itself: per file the kernel costs well under a millisecond, and everything around it (a
/// temporary file, a tensor per call, a thread hand-over, a write) is what costs. With one worker per core, one
/// worker decodes while another computes. Files longer than <see cref="ShortSamples"/> stream as
/// <see cref="StreamedFeatureFile"/> does, so memory stays bound.</summary>
public static class FeatureFiles
{
    /// <summary>Longest file held whole: 30 s at 16 kHz, well inside one streamed run of frames, so its frames come
    /// from the same single window as on the streamed path.</summary>
    public const int ShortSamples = 30 * 16000;

    /// <summary>Most files in one batch, and most samples in one (a few tens of MB of intermediate tensors).</summary>
    const int BatchFiles = 64;

    const long BatchSamples = 1L << 22;

    /// <summary>Decoded samples a worker holds waiting for a batch before its largest group goes alone (files of
    /// many lengths).</summary>
    const long PendingSamples = 1L << 23;

    /// <summary>A worker's decoded files waiting for a batch, by length, and the arrays its last batches used, kept
    /// for its next files of those lengths (at most a batch's worth): the pages of a fresh array are faulted in
    /// afresh, which on a folder of clips cost as much as reading the files.</summary>
    sealed class Pending
    {
        public readonly Dictionary<int, List<(int Index, float[] Samples)>> Groups = new();
        public long Samples;
        readonly Dictionary<int, Stack<float[]>> free = new();
        long freeSamples;

        public float[] Allocate(int length)
        {
            if (free.TryGetValue(length, out var arrays) && arrays.TryPop(out var array))
            {
                freeSamples -= length;
                return array;
            }
            return new float[length];
        }

        public void Return(IEnumerable<float[]> arrays)
        {
            foreach (var array in arrays.TakeWhile(a => freeSamples + a.Length <= BatchSamples))
            {
                if (!free.TryGetValue(array.Length, out var stack))
                    free[array.Length] = stack = new();
                stack.Push(array);
                freeSamples += array.Length;
            }
        }
    }

    /// <summary>Computes every source's spectrogram and hands each, as it completes (in no order, from any of
    /// <paramref name="workers"/> threads), to <paramref name="output"/>(index, write), where write(path) writes the
    /// .npy to a fresh path. A bad file throws with its name; of several, the first in the sources' order. Returns
    /// each file's (bins, frames).</summary>
    public static (int Bins, long Frames)[] WriteAll(
        IReadOnlyList<string> sources,
        SpectrogramKind kind,
        bool db,
        SpectrogramConfig config,
        Device device,
        int workers,
        Action<int, Action<string>> output,
        IProgress<int>? completed = null
    )
    {
        var shapes = new (int Bins, long Frames)[sources.Count];
        var done = 0;
        void Complete(int index, Func<string, (int, long)> write)
        {
            output(index, path => shapes[index] = write(path));
            completed?.Report(Interlocked.Increment(ref done));
        }
        void Flush(OrderedRun run, Pending pending, List<(int Index, float[] Samples)> group)
        {
            pending.Groups.Remove(group[0].Samples.Length);
            pending.Samples -= (long)group.Count * group[0].Samples.Length;
            run.Guard(group[0].Index, () =>
            {
                using var batch = Batch(kind, config, device, group.Select(g => g.Samples).ToList());
                pending.Return(group.Select(g => g.Samples));
                var size = (int)(batch.numel() / group.Count);
                var bins = (int)batch.shape[1];
                for (var i = 0; i < group.Count; i++)
                {
                    var at = i * size;
                    run.Guard(group[i].Index, () => Complete(group[i].Index, path => WriteNpy(path, MemoryMarshal.Cast<byte, float>(batch.bytes).Slice(at, size), bins, kind, db, config)));
                }
            });
        }
        OrderedWorkers.Run(
            sources.Count,
            workers,
            singleThreadedTorch: device.type == TorchSharp.DeviceType.CPU,
            () => new Pending(),
            (run, pending, index) =>
            {
                if (DecodeShort(sources[index], pending.Allocate) is not { } samples)
                {
                    // a long file before a bad one still streams: its fault, if any, is the one to report
                    if (run.Wanted(index))
                        Complete(index, path => StreamedFeatureFile.Write(sources[index], path, kind, db, config, device));
                    return;
                }
                // decoded files cannot be the bad file; after a failure nothing is kept
                if (run.Failed)
                    return;
                var length = samples.Length;
                if (!pending.Groups.TryGetValue(length, out var group))
                    pending.Groups[length] = group = new();
                group.Add((index, samples));
                pending.Samples += length;
                if (group.Count == BatchFiles || (long)group.Count * length >= BatchSamples)
                    Flush(run, pending, group);
                else if (pending.Samples > PendingSamples)
                    Flush(run, pending, pending.Groups.Values.MaxBy(g => (long)g.Count * g[0].Samples.Length)!);
            },
            (run, pending) =>
            {
                foreach (var group in pending.Groups.Values.ToList())
                    if (!run.Failed)
                        Flush(run, pending, group);
            }
        );
        return shapes;
    }

    /// <summary>Chunks small enough to stay off the large-object heap: the default 64 Ki-sample chunks cost a short
    /// file several large allocations, which the garbage collector sweeps only in full collections.</summary>
    const int DecodeChunkSamples = 8192;

    /// <summary>The whole file if it has at most <see cref="ShortSamples"/> samples, none if it is longer.</summary>
    static float[]? DecodeShort(string source, Func<int, float[]> allocate) =>
        Audio.PlainWav.TryRead(source, 16000, ShortSamples, allocate) ?? (MonoWav(source) is { } format ? ReadMonoWav(format) : DecodeAny(source));

    /// <summary>The header of a WAV file already mono at 16 kHz, which decodes to its own samples (no downmix, no
    /// resampling); null for any other file, which takes the general decoder and its messages.</summary>
    static Audio.WavFormat? MonoWav(string source)
    {
        if (!File.Exists(source) || new FileInfo(source).Length == 0 || Audio.AudioContainers.Detect(source) != Audio.AudioContainer.Wav)
            return null;
        try
        {
            return Audio.WavReader.ReadFormat(source) is { Channels: 1, SampleRate: 16000, Frames: > 0 } format ? format : null;
        }
        catch (Audio.WavFormatNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A mono 16-kHz WAV's samples as the general decoder gives them (and its fault for a truncated file or
    /// a non-finite sample), read in one piece: on a folder of short clips the decoder's copies cost as much as the
    /// transform.</summary>
    static float[]? ReadMonoWav(Audio.WavFormat format) => format.Frames > ShortSamples ? null : Audio.WavReader.ReadSamples(format);

    static float[]? DecodeAny(string source)
    {
        var chunks = new List<float[]>();
        var total = 0L;
        foreach (var chunk in Audio.Decoder.DecodeChunks(source, 16000, DecodeChunkSamples))
        {
            total += chunk.Length;
            if (total > ShortSamples)
                return null;
            chunks.Add(chunk);
        }
        if (total == 0)
            throw StreamedFeatureFile.NoSamples(source);
        var samples = new float[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(samples, at);
            at += chunk.Length;
        }
        var bad = Array.FindIndex(samples, s => !float.IsFinite(s));
        if (bad >= 0)
            throw StreamedFeatureFile.NonFinite(source, bad, samples[bad]);
        return samples;
    }

    /// <summary>Equal-length signals through the kernel as one batch, from the same window (zeros around each
    /// signal) as the streamed path's single run of frames.</summary>
    // (batch, bins, frames) float32, contiguous on the CPU
    static Tensor Batch(SpectrogramKind kind, SpectrogramConfig config, Device device, IReadOnlyList<float[]> signals)
    {
        var samples = signals[0].Length;
        var frames = Spectrogram.Frames(samples, kind, config);
        var (start, length) = StreamingSpectrogram.WindowOf(kind, config, 0, (int)frames);
        var offset = (int)-start;
        var inside = Math.Min(samples, length - offset);
        // filled in place: a managed copy of the batch would only be copied again
        using var windows = zeros(new long[] { signals.Count, length }, ScalarType.Float32);
        var rows = MemoryMarshal.Cast<byte, float>(windows.bytes);
        for (var i = 0; i < signals.Count; i++)
            signals[i].AsSpan(0, inside).CopyTo(rows[(i * length + offset)..]);
        using var input = windows.to(device);
        return StreamingSpectrogram.Compute(kind, config, input, start, samples, 0, (int)frames);
    }

    /// <summary>One file's .npy: header, then the values (bins, frames), in dB against their maximum when asked.</summary>
    static (int Bins, long Frames) WriteNpy(string path, ReadOnlySpan<float> values, int bins, SpectrogramKind kind, bool db, SpectrogramConfig config)
    {
        var frames = values.Length / bins;
        var data = db ? StreamedFeatureFile.ToDb(values, kind, Maximum(values), config) : values;
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            // two positioned writes straight from the batch's memory, no stream buffer: per file, what surrounds the
            // transform is what costs
            using var npy = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            var header = Npy.Header("<f4", [bins, frames]);
            RandomAccess.Write(npy, header, 0);
            RandomAccess.Write(npy, MemoryMarshal.AsBytes(data), header.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to {folder}: {e.Message}", e);
        }
        return (bins, frames);
    }

    /// <summary>The largest value, at least 0, as the streamed path takes the dB reference.</summary>
    static float Maximum(ReadOnlySpan<float> values)
    {
        var maximum = 0.0f;
        foreach (var value in values)
            maximum = Math.Max(maximum, value);
        return maximum;
    }
}

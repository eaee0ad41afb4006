using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using FilmScoreEmotion.IO;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Whole-file spectrograms of many audio files as float32 .npy (bins, frames), each file's bytes equal to
/// <see cref="StreamedFeatureFile.Write"/>'s. Short files are decoded on threads of their own while the transform
/// runs, and files of equal length go through the kernel as one batch, since per file the kernel costs well under a
/// millisecond and everything around it (a temporary file, a tensor per call, a write) is what costs; files longer
/// than <see cref="ShortSamples"/> stream as <see cref="StreamedFeatureFile"/> does, so memory stays bound.</summary>
public static class FeatureFiles
{
    /// <summary>Longest file held whole: 30 s at 16 kHz, well inside one streamed run of frames, so its frames come
    /// from the same single window as on the streamed path.</summary>
    public const int ShortSamples = 30 * 16000;

    /// <summary>Most files in one batch, and most samples in one (a few tens of MB of intermediate tensors).</summary>
    const int BatchFiles = 64;

    const long BatchSamples = 1L << 22;

    /// <summary>Fewest files in a batch computed early because a worker has nothing to do.</summary>
    const int IdleBatchFiles = 8;

    /// <summary>Decoded samples held waiting for a batch before the largest group goes alone (files of many lengths).</summary>
    const long PendingSamples = 1L << 23;

    /// <summary>Decoded files queued ahead of the transform.</summary>
    const int Queue = 16;

    /// <summary>A decoded file: its samples, or none for a file to stream.</summary>
    sealed record Decoded(int Index, float[]? Samples);

    /// <summary>A failure and the source it belongs to: of several, the first source's is reported, as one file after
    /// the other would.</summary>
    sealed record Failure(int Index, Exception Error);

    /// <summary>Computes every source's spectrogram and hands each, as it completes (in no order, from any of
    /// <paramref name="workers"/> threads, each computing a batch at a time), to <paramref name="output"/>(index,
    /// write), where write(path) writes the .npy to a fresh path. A bad file throws with its name; of several, the
    /// first in the sources' order. Returns each file's (bins, frames).</summary>
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        var shapes = new (int Bins, long Frames)[sources.Count];
        var done = 0;
        var failures = new ConcurrentBag<Failure>();
        using var stop = new CancellationTokenSource();
        using var work = new BlockingCollection<Action>(workers);
        void Guarded(int index, Action action)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failures.Add(new Failure(index, e));
                stop.Cancel();
            }
        }
        void Complete(int index, Func<string, (int, long)> write) =>
            Guarded(
                index,
                () =>
                {
                    output(index, path => shapes[index] = write(path));
                    completed?.Report(Interlocked.Increment(ref done));
                }
            );
        var busy = 0;
        var threads = Enumerable.Range(0, workers)
            .Select(_ => new Thread(() =>
            {
                foreach (var job in work.GetConsumingEnumerable())
                {
                    Interlocked.Increment(ref busy);
                    job();
                    Interlocked.Decrement(ref busy);
                }
            }) { Name = "fse transform" })
            .ToList();
        threads.ForEach(t => t.Start());

        // threads of their own rather than the thread pool's, whose idle workers spin for each awaited hand-over;
        // as many as the workers, since in process a short file decodes in about half the time its transform takes
        using var decoded = new BlockingCollection<Decoded>(Queue);
        var next = -1;
        var decoding = workers;
        var decoders = Enumerable.Range(0, workers)
            .Select(_ => new Thread(() =>
            {
                DecodeAll(sources, () => Interlocked.Increment(ref next), decoded, failures, stop);
                if (Interlocked.Decrement(ref decoding) == 0)
                    decoded.CompleteAdding();
            }) { Name = "fse decode" })
            .ToList();
        decoders.ForEach(t => t.Start());
        var groups = new Dictionary<int, List<(int Index, float[] Samples)>>();
        var pending = 0L;
        void Flush(List<(int Index, float[] Samples)> group)
        {
            groups.Remove(group[0].Samples.Length);
            pending -= (long)group.Count * group[0].Samples.Length;
            work.Add(() => Guarded(
                group[0].Index,
                () =>
                {
                    // decoded files cannot be the bad file; after a failure nothing is kept
                    if (!failures.IsEmpty)
                        return;
                    using var batch = Batch(kind, config, device, group.Select(g => g.Samples).ToList());
                    var size = (int)(batch.numel() / group.Count);
                    var bins = (int)batch.shape[1];
                    for (var i = 0; i < group.Count; i++)
                    {
                        var at = i * size;
                        Complete(group[i].Index, path => WriteNpy(path, MemoryMarshal.Cast<byte, float>(batch.bytes).Slice(at, size), bins, kind, db, config));
                    }
                }));
        }

        try
        {
            foreach (var item in decoded.GetConsumingEnumerable())
            {
                // after a failure, a long file before it still streams: its fault, if any, is the one to report
                if (item.Samples is null)
                {
                    if (item.Index < FirstFailure(failures))
                        work.Add(() =>
                        {
                            if (item.Index < FirstFailure(failures))
                                Complete(item.Index, path => StreamedFeatureFile.Write(sources[item.Index], path, kind, db, config, device));
                        });
                    continue;
                }
                if (!failures.IsEmpty)
                    continue;
                var length = item.Samples.Length;
                if (!groups.TryGetValue(length, out var group))
                    groups[length] = group = new();
                group.Add((item.Index, item.Samples));
                pending += length;
                // a smaller batch rather than an idle core: the first batch waits for nothing but its files
                var idle = Volatile.Read(ref busy) + work.Count < workers;
                if (group.Count == BatchFiles || (long)group.Count * length >= BatchSamples || (idle && group.Count >= IdleBatchFiles))
                    Flush(group);
                else if (pending > PendingSamples)
                    Flush(groups.Values.MaxBy(g => (long)g.Count * g[0].Samples.Length)!);
            }
            if (failures.IsEmpty)
                foreach (var group in groups.Values.ToList())
                    Flush(group);
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            work.CompleteAdding();
            threads.ForEach(t => t.Join());
            decoders.ForEach(t => t.Join());
        }
        if (failures.MinBy(f => f.Index) is { } first)
            ExceptionDispatchInfo.Throw(first.Error);
        return shapes;
    }

    static int FirstFailure(ConcurrentBag<Failure> failures) => failures.IsEmpty ? int.MaxValue : failures.Min(f => f.Index);

    /// <summary>Decodes the sources whose indices <paramref name="take"/> hands out, in increasing order, until a bad
    /// one; every index below a bad one has then been taken and is decoded to the end, so that the first bad file in
    /// the sources' order is among the failures.</summary>
    static void DecodeAll(IReadOnlyList<string> sources, Func<int> take, BlockingCollection<Decoded> queue, ConcurrentBag<Failure> failures, CancellationTokenSource stop)
    {
        for (var i = take(); i < sources.Count; i = take())
        {
            try
            {
                queue.Add(new Decoded(i, DecodeShort(sources[i])), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures.Add(new Failure(i, e));
                stop.Cancel();
                return;
            }
        }
    }

    /// <summary>Chunks small enough to stay off the large-object heap: the default 64 Ki-sample chunks cost a short
    /// file several large allocations, which the garbage collector sweeps only in full collections.</summary>
    const int DecodeChunkSamples = 8192;

    /// <summary>The whole file if it has at most <see cref="ShortSamples"/> samples, none if it is longer.</summary>
    static float[]? DecodeShort(string source) => MonoWav(source) is { } format ? ReadMonoWav(format) : DecodeAny(source);

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

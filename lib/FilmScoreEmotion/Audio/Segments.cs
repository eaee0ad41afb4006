namespace FilmScoreEmotion.Audio;

/// <summary>Equal-length segments cut from one signal.</summary>
/// <param name="Data">The segments one after another: <c>// (segments, segmentSamples)</c>.</param>
/// <param name="Starts">Sample offset of each segment in the signal, to place predictions on a timeline.</param>
public sealed record SegmentBatch(float[] Data, int SegmentSamples, long[] Starts)
{
    public int Count => Starts.Length;

    public ReadOnlySpan<float> this[int index] => Data.AsSpan(index * SegmentSamples, SegmentSamples);
}

/// <summary>Cuts a signal into windows of <c>segmentSamples</c> every <c>hopSamples</c>. Every whole window is kept.
/// The first window that runs past the end (the tail, or the whole signal when it is shorter than one window) is kept,
/// zero-padded, when it holds at least <c>minFinalSamples</c> of signal, and dropped otherwise; later windows past the
/// end hold nothing the kept ones do not. See <see cref="AudioConfig.MinFinalSeconds"/> for the defaults.</summary>
public static class Segments
{
    /// <summary>Offsets of the segments of a signal of <paramref name="length"/> samples.</summary>
    public static long[] Starts(long length, int segmentSamples, int hopSamples, int minFinalSamples)
    {
        Check(segmentSamples, hopSamples, minFinalSamples);
        var whole = length >= segmentSamples ? (length - segmentSamples) / hopSamples + 1 : 0;
        var next = whole * hopSamples;
        var final = length - next >= minFinalSamples && length > next ? 1 : 0;
        var starts = new long[whole + final];
        for (var i = 0; i < starts.Length; i++)
            starts[i] = i * (long)hopSamples;
        return starts;
    }

    public static SegmentBatch Split(ReadOnlySpan<float> signal, AudioConfig config) =>
        Split(signal, config.SegmentSamples, config.HopSamples, config.MinFinalSamples);

    public static SegmentBatch Split(ReadOnlySpan<float> signal, int segmentSamples, int hopSamples, int minFinalSamples)
    {
        var starts = Starts(signal.Length, segmentSamples, hopSamples, minFinalSamples);
        var data = new float[starts.Length * segmentSamples];
        for (var i = 0; i < starts.Length; i++)
        {
            var from = (int)starts[i];
            signal.Slice(from, Math.Min(segmentSamples, signal.Length - from)).CopyTo(data.AsSpan(i * segmentSamples));
        }
        return new SegmentBatch(data, segmentSamples, starts);
    }

    /// <summary>The segments of a signal that arrives in chunks (e.g. a decoded film), produced as soon as each is
    /// complete, so memory holds about one segment plus one chunk. The same segments as <see cref="Split(ReadOnlySpan{float}, AudioConfig)"/>
    /// of the whole signal.</summary>
    public static IEnumerable<(long Start, float[] Samples)> Stream(IEnumerable<float[]> chunks, AudioConfig config)
    {
        var (segment, hop, minFinal) = (config.SegmentSamples, config.HopSamples, config.MinFinalSamples);
        Check(segment, hop, minFinal);
        return Iterate(chunks, segment, hop, minFinal);
    }

    private static IEnumerable<(long Start, float[] Samples)> Iterate(IEnumerable<float[]> chunks, int segment, int hop, int minFinal)
    {
        // pending holds signal[bufferStart .. bufferStart + count); samples before the next segment start are dropped.
        var pending = new float[2 * segment];
        var bufferStart = 0L;
        var count = 0;
        var next = 0L;
        foreach (var chunk in chunks)
        {
            var offset = 0;
            while (offset < chunk.Length)
            {
                var skip = (int)Math.Min(next - (bufferStart + count), chunk.Length - offset);
                if (skip > 0)
                {
                    offset += skip;
                    bufferStart += count + skip;
                    count = 0;
                    continue;
                }
                var take = Math.Min(pending.Length - count, chunk.Length - offset);
                chunk.AsSpan(offset, take).CopyTo(pending.AsSpan(count));
                count += take;
                offset += take;
                while (next + segment <= bufferStart + count)
                {
                    yield return (next, pending.AsSpan((int)(next - bufferStart), segment).ToArray());
                    next += hop;
                }
                var drop = (int)Math.Clamp(next - bufferStart, 0, count);
                pending.AsSpan(drop, count - drop).CopyTo(pending);
                bufferStart += drop;
                count -= drop;
            }
        }
        var held = bufferStart + count - next;
        if (held > 0 && held >= minFinal)
        {
            var last = new float[segment];
            pending.AsSpan((int)(next - bufferStart), (int)held).CopyTo(last);
            yield return (next, last);
        }
    }

    private static void Check(int segmentSamples, int hopSamples, int minFinalSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentSamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSamples);
        ArgumentOutOfRangeException.ThrowIfNegative(minFinalSamples);
    }
}

using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Audio;

/// <summary>Polyphase windowed-sinc resampling by a rational factor up/down, the algorithm of
/// <c>scipy.signal.resample_poly(x, up, down)</c> with its default window ('kaiser', 5.0) and zero padding: the same
/// filter, the same alignment (output k sits at input time k·down/up) and the same output length ceil(n·up/down).
/// Only the kept outputs are computed, each from the one filter phase that reaches it, so the cost is
/// O(outputs × taps/up) and a signal of any length can be streamed through in chunks.</summary>
public static class Resample
{
    /// <summary>The anti-aliasing low-pass FIR for a rate change of <paramref name="up"/>/<paramref name="down"/>
    /// (already reduced by their gcd), see <see cref="KaiserLowpass"/>; float64, not yet multiplied by
    /// <paramref name="up"/>.</summary>
    public static double[] Lowpass(int up, int down) => KaiserLowpass.Design(Math.Max(up, down));

    /// <summary>The taps resample_poly convolves with for float32 input: the low-pass cast to float32, then scaled by
    /// <paramref name="up"/> in float32 to restore the gain lost to the inserted zeros.</summary>
    public static float[] Taps(int up, int down) =>
        Lowpass(up, down).Select(t => (float)t * up).ToArray();

    /// <summary>Number of output samples for <paramref name="inputLength"/> inputs: ceil(n·up/down) after reducing
    /// up/down by their gcd.</summary>
    public static long OutputLength(long inputLength, int up, int down)
    {
        var (u, d) = Reduce(up, down);
        return (inputLength * u + d - 1) / d;
    }

    /// <summary>Resamples a whole signal; see <see cref="Chunks"/>, of which this is the one-chunk case.</summary>
    public static float[] Poly(ReadOnlySpan<float> x, int up, int down)
    {
        var result = new float[OutputLength(x.Length, up, down)];
        var at = 0;
        // Fed in blocks so that the history buffer stays small next to the result.
        foreach (var chunk in Chunks(x.ToArray().Chunk(1 << 16), up, down))
        {
            chunk.CopyTo(result, at);
            at += chunk.Length;
        }
        return result;
    }

    /// <summary>Resamples from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.</summary>
    public static float[] ToRate(ReadOnlySpan<float> x, int fromRate, int toRate) => Poly(x, toRate, fromRate);

    /// <summary>Streams a signal given in consecutive chunks through the resampler. The concatenated outputs equal
    /// <see cref="Poly"/> of the concatenated inputs whatever the chunk boundaries; memory holds one chunk plus one
    /// filter length of history.</summary>
    public static IEnumerable<float[]> Chunks(IEnumerable<float[]> chunks, int up, int down)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(up);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(down);
        var (u, d) = Reduce(up, down);
        return u == 1 && d == 1
            ? chunks.Select(c => (float[])c.Clone())
            : Stream(chunks, Banks.GetOrAdd((u, d), key => new PolyphaseBank(key.Up, key.Down)));
    }

    /// <summary>Filter banks by reduced (up, down): the CQT halves every clip octave by octave with the same filter, and
    /// designing 44.1 → 16 kHz's 8 821 taps costs more than resampling a short clip.</summary>
    private static readonly ConcurrentDictionary<(int Up, int Down), PolyphaseBank> Banks = new();

    private static IEnumerable<float[]> Stream(IEnumerable<float[]> chunks, PolyphaseBank bank)
    {
        // history holds x[start .. start + count); indices below 0 are the zero padding before the signal.
        var m = bank.TapsPerPhase;
        var history = new float[Math.Max(4 * m, 1 << 12)];
        var start = -(long)(m - 1);
        var count = m - 1;
        var received = 0L;
        var k = 0L;
        foreach (var chunk in chunks)
        {
            (history, start, count) = Append(history, start, count, chunk, chunk.Length);
            received += chunk.Length;
            var output = bank.Run(history, start, count, ref k, bank.OutputsReaching(received - 1));
            (history, start, count) = Discard(history, start, count, bank.NewestInput(k) - m + 1);
            if (output.Length > 0)
                yield return output;
        }

        var total = (received * bank.Up + bank.Down - 1) / bank.Down;
        if (k < total)
        {
            var tail = (int)Math.Max(0, bank.NewestInput(total - 1) - (start + count) + 1);
            (history, start, count) = Append(history, start, count, new float[tail], tail);
            yield return bank.Run(history, start, count, ref k, total);
        }
    }

    private static (float[] History, long Start, int Count) Append(float[] history, long start, int count, float[] chunk, int length)
    {
        if (count + length > history.Length)
            Array.Resize(ref history, Math.Max(2 * history.Length, count + length));
        chunk.AsSpan(0, length).CopyTo(history.AsSpan(count));
        return (history, start, count + length);
    }

    private static (float[] History, long Start, int Count) Discard(float[] history, long start, int count, long keepFrom)
    {
        var drop = (int)Math.Clamp(keepFrom - start, 0, count);
        if (drop == 0)
            return (history, start, count);
        history.AsSpan(drop, count - drop).CopyTo(history);
        return (history, start + drop, count - drop);
    }

    private static (int Up, int Down) Reduce(int up, int down)
    {
        var g = (int)BigInteger.GreatestCommonDivisor(up, down);
        return (up / g, down / g);
    }

    /// <summary>The taps split into <c>up</c> phases, each reversed and zero-padded to the same length, so that output
    /// k is one contiguous dot product: y[k] = Σ_j bank[p][j]·x[last − (M−1) + j] with t = halfLen + k·down,
    /// p = t mod up and last = t div up.</summary>
    private sealed class PolyphaseBank
    {
        public int Up { get; }
        public int Down { get; }
        public int TapsPerPhase { get; }
        private readonly int halfLen;
        private readonly float[] phases; // (up, TapsPerPhase)

        public PolyphaseBank(int up, int down)
        {
            Up = up;
            Down = down;
            var taps = Taps(up, down);
            halfLen = (taps.Length - 1) / 2;
            TapsPerPhase = (taps.Length + up - 1) / up;
            phases = new float[up * TapsPerPhase];
            for (var p = 0; p < up; p++)
                for (var j = 0; j < TapsPerPhase; j++)
                {
                    var tap = p + (TapsPerPhase - 1 - j) * up;
                    phases[p * TapsPerPhase + j] = tap < taps.Length ? taps[tap] : 0f;
                }
        }

        /// <summary>The newest input sample output k needs.</summary>
        public long NewestInput(long k) => (halfLen + k * Down) / Up;

        /// <summary>How many outputs can be computed from the inputs up to index <paramref name="last"/>: the k with
        /// halfLen + k·down &lt; (last + 1)·up.</summary>
        public long OutputsReaching(long last) =>
            Math.Max(0, ((last + 1) * Up - halfLen + Down - 1) / Down);

        /// <summary>Computes outputs k .. <paramref name="end"/> − 1 from history, which holds x[start .. start + count)
        /// and must reach back to the oldest input of output k.</summary>
        // Compiled optimised at once: a clip's whole resampling is one call of this loop, which tiered compilation
        // would otherwise run first at tier 0 and then as an on-stack replacement, without the dot product inlined
        // (a third of the corpus feature cache's CPU time, README Speeds).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public float[] Run(float[] history, long start, int count, ref long k, long end)
        {
            var outputs = new float[Math.Max(0, end - k)];
            var m = TapsPerPhase;
            var x = history.AsSpan(0, count);
            // t = halfLen + k·down advances by down each output; its quotient and remainder by up are carried along
            // instead of divided out, since two 64-bit divisions cost more than the dot product.
            var t = halfLen + k * Down;
            var phase = (int)(t % Up);
            var from = (int)(t / Up - (m - 1) - start);
            var (stepFrom, stepPhase) = (Down / Up, Down % Up);
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = Dot(phases.AsSpan(phase * m, m), x.Slice(from, m));
                from += stepFrom;
                phase += stepPhase;
                if (phase >= Up)
                {
                    phase -= Up;
                    from++;
                }
            }
            k += outputs.Length;
            return outputs;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            var sum = Vector<float>.Zero;
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var i = 0; i < va.Length; i++)
                sum += va[i] * vb[i];
            var total = Vector.Sum(sum);
            for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
                total += a[i] * b[i];
            return total;
        }
    }
}

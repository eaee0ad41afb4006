using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Integer-factor downsampling as scipy.signal.resample_poly(x, 1, factor) does it: a linear-phase FIR
/// low-pass (firwin with a Kaiser window, beta 5, 10 zero crossings per side, cutoff at the new Nyquist frequency,
/// unit DC gain) centred on every factor-th sample, with zeros beyond both ends.</summary>
public static class Decimation
{
    /// <summary>Half the filter length in input samples (scipy's half_len = 10 * max(up, down)).</summary>
    public static int HalfLength(int factor) => Audio.KaiserLowpass.HalfLength(factor);

    /// <summary>The filter taps, symmetric, 2 * HalfLength + 1 of them, summing to one.</summary>
    public static double[] Taps(int factor)
    {
        if (factor < 1)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the decimation factor must be at least 1");
        return Audio.KaiserLowpass.Design(factor);
    }

    /// <summary>Output samples computed per block: the filter is applied as a matrix product of overlapping blocks of
    /// the input with a banded (Toeplitz) matrix, which runs at matrix-multiply speed where a one-channel strided
    /// convolution does not.</summary>
    const int BlockOutputs = 32;

    /// <summary>signals: (batch, samples) float32; the result has ceil(samples / factor) samples per row.</summary>
    // (batch, ceil(samples / factor))
    public static Tensor Decimate(Tensor signals, int factor) => factor == 2 ? Halve(signals) : Banded(signals, factor);

    /// <summary>Any factor: output k is taps . x[k * factor - half .. k * factor + half].</summary>
    // (batch, ceil(samples / factor))
    static Tensor Banded(Tensor signals, int factor)
    {
        using var scope = NewDisposeScope();
        var taps = Taps(factor);
        var half = HalfLength(factor);
        var outputs = (signals.shape[1] + factor - 1) / factor;
        var banded = TensorMemo.Get(("decimation", factor), signals.device, () => BandedTaps(taps, factor));
        return BlockFilter(signals, outputs, half, factor, taps.Length, banded).MoveToOuterDisposeScope();
    }

    /// <summary>Factor 2: the cutoff at half the band makes every even tap but the centre zero (to rounding), so the
    /// odd samples go through the odd taps and the even ones only through the centre tap: half the work.</summary>
    // (batch, ceil(samples / 2))
    static Tensor Halve(Tensor signals)
    {
        using var scope = NewDisposeScope();
        var taps = Taps(2);
        var centre = HalfLength(2);
        var outputs = (signals.shape[1] + 1) / 2;
        // (batch, outputs, 2): even samples in column 0, odd ones in column 1.
        var even = signals.shape[1] % 2 == 0 ? signals : nn.functional.pad(signals, new long[] { 0, 1 });
        var pairs = even.view(signals.shape[0], outputs, 2);
        // Output k takes odd samples k - 10 .. k + 9 (input offsets -19 .. 19) through taps 1, 3, .., 39.
        var oddTaps = Enumerable.Range(0, centre).Select(i => taps[2 * i + 1]).ToArray();
        var banded = TensorMemo.Get(("halving", 2), signals.device, () => BandedTaps(oddTaps, 1));
        var odd = BlockFilter(pairs.select(2, 1), outputs, centre / 2, 1, oddTaps.Length, banded);
        using Scalar centreTap = taps[centre]; // kept until the call returns: see Runtime.KeptScalars
        return odd.add(pairs.select(2, 0), alpha: centreTap).MoveToOuterDisposeScope();
    }

    /// <summary>Output k = sum_j taps[j] x[k * stride + j - before] with zeros outside x, as a matrix product of
    /// overlapping blocks of the input with the banded matrix of the taps.</summary>
    // (batch, outputs)
    static Tensor BlockFilter(Tensor x, long outputs, int before, int stride, int tapCount, Tensor banded)
    {
        var blocks = (outputs + BlockOutputs - 1) / BlockOutputs;
        var blockInputs = (BlockOutputs - 1) * stride + tapCount;
        var paddedLength = (blocks - 1) * BlockOutputs * stride + blockInputs;
        var padded = nn.functional.pad(x, new[] { before, paddedLength - before - x.shape[1] });
        // (batch, blocks, blockInputs) x (blockInputs, BlockOutputs)
        var filtered = matmul(padded.unfold(1, blockInputs, BlockOutputs * stride), banded);
        return filtered.reshape(x.shape[0], blocks * BlockOutputs).narrow(1, 0, outputs);
    }

    /// <summary>Column p holds the taps shifted to output p of a block: entry (p * stride + j, p) = taps[j].</summary>
    // (blockInputs, BlockOutputs)
    static Tensor BandedTaps(double[] taps, int stride)
    {
        var rows = (BlockOutputs - 1) * stride + taps.Length;
        var banded = new float[rows, BlockOutputs];
        for (var p = 0; p < BlockOutputs; p++)
            for (var j = 0; j < taps.Length; j++)
                banded[p * stride + j, p] = (float)taps[j];
        return tensor(banded);
    }
}

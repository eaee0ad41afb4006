using MathNet.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Integer-factor downsampling as scipy.signal.resample_poly(x, 1, factor) does it: a linear-phase FIR
/// low-pass (firwin with a Kaiser window, beta 5, 10 zero crossings per side, cutoff at the new Nyquist frequency,
/// unit DC gain) centred on every factor-th sample, with zeros beyond both ends.</summary>
public static class Decimation
{
    public const double KaiserBeta = 5.0;

    /// <summary>Half the filter length in input samples (scipy's half_len = 10 * max(up, down)).</summary>
    public static int HalfLength(int factor) => 10 * factor;

    /// <summary>The filter taps, symmetric, 2 * HalfLength + 1 of them, summing to one.</summary>
    public static double[] Taps(int factor)
    {
        if (factor < 1)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the decimation factor must be at least 1");
        var count = 2 * HalfLength(factor) + 1;
        var cutoff = 1.0 / factor;
        var centre = (count - 1) / 2.0;
        var taps = Enumerable.Range(0, count)
            .Select(n =>
            {
                var m = n - centre;
                var ideal = cutoff * Sinc(cutoff * m);
                var ratio = 2.0 * n / (count - 1) - 1;
                var kaiser = SpecialFunctions.BesselI0(KaiserBeta * Math.Sqrt(1 - ratio * ratio)) / SpecialFunctions.BesselI0(KaiserBeta);
                return ideal * kaiser;
            })
            .ToArray();
        var sum = taps.Sum();
        return taps.Select(t => t / sum).ToArray();
    }

    /// <summary>Output samples computed per block: the filter is applied as a matrix product of overlapping blocks of
    /// the input with a banded (Toeplitz) matrix, which runs at matrix-multiply speed where a one-channel strided
    /// convolution does not.</summary>
    const int BlockOutputs = 32;

    /// <summary>signals: (batch, samples) float32; the result has ceil(samples / factor) samples per row.</summary>
    // (batch, ceil(samples / factor))
    public static Tensor Decimate(Tensor signals, int factor)
    {
        using var scope = NewDisposeScope();
        var samples = signals.shape[1];
        var half = HalfLength(factor);
        var outputs = (samples + factor - 1) / factor;
        var blocks = (outputs + BlockOutputs - 1) / BlockOutputs;
        var blockInputs = (BlockOutputs - 1) * factor + 2 * half + 1;
        var paddedLength = (blocks - 1) * BlockOutputs * factor + blockInputs;
        var padded = nn.functional.pad(signals, new[] { half, paddedLength - half - samples });
        var banded = TensorMemo.Get(("decimation", factor), signals.device, () => BandedTaps(factor));
        // (batch, blocks, blockInputs) x (blockInputs, BlockOutputs)
        var filtered = matmul(padded.unfold(1, blockInputs, BlockOutputs * factor), banded);
        return filtered.reshape(signals.shape[0], blocks * BlockOutputs).narrow(1, 0, outputs).MoveToOuterDisposeScope();
    }

    /// <summary>Column p holds the taps shifted to output p of a block: entry (p * factor + j, p) = taps[j].</summary>
    // (blockInputs, BlockOutputs)
    static Tensor BandedTaps(int factor)
    {
        var taps = Taps(factor);
        var rows = (BlockOutputs - 1) * factor + taps.Length;
        var banded = new float[rows, BlockOutputs];
        for (var p = 0; p < BlockOutputs; p++)
            for (var j = 0; j < taps.Length; j++)
                banded[p * factor + j, p] = (float)taps[j];
        return tensor(banded);
    }

    static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
}

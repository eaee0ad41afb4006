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

    /// <summary>signals: (batch, samples) float32; the result has ceil(samples / factor) samples per row.</summary>
    // (batch, ceil(samples / factor))
    public static Tensor Decimate(Tensor signals, int factor)
    {
        using var scope = NewDisposeScope();
        var taps = tensor(Taps(factor).Select(t => (float)t).ToArray(), new long[] { 1, 1, 2 * HalfLength(factor) + 1 }, device: signals.device);
        var filtered = nn.functional.conv1d(signals.unsqueeze(1), taps, stride: factor, padding: HalfLength(factor));
        return filtered.squeeze(1).MoveToOuterDisposeScope();
    }

    static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
}

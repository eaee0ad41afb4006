using MathNet.Numerics;

namespace FilmScoreEmotion.Audio;

/// <summary>The anti-aliasing filter of <c>scipy.signal.resample_poly</c>, shared by the audio resampler and the CQT's
/// octave decimation: <c>firwin(2·halfLen + 1, 1/maxRate, window=('kaiser', 5.0))</c> with halfLen = 10·maxRate, a
/// Kaiser-windowed sinc cut at the lower Nyquist frequency and normalised to unit DC gain.</summary>
public static class KaiserLowpass
{
    /// <summary>The Kaiser β of scipy's default window.</summary>
    public const double KaiserBeta = 5.0;

    /// <summary>Half the filter length in input samples (scipy's half_len = 10 · max(up, down)).</summary>
    public static int HalfLength(int maxRate) => 10 * maxRate;

    /// <summary>The taps in float64, symmetric, 2 · HalfLength + 1 of them, summing to one; maxRate is max(up, down)
    /// of the rate change reduced by its gcd.</summary>
    public static double[] Design(int maxRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRate);
        var cutoff = 1.0 / maxRate;
        var count = 2 * HalfLength(maxRate) + 1;
        var alpha = 0.5 * (count - 1);
        var i0Beta = SpecialFunctions.BesselI0(KaiserBeta);
        var taps = new double[count];
        for (var n = 0; n < count; n++)
        {
            // scipy's kaiser window writes the position as (n - alpha) / alpha; other spellings differ in the last bit.
            var r = (n - alpha) / alpha;
            var window = SpecialFunctions.BesselI0(KaiserBeta * Math.Sqrt(1 - r * r)) / i0Beta;
            taps[n] = cutoff * Sinc(cutoff * (n - alpha)) * window;
        }
        var sum = taps.Sum();
        return taps.Select(t => t / sum).ToArray();
    }

    static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
}

using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace FilmScoreEmotion.Spectra;

/// <summary>One octave's (or the full rate's) CQT filters in the frequency domain: the one-sided FFT of the
/// windowed complex sinusoids, applied to an STFT with a rectangular window of NFft samples.</summary>
/// <param name="Real">(bins, nFft / 2 + 1)</param>
/// <param name="Imag">(bins, nFft / 2 + 1)</param>
public sealed record CqtBasis(int NFft, double[,] Real, double[,] Imag)
{
    public int Bins => Real.GetLength(0);
}

/// <summary>librosa 0.11's constant-Q filters (filters.wavelet and constantq.__vqt_filter_fft): geometric centre
/// frequencies, Hann-windowed complex sinusoids of Q * sampleRate / f samples, L1-normalised, centred in a
/// power-of-two frame, transformed to the frequency domain and sparsified.</summary>
public static class CqtFilters
{
    /// <summary>Equivalent noise bandwidth of the Hann window in bins, the value librosa tabulates for it.</summary>
    public const double HannBandwidth = 1.50018310546875;

    /// <summary>fMin * 2^(k / binsPerOctave), built octave by octave as librosa's interval_frequencies does.</summary>
    public static double[] Frequencies(double fMin, int nBins, int binsPerOctave) =>
        Enumerable.Range(0, nBins)
            .Select(k => Math.Pow(2.0, k / binsPerOctave) * Math.Pow(2.0, (double)(k % binsPerOctave) / binsPerOctave) * fMin)
            .ToArray();

    /// <summary>Relative bandwidth alpha of each filter from the local spacing of the log frequencies (one-sided at the
    /// ends), so that neighbouring filters interleave; a single filter takes the equal-temperament value.</summary>
    public static double[] RelativeBandwidth(double[] freqs, int binsPerOctave)
    {
        static double Alpha(double bandsPerOctave) => (Math.Pow(2.0, 2 / bandsPerOctave) - 1) / (Math.Pow(2.0, 2 / bandsPerOctave) + 1);
        if (freqs.Length == 1)
            return new[] { Alpha(binsPerOctave) };
        var n = freqs.Length;
        var logF = freqs.Select(Math.Log2).ToArray();
        return Enumerable.Range(0, n)
            .Select(k =>
                k == 0 ? 1 / (logF[1] - logF[0])
                : k == n - 1 ? 1 / (logF[n - 1] - logF[n - 2])
                : 2 / (logF[k + 1] - logF[k - 1]))
            .Select(Alpha)
            .ToArray();
    }

    /// <summary>Fractional filter lengths in samples: Q * sampleRate / f with Q = filterScale / alpha.</summary>
    public static double[] Lengths(double[] freqs, double[] alpha, double sampleRate, double filterScale) =>
        freqs.Select((f, k) => filterScale / alpha[k] * sampleRate / f).ToArray();

    /// <summary>The highest frequency any filter's main lobe reaches; it must stay below the Nyquist frequency.</summary>
    public static double Cutoff(double[] freqs, double[] alpha, double filterScale) =>
        freqs.Select((f, k) => f * (1 + 0.5 * HannBandwidth * alpha[k] / filterScale)).Max();

    /// <summary>The time-domain filters, each centred in a frame of the next power of two above the longest.</summary>
    // (bins, nFft)
    public static Complex[][] Wavelets(double[] freqs, double[] alpha, double sampleRate, double filterScale)
    {
        var lengths = Lengths(freqs, alpha, sampleRate, filterScale);
        var nFft = NextPowerOfTwo(lengths.Max());
        return freqs.Select((f, k) => Centered(Wavelet(f, lengths[k], sampleRate), nFft)).ToArray();
    }

    /// <summary>The frequency-domain basis for a set of filters at a sample rate, each filter rescaled by its length
    /// over nFft (so the matrix product with an unnormalised FFT gives the time-domain correlation times length / nFft)
    /// and multiplied by `gain`.</summary>
    public static CqtBasis Basis(double[] freqs, double[] alpha, double sampleRate, double filterScale, double sparsity, double gain)
    {
        var lengths = Lengths(freqs, alpha, sampleRate, filterScale);
        var wavelets = Wavelets(freqs, alpha, sampleRate, filterScale);
        var nFft = wavelets[0].Length;
        var bins = nFft / 2 + 1;
        var real = new double[freqs.Length, bins];
        var imag = new double[freqs.Length, bins];
        for (var k = 0; k < freqs.Length; k++)
        {
            var spectrum = wavelets[k].Select(z => z * (lengths[k] / nFft)).ToArray();
            Fourier.Forward(spectrum, FourierOptions.Matlab);
            var kept = KeptCoefficients(spectrum.AsSpan(0, bins), sparsity);
            for (var j = 0; j < bins; j++)
            {
                if (!kept[j])
                    continue;
                real[k, j] = spectrum[j].Real * gain;
                imag[k, j] = spectrum[j].Imaginary * gain;
            }
        }
        return new CqtBasis(nFft, real, imag);
    }

    /// <summary>librosa's sparsify_rows: drop the smallest coefficients whose magnitudes add up to less than `quantile`
    /// of the row's L1 norm; ties with the threshold stay.</summary>
    public static bool[] KeptCoefficients(ReadOnlySpan<Complex> row, double quantile)
    {
        var magnitudes = new double[row.Length];
        for (var j = 0; j < row.Length; j++)
            magnitudes[j] = row[j].Magnitude;
        var sorted = magnitudes.Order().ToArray();
        var norm = sorted.Sum();
        var cumulative = 0.0;
        var threshold = sorted[^1];
        foreach (var m in sorted)
        {
            cumulative += m / norm;
            if (cumulative >= quantile)
            {
                threshold = m;
                break;
            }
        }
        return magnitudes.Select(m => m >= threshold).ToArray();
    }

    static Complex[] Wavelet(double freq, double length, double sampleRate)
    {
        // librosa's sample grid: the integers from floor(-length / 2) up to, not including, floor(length / 2).
        var first = (int)Math.Floor(-length / 2);
        var count = (int)Math.Floor(length / 2) - first;
        var signal = new Complex[count];
        for (var i = 0; i < count; i++)
        {
            var hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / count);
            signal[i] = Complex.FromPolarCoordinates(hann, (first + i) * 2 * Math.PI * freq / sampleRate);
        }
        var l1 = signal.Sum(z => z.Magnitude);
        return signal.Select(z => z / l1).ToArray();
    }

    static Complex[] Centered(Complex[] filter, int size)
    {
        var padded = new Complex[size];
        Array.Copy(filter, 0, padded, (size - filter.Length) / 2, filter.Length);
        return padded;
    }

    static int NextPowerOfTwo(double length) => (int)Math.Pow(2.0, Math.Ceiling(Math.Log2(length)));
}

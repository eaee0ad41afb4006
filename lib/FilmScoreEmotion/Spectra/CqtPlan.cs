using System.Collections.Immutable;

namespace FilmScoreEmotion.Spectra;

/// <summary>One pass of the CQT: a block of bins computed from the signal at Factor-times the input's sample spacing.</summary>
/// <param name="FirstBin">index of the block's lowest bin in the output</param>
/// <param name="Factor">input samples per sample of the signal this octave sees</param>
/// <param name="HalveAfter">whether the next octave sees this signal halved (librosa halves while the hop is even)</param>
public sealed record CqtOctave(int FirstBin, CqtBasis Basis, int HopLength, int Factor, bool HalveAfter);

/// <summary>How librosa.cqt computes a configuration: an optional early downsampling, then octaves from the top down,
/// each with its own filter basis, then division by the square root of each filter's length (scale=True).</summary>
/// <param name="EarlyFactor">downsampling applied before the first octave (1 when none)</param>
/// <param name="InverseSqrtLengths">1 / sqrt(filter length) per bin, lowest bin first</param>
/// <param name="ContextSamples">input samples needed on each side of a run of frames for the run to equal the same
/// frames of the whole-signal transform; a multiple of Alignment</param>
/// <param name="Alignment">input samples per sample of the most decimated octave: a window of a long signal must start
/// on a multiple of it to see the same sample grid at every octave</param>
public sealed record CqtPlan(
    int EarlyFactor,
    ImmutableArray<CqtOctave> Octaves,
    ImmutableArray<double> InverseSqrtLengths,
    int ContextSamples,
    int Alignment
)
{
    /// <summary>Frames of a signal of `samples` samples: the fewest any octave has (librosa trims to them).</summary>
    public long Frames(long samples) =>
        Octaves.Min(o => 1 + CeilDiv(samples, o.Factor) / o.HopLength);

    public static long CeilDiv(long a, long b) => (a + b - 1) / b;

    public static CqtPlan For(SpectrogramConfig config)
    {
        if (config.NBins < 1 || config.BinsPerOctave < 1 || config.FMin <= 0 || config.FilterScale <= 0 || config.HopLength < 1)
            throw new ArgumentException(
                $"invalid CQT parameters: nBins {config.NBins}, binsPerOctave {config.BinsPerOctave}, fMin {config.FMin} Hz, "
                    + $"filterScale {config.FilterScale}, hopLength {config.HopLength}");
        var freqs = CqtFilters.Frequencies(config.FMin, config.NBins, config.BinsPerOctave);
        var alpha = CqtFilters.RelativeBandwidth(freqs, config.BinsPerOctave);
        var nyquist = config.SampleRate / 2.0;
        var cutoff = CqtFilters.Cutoff(freqs, alpha, config.FilterScale);
        if (cutoff > nyquist)
            throw new ArgumentException(
                $"the CQT's highest filter reaches {cutoff:F1} Hz, above the Nyquist frequency {nyquist} Hz: use fewer bins or a lower fMin");
        return config.CqtAlgorithm == CqtAlgorithm.FullRate
            ? FullRate(config, freqs, alpha)
            : Polyphase(config, freqs, alpha, nyquist, cutoff);
    }

    static CqtPlan FullRate(SpectrogramConfig config, double[] freqs, double[] alpha)
    {
        var basis = CqtFilters.Basis(freqs, alpha, config.SampleRate, config.FilterScale, config.Sparsity, gain: 1.0);
        var lengths = CqtFilters.Lengths(freqs, alpha, config.SampleRate, config.FilterScale);
        return new CqtPlan(
            1,
            ImmutableArray.Create(new CqtOctave(0, basis, config.HopLength, 1, false)),
            lengths.Select(l => 1 / Math.Sqrt(l)).ToImmutableArray(),
            basis.NFft / 2,
            1
        );
    }

    static CqtPlan Polyphase(SpectrogramConfig config, double[] freqs, double[] alpha, double nyquist, double cutoff)
    {
        var nOctaves = (config.NBins + config.BinsPerOctave - 1) / config.BinsPerOctave;
        var perOctave = Math.Min(config.BinsPerOctave, config.NBins);
        var early = EarlyDownsampleCount(nyquist, cutoff, config.HopLength, nOctaves);
        var earlyFactor = 1 << early;
        var rate = config.SampleRate / (double)earlyFactor;
        var hop = config.HopLength / earlyFactor;
        var factor = earlyFactor;

        // Samples at the current octave's rate that chunk-edge zeros have corrupted, and the context they demand.
        var corrupted = early > 0 ? CeilDiv(Decimation.HalfLength(earlyFactor), earlyFactor) : 0;
        var context = 0L;
        var octaves = ImmutableArray.CreateBuilder<CqtOctave>();
        for (var i = 0; i < nOctaves; i++)
        {
            var high = config.NBins - perOctave * i;
            var low = Math.Max(0, high - perOctave);
            var basis = CqtFilters.Basis(
                freqs[low..high],
                alpha[low..high],
                rate,
                config.FilterScale,
                config.Sparsity,
                gain: Math.Sqrt(config.SampleRate / (double)earlyFactor / rate)
            );
            var halve = hop % 2 == 0 && i < nOctaves - 1;
            octaves.Add(new CqtOctave(low, basis, hop, factor, halve));
            context = Math.Max(context, (corrupted + basis.NFft / 2) * factor);
            if (halve)
            {
                hop /= 2;
                rate /= 2;
                factor *= 2;
                corrupted = CeilDiv(corrupted + Decimation.HalfLength(2), 2);
            }
        }

        // scale=True divides by the lengths at the rate after early downsampling, as librosa recomputes them.
        var lengths = CqtFilters.Lengths(freqs, alpha, config.SampleRate / (double)earlyFactor, config.FilterScale);
        return new CqtPlan(
            earlyFactor,
            octaves.ToImmutable(),
            lengths.Select(l => 1 / Math.Sqrt(l)).ToImmutableArray(),
            (int)(CeilDiv(context, factor) * factor),
            factor
        );
    }

    /// <summary>librosa's rule: downsample before the first octave by as many factors of two as both the headroom
    /// below Nyquist and the hop's factors of two (less those the octaves need) allow.</summary>
    static int EarlyDownsampleCount(double nyquist, double cutoff, int hopLength, int nOctaves)
    {
        var byBandwidth = Math.Max(0, (int)Math.Ceiling(Math.Log2(nyquist / cutoff)) - 1 - 1);
        var twos = 0;
        for (var h = hopLength; h > 0 && h % 2 == 0; h /= 2)
            twos++;
        var byHop = Math.Max(0, twos - nOctaves + 1);
        return Math.Min(byBandwidth, byHop);
    }
}

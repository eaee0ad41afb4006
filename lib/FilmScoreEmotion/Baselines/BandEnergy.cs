using static TorchSharp.torch;

namespace FilmScoreEmotion.Baselines;

/// <summary>
/// A quick CQT-like feature for the difficulty baseline: STFT power pooled into log-spaced bands (a few per octave),
/// in dB, averaged over the frames of each 2-s segment. Coarse on purpose: it sees register, brightness and
/// loudness contour but neither rhythm nor harmony, like the "time-averaged spectrum" baselines of MER papers.
/// </summary>
public static class BandEnergy
{
    public sealed record Config(
        int NFft = 4096,
        int HopLength = 1024,
        double FMin = 32.703,
        int BandsPerOctave = 3,
        int Octaves = 8,
        double SegmentSec = 2.0
    );

    /// <summary>One row per non-overlapping segment: (segments, bands) mean log band energy (dB).</summary>
    public static float[][] SegmentFeatures(float[] samples, int sampleRate, Config config)
    {
        var segmentLength = (int)Math.Round(config.SegmentSec * sampleRate);
        var segments = samples.Length / segmentLength;
        if (segments == 0)
            return [];
        using var scope = NewDisposeScope();
        var x = tensor(samples[..(segments * segmentLength)]).reshape(segments, segmentLength); // (segments, samples)
        var spec = stft(
            x,
            config.NFft,
            config.HopLength,
            window: hann_window(config.NFft),
            center: true,
            return_complex: true
        );
        var magnitude = spec.abs();
        var power = magnitude.mul(magnitude); // (segments, bins, frames)
        var pool = tensor(Pooling(config, sampleRate)); // (bands, bins)
        var bands = matmul(pool.unsqueeze(0), power); // (segments, bands, frames)
        // Scalars kept until the calls return (+ would make the 1e-10 and its alpha on the spot): see Runtime.KeptScalars
        using TorchSharp.Scalar tiny = 1e-10, ten = 10;
        var db = bands.add(tiny, Runtime.KeptScalars.One).log10().mul(ten).mean([2L]); // (segments, bands)
        var flat = db.contiguous().data<float>().ToArray();
        var nBands = config.BandsPerOctave * config.Octaves;
        return Enumerable
            .Range(0, segments)
            .Select(s => flat.AsSpan(s * nBands, nBands).ToArray())
            .ToArray();
    }

    /// <summary>Triangular filters centred on log-spaced frequencies, normalised to unit area.</summary>
    static float[,] Pooling(Config config, int sampleRate)
    {
        var bins = config.NFft / 2 + 1;
        var nBands = config.BandsPerOctave * config.Octaves;
        var weights = new float[nBands, bins];
        double Centre(int b) => config.FMin * Math.Pow(2, b / (double)config.BandsPerOctave);
        for (var b = 0; b < nBands; b++)
        {
            double lo = Centre(b - 1),
                mid = Centre(b),
                hi = Centre(b + 1);
            var total = 0.0;
            for (var k = 0; k < bins; k++)
            {
                var f = k * sampleRate / (double)config.NFft;
                var w =
                    f <= lo || f >= hi ? 0
                    : f <= mid ? (f - lo) / (mid - lo)
                    : (hi - f) / (hi - mid);
                weights[b, k] = (float)w;
                total += w;
            }
            if (total == 0)
            {
                // Bands narrower than a bin at low frequencies take the nearest bin.
                weights[b, (int)Math.Round(mid * config.NFft / sampleRate)] = 1;
                total = 1;
            }
            for (var k = 0; k < bins; k++)
                weights[b, k] /= (float)total;
        }
        return weights;
    }
}

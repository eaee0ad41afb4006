using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// The artefacts of perceptual coding without a codec: short-time spectra (1,024-sample sine windows, half
/// overlap, perfect reconstruction) lose every bin above a cutoff, as a 96-128 kbit/s MP3 does, and are quantised
/// with a step set from each frame's loudest bin, so quiet bins vanish ("birdies", spectral holes) and loud ones
/// carry noise. No encoder is needed, so the corpus stays deterministic and in process.
/// </summary>
public static class LossyCoding
{
    const int Frame = 1024;
    const int Hop = Frame / 2;

    public static double[] Apply(ReadOnlySpan<double> x, int sampleRate, double cutoffHz, double snrDb)
    {
        var window = new double[Frame];
        for (var n = 0; n < Frame; n++)
            window[n] = Math.Sin(Math.PI * (n + 0.5) / Frame);
        var padded = new double[x.Length + 2 * Frame];
        x.CopyTo(padded.AsSpan(Frame));
        var output = new double[padded.Length];
        var cutoffBin = (int)Math.Round(cutoffHz / sampleRate * Frame);
        var spectrum = new Complex[Frame];
        for (var start = 0; start + Frame <= padded.Length; start += Hop)
        {
            for (var n = 0; n < Frame; n++)
                spectrum[n] = padded[start + n] * window[n];
            Fourier.Forward(spectrum, FourierOptions.AsymmetricScaling);
            var loudest = 0.0;
            for (var k = 0; k <= Frame / 2; k++)
                loudest = Math.Max(loudest, spectrum[k].Magnitude);
            var step = loudest * Math.Pow(10, -snrDb / 20);
            for (var k = 0; k <= Frame / 2; k++)
            {
                var kept = k < cutoffBin && step > 0
                    ? new Complex(Math.Round(spectrum[k].Real / step) * step, Math.Round(spectrum[k].Imaginary / step) * step)
                    : Complex.Zero;
                spectrum[k] = kept;
                if (k > 0 && k < Frame / 2)
                    spectrum[Frame - k] = Complex.Conjugate(kept);
            }
            Fourier.Inverse(spectrum, FourierOptions.AsymmetricScaling);
            for (var n = 0; n < Frame; n++)
                output[start + n] += spectrum[n].Real * window[n];
        }
        return output.AsSpan(Frame, x.Length).ToArray();
    }
}

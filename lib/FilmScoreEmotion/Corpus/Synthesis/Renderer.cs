using System.Runtime.Intrinsics;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Additive synthesis of note events into a mono buffer. Each partial is a complex phasor rotated once per sample,
/// so no sine is evaluated per sample; vibrato, glide and tremolo are updated every <see cref="Block"/> samples.
/// Partials are processed four at a time with <see cref="Vector256{T}"/> (software-emulated where AVX is missing),
/// with a fixed summation order, so output does not depend on the machine's vector width.
/// </summary>
public static class Renderer
{
    const int Block = 64;
    const double MaxPartialHz = 11000;

    public static float[] Render(
        IReadOnlyList<NoteEvent> notes,
        int sampleRate,
        double durationSec,
        double brightness,
        Rng rng
    )
    {
        var length = (int)Math.Round(durationSec * sampleRate);
        var output = new double[length];
        foreach (var note in notes)
        {
            var timbre = Timbres.For(note.Instrument, note.Midi, note.Velocity, brightness, rng);
            RenderNote(output, note, timbre, sampleRate, rng.NextULong() | 1);
        }
        return output.Select(x => (float)x).ToArray();
    }

    static void RenderNote(
        double[] output,
        NoteEvent note,
        Timbre timbre,
        int sampleRate,
        ulong noiseSeed
    )
    {
        var start = (int)Math.Round(note.Onset * sampleRate);
        if (start >= output.Length)
            return;
        var f0 = MusicTheory.MidiToHz(note.Midi);
        var fs = (double)sampleRate;
        var holdSamples = Math.Max(1, (int)(note.Duration * fs));
        var releaseSamples = (int)(timbre.ReleaseSec * fs);
        var total = Math.Min(holdSamples + releaseSamples, output.Length - start);
        var releaseRate = Math.Log(1000) / Math.Max(timbre.ReleaseSec, 1e-3);
        var loudness = Math.Pow(note.Velocity, 1.6);

        var partials = timbre
            .Partials.Where(p =>
                p.Ratio * f0 * Math.Pow(2, (timbre.VibratoCents + 30) / 1200)
                < Math.Min(MaxPartialHz, 0.45 * fs)
            )
            .ToArray();
        var lanes = (partials.Length + 3) / 4;
        var n = lanes * 4;
        var re = new double[n];
        var im = new double[n];
        var amp = new double[n];
        var decay = new double[n];
        var cr = new double[n];
        var ci = new double[n];
        var norm = 1.0 / Math.Sqrt(partials.Sum(p => p.Amplitude * p.Amplitude) + 1e-12);
        var phaseState = noiseSeed;
        for (var k = 0; k < n; k++)
        {
            decay[k] = 1.0;
            // Padding lanes hold a still unit phasor (zero amplitude) so renormalisation never divides zero by zero.
            re[k] = 1.0;
            cr[k] = 1.0;
            if (k >= partials.Length)
                continue;
            phaseState = phaseState * 6364136223846793005UL + 1442695040888963407UL;
            var phase = (phaseState >> 11) * (2 * Math.PI / (1UL << 53));
            re[k] = Math.Cos(phase);
            im[k] = Math.Sin(phase);
            amp[k] = partials[k].Amplitude * norm * loudness;
            decay[k] = Math.Exp(-partials[k].DecayPerSec / fs);
        }

        var noise = noiseSeed;
        var noiseLp = 0.0;
        var noiseCoef = Math.Exp(-2 * Math.PI * timbre.NoiseCutoffHz / fs);
        var noiseAmp = timbre.NoiseLevel * loudness;
        var noiseDecay = Math.Exp(-timbre.NoiseDecayPerSec / fs);
        var blockOut = new double[Block];
        var vibratoPhase = (noiseSeed >> 20) % 1000 / 1000.0 * 2 * Math.PI;

        for (var s = 0; s < total; s += Block)
        {
            var count = Math.Min(Block, total - s);
            var t = s / fs;
            var cents =
                timbre.VibratoCents
                * Math.Clamp((t - timbre.VibratoDelaySec) / 0.3, 0, 1)
                * Math.Sin(2 * Math.PI * timbre.VibratoHz * t + vibratoPhase);
            if (timbre.GlideSec > 0)
                cents -= timbre.GlideCents * Math.Min(1, t / timbre.GlideSec);
            var multiplier = Math.Pow(2, cents / 1200);
            for (var k = 0; k < partials.Length; k++)
            {
                var w = 2 * Math.PI * partials[k].Ratio * f0 * multiplier / fs;
                cr[k] = Math.Cos(w);
                ci[k] = Math.Sin(w);
            }
            var g0 = Envelope(s, holdSamples, fs, timbre, releaseRate, note.TremoloHz);
            var g1 = Envelope(s + count, holdSamples, fs, timbre, releaseRate, note.TremoloHz);
            Array.Clear(blockOut);
            for (var l = 0; l < lanes; l++)
            {
                var o = 4 * l;
                var vr = Vector256.Create(re[o], re[o + 1], re[o + 2], re[o + 3]);
                var vi = Vector256.Create(im[o], im[o + 1], im[o + 2], im[o + 3]);
                var va = Vector256.Create(amp[o], amp[o + 1], amp[o + 2], amp[o + 3]);
                var vd = Vector256.Create(decay[o], decay[o + 1], decay[o + 2], decay[o + 3]);
                var vcr = Vector256.Create(cr[o], cr[o + 1], cr[o + 2], cr[o + 3]);
                var vci = Vector256.Create(ci[o], ci[o + 1], ci[o + 2], ci[o + 3]);
                for (var i = 0; i < count; i++)
                {
                    var nr = vr * vcr - vi * vci;
                    vi = vr * vci + vi * vcr;
                    vr = nr;
                    va *= vd;
                    var y = va * vi;
                    blockOut[i] +=
                        (y.GetElement(0) + y.GetElement(1)) + (y.GetElement(2) + y.GetElement(3));
                }
                // Renormalise once a block so rounding never lets a phasor's magnitude drift.
                var mag = Vector256.Sqrt(vr * vr + vi * vi);
                vr /= mag;
                vi /= mag;
                for (var j = 0; j < 4; j++)
                {
                    re[o + j] = vr.GetElement(j);
                    im[o + j] = vi.GetElement(j);
                    amp[o + j] = va.GetElement(j);
                }
            }
            for (var i = 0; i < count; i++)
            {
                var g = g0 + (g1 - g0) * i / count;
                var sample = blockOut[i];
                if (noiseAmp > 0)
                {
                    noise ^= noise << 13;
                    noise ^= noise >> 7;
                    noise ^= noise << 17;
                    var white = (noise >> 11) * (2.0 / (1UL << 53)) - 1.0;
                    noiseLp = noiseCoef * noiseLp + (1 - noiseCoef) * white;
                    sample += noiseAmp * noiseLp;
                    noiseAmp *= noiseDecay;
                }
                output[start + s + i] += g * sample;
            }
        }
    }

    /// <summary>Attack ramp, sustain, exponential release after note-off, and amplitude tremolo.</summary>
    static double Envelope(
        int sample,
        int holdSamples,
        double fs,
        Timbre timbre,
        double releaseRate,
        double tremoloHz
    )
    {
        var t = sample / fs;
        var g = Math.Min(1.0, t / Math.Max(timbre.AttackSec, 1e-4));
        if (sample > holdSamples)
            g *= Math.Exp(-releaseRate * (sample - holdSamples) / fs);
        if (tremoloHz > 0)
            g *= 1 - 0.75 * (0.5 + 0.5 * Math.Cos(2 * Math.PI * tremoloHz * t));
        return g;
    }
}

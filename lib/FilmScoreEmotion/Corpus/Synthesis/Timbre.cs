using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>One sinusoid of a note: frequency as a multiple of the fundamental, amplitude, exponential decay (1/s).</summary>
public readonly record struct Partial(double Ratio, double Amplitude, double DecayPerSec);

/// <summary>
/// A note's sound: partials plus envelope, vibrato, pitch glide and a noise component (bow, breath, mallet).
/// Percussive timbres have no sustain: their partials decay from the attack on.
/// </summary>
public sealed record Timbre(
    ImmutableArray<Partial> Partials,
    double AttackSec,
    double ReleaseSec,
    bool Percussive,
    double VibratoHz,
    double VibratoCents,
    double VibratoDelaySec,
    double GlideCents,
    double GlideSec,
    double NoiseLevel,
    double NoiseDecayPerSec,
    double NoiseCutoffHz
);

/// <summary>Instrument models in the spirit of classic additive synthesis (Risset; Fletcher &amp; Rossing for the physics).</summary>
public static class Timbres
{
    /// <summary>Builds the timbre of one note; <paramref name="brightness"/> in [0, 1] tilts the spectrum as a louder or brighter player would.</summary>
    public static Timbre For(
        Instrument instrument,
        double midi,
        double velocity,
        double brightness,
        Rng rng
    )
    {
        var bright = Math.Clamp(0.35 * brightness + 0.65 * velocity, 0, 1);
        var register = (midi - 60) / 12.0;
        // The additive renderer predates the oboe, choir and celesta: each borrows its nearest timbre.
        instrument = instrument switch
        {
            Instrument.Oboe => Instrument.Clarinet,
            Instrument.Choir => Instrument.Pad,
            Instrument.Celesta => Instrument.Harp,
            _ => instrument,
        };
        return instrument switch
        {
            Instrument.Piano => Piano(midi, bright, register, rng),
            Instrument.Strings => new Timbre(
                Harmonic(
                    16,
                    k => Math.Pow(k, -(1.0 + 0.9 * (1 - bright))) * (k == 2 ? 1.2 : 1.0),
                    k => 0.05 * k
                ),
                rng.Uniform(0.08, 0.25) * (1.4 - velocity * 0.8),
                rng.Uniform(0.2, 0.4),
                false,
                rng.Uniform(4.8, 6.5),
                rng.Uniform(8, 22),
                rng.Uniform(0.1, 0.35),
                0,
                0,
                0.012,
                0,
                rng.Uniform(2500, 5000)
            ),
            Instrument.Pizzicato => new Timbre(
                Harmonic(
                    12,
                    k => Math.Pow(k, -1.6) * Math.Abs(Math.Sin(Math.PI * k * 0.18)),
                    k => (3.5 + 2 * register) * (1 + 0.35 * k)
                ),
                0.002,
                0.05,
                true,
                0,
                0,
                0,
                0,
                0,
                0.02,
                60,
                3000
            ),
            Instrument.Brass => new Timbre(
                Harmonic(16, k => Math.Exp(-(k - 1) * (1.3 - 1.05 * bright)), k => 0.02 * k),
                rng.Uniform(0.03, 0.08),
                rng.Uniform(0.1, 0.2),
                false,
                rng.Uniform(4.5, 5.5),
                rng.Uniform(0, 8),
                0.3,
                -rng.Uniform(0, 25),
                0.05,
                0.01,
                20,
                2000
            ),
            Instrument.Flute => new Timbre(
                [
                    new(1, 1, 0),
                    new(2, 0.35 * (0.5 + bright), 0),
                    new(3, 0.15 * (0.3 + bright), 0),
                    new(4, 0.05, 0),
                    new(5, 0.02, 0),
                ],
                rng.Uniform(0.04, 0.1),
                0.1,
                false,
                rng.Uniform(4.5, 5.5),
                rng.Uniform(8, 18),
                0.2,
                0,
                0,
                0.04,
                0,
                rng.Uniform(3000, 6000)
            ),
            Instrument.Clarinet => new Timbre(
                Harmonic(
                    13,
                    k => (k % 2 == 1 ? 1.0 : 0.12) * Math.Pow(k, -(0.8 + 0.8 * (1 - bright))),
                    k => 0.02 * k
                ),
                rng.Uniform(0.03, 0.07),
                0.08,
                false,
                rng.Uniform(4.5, 5.5),
                rng.Uniform(0, 6),
                0.3,
                0,
                0,
                0.015,
                0,
                2500
            ),
            Instrument.Pad => Pad(bright, rng),
            Instrument.Harp => new Timbre(
                Harmonic(
                    10,
                    k => Math.Pow(k, -1.8) * Math.Abs(Math.Sin(Math.PI * k * 0.27)) + 0.02,
                    k => (1.2 + 0.8 * register) * (1 + 0.5 * k)
                ),
                0.003,
                0.6,
                true,
                0,
                0,
                0,
                0,
                0,
                0.01,
                80,
                4000
            ),
            _ => new Timbre(
                // Kettle drum modes (ratios after Fletcher & Rossing) with a felt-mallet thump.
                [
                    new(1, 1, 1.8),
                    new(1.5, 0.8, 2.4),
                    new(1.98, 0.55, 3.0),
                    new(2.44, 0.35, 3.6),
                    new(2.97, 0.22, 4.5),
                    new(3.5, 0.12, 5.5),
                ],
                0.003,
                0.4,
                true,
                0,
                0,
                0,
                rng.Uniform(20, 50),
                0.15,
                0.6,
                25,
                rng.Uniform(300, 700)
            ),
        };
    }

    static ImmutableArray<Partial> Harmonic(
        int count,
        Func<int, double> amplitude,
        Func<int, double> decay
    ) =>
        Enumerable
            .Range(1, count)
            .Select(k => new Partial(k, amplitude(k), decay(k)))
            .ToImmutableArray();

    static Timbre Piano(double midi, double bright, double register, Rng rng)
    {
        // Stiff strings: partial k sits at k f0 sqrt(1 + B k^2); B grows towards the treble.
        var b = 0.00015 * Math.Pow(2, (midi - 48) / 14.0);
        var strike = rng.Uniform(1 / 9.0, 1 / 7.0);
        var decay1 = 0.35 * Math.Pow(2, (midi - 40) / 16.0);
        var partials = Enumerable
            .Range(1, 18)
            .Select(k => new Partial(
                k * Math.Sqrt(1 + b * k * k),
                Math.Pow(k, -(0.9 + 1.1 * (1 - bright)))
                    * (0.15 + Math.Abs(Math.Sin(Math.PI * k * strike))),
                decay1 * (1 + 0.25 * (k - 1) * (1 + register * 0.3))
            ))
            .ToImmutableArray();
        return new Timbre(partials, 0.002, 0.15, true, 0, 0, 0, 0, 0, 0.02 * bright, 90, 5000);
    }

    static Timbre Pad(double bright, Rng rng)
    {
        // Two detuned saw-like sets beating against each other, the chorus of synth pads and divisi strings.
        var detune = Math.Pow(2, rng.Uniform(4, 12) / 1200);
        var one = Harmonic(8, k => 0.6 * Math.Pow(k, -(1.3 + (1 - bright))), _ => 0);
        var two = one.Select(p => p with { Ratio = p.Ratio * detune }).ToImmutableArray();
        return new Timbre(
            [.. one, .. two],
            rng.Uniform(0.3, 1.0),
            rng.Uniform(0.6, 1.2),
            false,
            0.3,
            4,
            0,
            0,
            0,
            0.004,
            0,
            1500
        );
    }
}

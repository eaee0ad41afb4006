using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Draws an excerpt's plan from the cues music psychology reports for each emotion (Juslin &amp; Laukka 2004;
/// Gabrielsson &amp; Lindström 2010; Vieillard et al. 2008 composed their set by such rules): happiness major, fast,
/// medium-high, detached; sadness minor, slow, legato, low-medium; fear dissonant, chromatic or diminished, irregular,
/// low, tremolo, sudden accents; peacefulness major, moderate-slow, soft, arpeggiated. The ranges overlap on purpose:
/// some sad pieces are in major, sad and peaceful share tempi, and a third of the fear pieces are regular and
/// nearly consonant ostinatos, as in real scores.
/// </summary>
public static class EmotionRules
{
    public static ExcerptPlan Draw(Emotion emotion, double durationSec, bool pianoOnly, Rng rng) =>
        emotion switch
        {
            Emotion.Happiness => Happy(durationSec, pianoOnly, rng),
            Emotion.Sadness => Sad(durationSec, pianoOnly, rng),
            Emotion.Fear => Fearful(durationSec, pianoOnly, rng),
            _ => Peaceful(durationSec, pianoOnly, rng),
        };

    static Instrument Choose(bool pianoOnly, Rng rng, params (Instrument, double)[] options) =>
        pianoOnly ? Instrument.Piano : rng.Pick<Instrument>(options);

    static int Meter(Rng rng, double p3, double p2) =>
        rng.Pick<int>([(4, 1 - p3 - p2), (3, p3), (2, p2)]);

    static ExcerptPlan Happy(double duration, bool piano, Rng rng)
    {
        var mode = rng.Pick<Mode>([
            (Mode.Major, 0.72),
            (Mode.Mixolydian, 0.12),
            (Mode.Lydian, 0.08),
            (Mode.Dorian, 0.08),
        ]);
        var tempo = rng.Chance(0.15) ? rng.Uniform(78, 104) : rng.Uniform(100, 176);
        var tonic = 48 + rng.Int(0, 12);
        var accompaniment = rng.Pick<Accompaniment>([
            (Accompaniment.OomPah, 0.25),
            (Accompaniment.Alberti, 0.2),
            (Accompaniment.BlockChords, 0.25),
            (Accompaniment.Arpeggio, 0.2),
            (Accompaniment.Ostinato, 0.1),
        ]);
        return new ExcerptPlan(
            Emotion.Happiness,
            duration,
            mode,
            tonic,
            tempo,
            Meter(rng, 0.25, 0.15),
            rng.Pick(MusicTheory.MajorProgressions),
            Choose(
                piano,
                rng,
                (Instrument.Flute, 0.25),
                (Instrument.Clarinet, 0.15),
                (Instrument.Brass, 0.2),
                (Instrument.Strings, 0.2),
                (Instrument.Piano, 0.15),
                (Instrument.Pizzicato, 0.05)
            ),
            rng.Int(66, 82),
            accompaniment,
            Choose(
                piano,
                rng,
                (Instrument.Strings, 0.25),
                (Instrument.Pizzicato, 0.25),
                (Instrument.Piano, 0.25),
                (Instrument.Harp, 0.15),
                (Instrument.Brass, 0.1)
            ),
            rng.Chance(0.85)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Pizzicato, 0.4),
                    (Instrument.Strings, 0.3),
                    (Instrument.Piano, 0.3)
                )
                : null,
            rng.Int(36, 48),
            !piano && rng.Chance(0.25),
            rng.Uniform(0.5, 0.95),
            rng.Uniform(0.35, 0.85),
            rng.Uniform(0, 0.1),
            rng.Uniform(0, 0.08),
            rng.Uniform(0, 0.06),
            0,
            rng.Uniform(0, 0.03),
            rng.Uniform(-0.2, 0.4),
            rng.Uniform(0.8, 2.2),
            rng.Uniform(0.1, 0.3),
            rng.Uniform(-68, -52),
            rng.Uniform(0.55, 1.0)
        );
    }

    static ExcerptPlan Sad(double duration, bool piano, Rng rng)
    {
        var mode = rng.Pick<Mode>([
            (Mode.NaturalMinor, 0.45),
            (Mode.HarmonicMinor, 0.2),
            (Mode.Dorian, 0.08),
            (Mode.Phrygian, 0.07),
            (Mode.Major, 0.2),
        ]);
        var tonic = 45 + rng.Int(0, 12);
        var tremolo = !piano && rng.Chance(0.1);
        return new ExcerptPlan(
            Emotion.Sadness,
            duration,
            mode,
            tonic,
            rng.Chance(0.12) ? rng.Uniform(88, 112) : rng.Uniform(46, 92),
            Meter(rng, 0.3, 0.05),
            rng.Pick(
                MusicTheory.IsMinor(mode)
                    ? MusicTheory.MinorProgressions
                    : MusicTheory.GentleProgressions
            ),
            rng.Chance(0.9)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.35),
                    (Instrument.Clarinet, 0.15),
                    (Instrument.Piano, 0.2),
                    (Instrument.Flute, 0.1),
                    (Instrument.Brass, 0.1),
                    (Instrument.Pad, 0.1)
                )
                : null,
            rng.Int(55, 75),
            tremolo
                ? Accompaniment.Tremolo
                : rng.Pick<Accompaniment>([
                    (Accompaniment.Sustained, 0.3),
                    (Accompaniment.Arpeggio, 0.3),
                    (Accompaniment.BlockChords, 0.25),
                    (Accompaniment.Alberti, 0.15),
                ]),
            tremolo
                ? Instrument.Strings
                : Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.3),
                    (Instrument.Pad, 0.2),
                    (Instrument.Piano, 0.35),
                    (Instrument.Harp, 0.15)
                ),
            rng.Chance(0.8)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.5),
                    (Instrument.Piano, 0.3),
                    (Instrument.Pad, 0.2)
                )
                : null,
            rng.Int(31, 45),
            !piano && rng.Chance(0.07),
            rng.Uniform(0.25, 0.7),
            rng.Uniform(0.8, 1.1),
            rng.Uniform(0, 0.15),
            rng.Uniform(0, 0.04),
            rng.Uniform(0, 0.12),
            tremolo ? rng.Uniform(6, 12) : 0,
            rng.Uniform(0.03, 0.12),
            rng.Uniform(-0.4, 0.3),
            rng.Uniform(1.4, 3.2),
            rng.Uniform(0.18, 0.45),
            rng.Uniform(-66, -50),
            rng.Uniform(0.25, 0.7)
        );
    }

    static ExcerptPlan Fearful(double duration, bool piano, Rng rng)
    {
        // Regular, nearly consonant ostinatos (the "Jaws" kind) overlap with tense but otherwise ordinary minor music.
        var regular = rng.Chance(0.3);
        var mode = regular
            ? rng.Pick<Mode>([
                (Mode.NaturalMinor, 0.5),
                (Mode.HarmonicMinor, 0.3),
                (Mode.Phrygian, 0.2),
            ])
            : rng.Pick<Mode>([
                (Mode.Octatonic, 0.4),
                (Mode.Phrygian, 0.15),
                (Mode.HarmonicMinor, 0.2),
                (Mode.WholeTone, 0.1),
                (Mode.NaturalMinor, 0.15),
            ]);
        var tonic = 40 + rng.Int(0, 12);
        var accompaniment = regular
            ? rng.Pick<Accompaniment>([
                (Accompaniment.Ostinato, 0.6),
                (Accompaniment.BlockChords, 0.2),
                (Accompaniment.Sustained, 0.2),
            ])
            : rng.Pick<Accompaniment>([
                (Accompaniment.Tremolo, 0.35),
                (Accompaniment.Stabs, 0.3),
                (Accompaniment.Sustained, 0.2),
                (Accompaniment.Ostinato, 0.15),
            ]);
        var tremolo = accompaniment == Accompaniment.Tremolo;
        var progression = regular
            ? rng.Pick(MusicTheory.MinorProgressions)
            : Enumerable
                .Range(0, 4)
                .Select(_ => rng.Int(0, MusicTheory.ScaleSteps(mode).Length))
                .ToImmutableArray();
        return new ExcerptPlan(
            Emotion.Fear,
            duration,
            mode,
            tonic,
            rng.Uniform(50, 160),
            Meter(rng, 0.2, 0.1),
            progression,
            rng.Chance(0.65)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.35),
                    (Instrument.Brass, 0.3),
                    (Instrument.Clarinet, 0.15),
                    (Instrument.Piano, 0.2)
                )
                : null,
            rng.Int(45, 68),
            accompaniment,
            Choose(
                piano,
                rng,
                (Instrument.Strings, 0.45),
                (Instrument.Pad, 0.2),
                (Instrument.Brass, 0.15),
                (Instrument.Piano, 0.2)
            ),
            rng.Chance(0.85)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.4),
                    (Instrument.Brass, 0.25),
                    (Instrument.Piano, 0.2),
                    (Instrument.Pad, 0.15)
                )
                : null,
            rng.Int(26, 40),
            !piano && rng.Chance(0.6),
            rng.Uniform(0.3, 1.0),
            rng.Uniform(0.4, 1.05),
            regular ? rng.Uniform(0, 0.1) : rng.Uniform(0.3, 0.9),
            regular ? rng.Uniform(0, 0.08) : rng.Uniform(0.1, 0.4),
            regular ? rng.Uniform(0, 0.15) : rng.Uniform(0.3, 0.8),
            tremolo ? rng.Uniform(8, 16) : 0,
            rng.Uniform(0, 0.08),
            rng.Uniform(-0.2, 0.9),
            rng.Uniform(1.0, 3.2),
            rng.Uniform(0.15, 0.4),
            rng.Uniform(-64, -48),
            rng.Uniform(0.3, 0.9)
        );
    }

    static ExcerptPlan Peaceful(double duration, bool piano, Rng rng)
    {
        var mode = rng.Pick<Mode>([
            (Mode.Major, 0.68),
            (Mode.Lydian, 0.14),
            (Mode.Mixolydian, 0.06),
            (Mode.Dorian, 0.06),
            (Mode.NaturalMinor, 0.06),
        ]);
        return new ExcerptPlan(
            Emotion.Peacefulness,
            duration,
            mode,
            48 + rng.Int(0, 12),
            rng.Uniform(52, 106),
            Meter(rng, 0.4, 0.05),
            rng.Pick(
                MusicTheory.IsMinor(mode)
                    ? MusicTheory.MinorProgressions
                    : MusicTheory.GentleProgressions
            ),
            rng.Chance(0.8)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Flute, 0.3),
                    (Instrument.Strings, 0.2),
                    (Instrument.Piano, 0.2),
                    (Instrument.Clarinet, 0.1),
                    (Instrument.Harp, 0.1),
                    (Instrument.Pad, 0.1)
                )
                : null,
            rng.Int(62, 80),
            rng.Pick<Accompaniment>([
                (Accompaniment.Arpeggio, 0.55),
                (Accompaniment.Sustained, 0.25),
                (Accompaniment.Alberti, 0.1),
                (Accompaniment.BlockChords, 0.1),
            ]),
            Choose(
                piano,
                rng,
                (Instrument.Harp, 0.35),
                (Instrument.Piano, 0.3),
                (Instrument.Pad, 0.2),
                (Instrument.Strings, 0.15)
            ),
            rng.Chance(0.7)
                ? Choose(
                    piano,
                    rng,
                    (Instrument.Strings, 0.4),
                    (Instrument.Piano, 0.3),
                    (Instrument.Pad, 0.3)
                )
                : null,
            rng.Int(36, 48),
            false,
            rng.Uniform(0.15, 0.5),
            rng.Uniform(0.8, 1.1),
            rng.Uniform(0, 0.08),
            0,
            rng.Uniform(0, 0.05),
            0,
            rng.Uniform(0.02, 0.08),
            rng.Uniform(-0.3, 0.2),
            rng.Uniform(1.5, 3.5),
            rng.Uniform(0.22, 0.5),
            rng.Uniform(-68, -54),
            rng.Uniform(0.2, 0.6)
        );
    }
}

using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// The musical characters the composer writes in. Fear comes twice, because film scores frighten in two ways, with
/// atonal, irregular shocks and with a regular, nearly consonant ostinato (the "Jaws" kind). Happiness and sadness
/// come twice too, each once quiet and once for full orchestra: a triumphant cue (fanfare brass, timpani, a low bass)
/// beside the joyful one, and a tragic, grieving one (loud, swelling strings and choir over a low bass) beside the
/// mournful one, so that loudness, brass, timpani and a heavy low end do not mean fear.
/// </summary>
public enum Character
{
    Joyful,
    Mournful,
    Shocking,
    Stalking,
    Pastoral,
    Triumphant,
    Tragic,
}

/// <summary>A closed range drawn uniformly.</summary>
public readonly record struct Span(double Min, double Max)
{
    public double Draw(Rng rng) => rng.Uniform(Min, Max);
}

/// <summary>Options drawn by weight.</summary>
public sealed record Weights<T>(ImmutableArray<(T Item, double Weight)> Options)
{
    public T Draw(Rng rng) => rng.Pick<T>(Options);

    public static implicit operator Weights<T>((T, double)[] options) => new([.. options]);
}

/// <summary>Chord progressions a character draws from (<see cref="MusicTheory"/>), or free roots for atonal writing.</summary>
public enum Harmony
{
    Major,
    Gentle,
    Minor,
    FreeRoots,
}

/// <summary>One row of the orchestration table: a cue, the source it comes from, its value per character.</summary>
public sealed record Row<T>(string Cue, string Source, ImmutableDictionary<Character, T> Values)
{
    public T this[Character character] => Values[character];
}

/// <summary>
/// The orchestration table: for each musical cue, its range per character, with the music-psychology or
/// film-scoring source it follows. Ranges overlap on purpose (some sad pieces are in major, sad and peaceful share
/// tempi) and every character uses strings, piano, woodwinds and brass, so a model has to hear the music, not which
/// instrument plays. <see cref="EmotionRules.Draw"/> reads these rows and nothing else.
/// </summary>
public static class Orchestration
{
    const string Vieillard = "Vieillard et al. 2008, Happy, sad, scary and peaceful musical excerpts for research on emotions (Cognition & Emotion 22)";
    const string JuslinLaukka = "Juslin & Laukka 2004, Expression, perception, and induction of musical emotions (J. New Music Research 33)";
    const string Gabrielsson = "Gabrielsson & Lindstrom 2010, The role of structure in the musical expression of emotions (Handbook of Music and Emotion)";
    const string EerolaCues = "Eerola, Friberg & Bresin 2013, Emotional expression in music: contribution, linearity, and additivity of primary musical cues (Frontiers in Psychology 4)";
    const string Huron = "Huron 2008, A comparison of average pitch height and interval size in major- and minor-key themes (Empirical Musicology Review 3)";
    const string HuronSurprise = "Huron 2006, Sweet Anticipation: Music and the Psychology of Expectation (MIT Press), ch. 2 and 19";
    const string Lehman = "Lehman 2018, Hollywood Harmony: Musical Wonder and the Sound of Cinema (Oxford UP), ch. 5";
    const string KarlinWright = "Karlin & Wright 2004, On the Track: A Guide to Contemporary Film Scoring, 2nd ed. (Routledge), ch. 8 and 11";
    const string Adler = "Adler 2002, The Study of Orchestration, 3rd ed. (Norton): string tremolo and sul ponticello for tension";
    const string EerolaTimbre = "Eerola, Ferrer & Alluri 2012, Timbre and affect dimensions (Music Perception 30)";
    const string Warrenburg = "Warrenburg 2020, Redefining sad music: music's structure suggests at least two sad states (J. New Music Research 49): grieving music is louder, fuller and more sustained than melancholic";
    const string HuronGrief = "Huron 2015, Affect induction through musical sounds: an ethological perspective (Phil. Trans. R. Soc. B 370): grief against melancholy";

    /// <summary>Which emotion each character expresses, and how often it is chosen within that emotion.</summary>
    public static readonly ImmutableArray<(Character Character, Emotion Emotion, double Weight)> Characters =
    [
        (Character.Joyful, Emotion.Happiness, 1),
        (Character.Mournful, Emotion.Sadness, 1),
        (Character.Shocking, Emotion.Fear, 0.7),
        (Character.Stalking, Emotion.Fear, 0.3),
        (Character.Pastoral, Emotion.Peacefulness, 1),
        (Character.Triumphant, Emotion.Happiness, 0.6),
        (Character.Tragic, Emotion.Sadness, 0.6),
    ];

    static ImmutableDictionary<Character, T> By<T>(T joyful, T mournful, T shocking, T stalking, T pastoral, T triumphant, T tragic) =>
        new Dictionary<Character, T>
        {
            [Character.Joyful] = joyful,
            [Character.Mournful] = mournful,
            [Character.Shocking] = shocking,
            [Character.Stalking] = stalking,
            [Character.Pastoral] = pastoral,
            [Character.Triumphant] = triumphant,
            [Character.Tragic] = tragic,
        }.ToImmutableDictionary();

    public static readonly Row<Span> Tempo = new(
        "tempo (quarter notes per minute)",
        $"{Vieillard}; {JuslinLaukka}; {Warrenburg}",
        By(new Span(100, 176), new(46, 92), new(50, 160), new(70, 150), new(52, 106), new(84, 144), new(40, 76))
    );

    /// <summary>A share of pieces played at a tempo outside the character's usual range: real scores overlap.</summary>
    public static readonly Row<(double Chance, Span Tempo)> TempoOutlier = new(
        "tempo outliers",
        Gabrielsson,
        By((0.15, new Span(78, 104)), (0.12, new Span(88, 112)), (0.0, new Span(0, 0)), (0.0, new Span(0, 0)), (0.1, new Span(100, 120)), (0.0, new Span(0, 0)), (0.1, new Span(76, 96)))
    );

    public static readonly Row<Weights<Mode>> Mode = new(
        "mode",
        $"{Gabrielsson}; {Vieillard}; {Lehman} (octatonic and whole-tone colours of horror scoring)",
        By<Weights<Mode>>(
            new[] { (Synthesis.Mode.Major, 0.72), (Synthesis.Mode.Mixolydian, 0.12), (Synthesis.Mode.Lydian, 0.08), (Synthesis.Mode.Dorian, 0.08) },
            new[] { (Synthesis.Mode.NaturalMinor, 0.45), (Synthesis.Mode.HarmonicMinor, 0.2), (Synthesis.Mode.Dorian, 0.08), (Synthesis.Mode.Phrygian, 0.07), (Synthesis.Mode.Major, 0.2) },
            new[] { (Synthesis.Mode.Octatonic, 0.4), (Synthesis.Mode.Phrygian, 0.15), (Synthesis.Mode.HarmonicMinor, 0.2), (Synthesis.Mode.WholeTone, 0.1), (Synthesis.Mode.NaturalMinor, 0.15) },
            new[] { (Synthesis.Mode.NaturalMinor, 0.5), (Synthesis.Mode.HarmonicMinor, 0.3), (Synthesis.Mode.Phrygian, 0.2) },
            new[] { (Synthesis.Mode.Major, 0.68), (Synthesis.Mode.Lydian, 0.14), (Synthesis.Mode.Mixolydian, 0.06), (Synthesis.Mode.Dorian, 0.06), (Synthesis.Mode.NaturalMinor, 0.06) },
            new[] { (Synthesis.Mode.Major, 0.75), (Synthesis.Mode.Mixolydian, 0.15), (Synthesis.Mode.Lydian, 0.1) },
            new[] { (Synthesis.Mode.NaturalMinor, 0.5), (Synthesis.Mode.HarmonicMinor, 0.25), (Synthesis.Mode.Dorian, 0.1), (Synthesis.Mode.Major, 0.15) }
        )
    );

    /// <summary>Progressions: minor modes take the minor list whatever the character.</summary>
    public static readonly Row<Harmony> Harmony = new(
        "harmony",
        $"{Gabrielsson}; {Lehman}",
        By(Synthesis.Harmony.Major, Synthesis.Harmony.Gentle, Synthesis.Harmony.FreeRoots, Synthesis.Harmony.Minor, Synthesis.Harmony.Gentle, Synthesis.Harmony.Major, Synthesis.Harmony.Gentle)
    );

    public static readonly Row<Span> Dissonance = new(
        "dissonance (chance of an added cluster or tritone per chord)",
        $"{Gabrielsson}; {Vieillard}",
        By(new Span(0, 0.06), new(0, 0.12), new(0.3, 0.8), new(0, 0.15), new(0, 0.05), new(0, 0.06), new(0.02, 0.2))
    );

    public static readonly Row<Span> Tonic = new(
        "tonic (MIDI note of the key's lowest octave)",
        $"{Huron}; {EerolaCues}",
        By(new Span(48, 60), new(45, 57), new(40, 52), new(40, 52), new(48, 60), new(43, 55), new(40, 52))
    );

    public static readonly Row<Span> MelodyRegister = new(
        "melody register (MIDI centre)",
        $"{Huron}; {EerolaCues}",
        By(new Span(66, 82), new(55, 75), new(45, 68), new(45, 68), new(62, 80), new(60, 78), new(52, 74))
    );

    public static readonly Row<Span> BassRegister = new(
        "bass register (MIDI)",
        $"{EerolaCues}; {Warrenburg}",
        By(new Span(36, 48), new(31, 45), new(26, 40), new(26, 40), new(36, 48), new(28, 43), new(26, 40))
    );

    /// <summary>Sounding length over written length: under 0.6 is staccato, near 1 legato.</summary>
    public static readonly Row<Span> Articulation = new(
        "articulation (sounding / written length)",
        $"{JuslinLaukka}; {EerolaCues}",
        By(new Span(0.35, 0.85), new(0.8, 1.1), new(0.4, 1.05), new(0.4, 1.05), new(0.8, 1.1), new(0.5, 1.0), new(0.85, 1.1))
    );

    public static readonly Row<Span> Dynamics = new(
        "dynamics (0 pianissimo .. 1 fortissimo)",
        $"{JuslinLaukka}; {EerolaCues}; {Warrenburg}; {HuronGrief}",
        By(new Span(0.5, 0.95), new(0.25, 0.7), new(0.3, 1.0), new(0.3, 1.0), new(0.15, 0.5), new(0.65, 1.0), new(0.4, 0.95))
    );

    public static readonly Row<Span> Crescendo = new(
        "dynamic change across the excerpt",
        $"{JuslinLaukka}; {Warrenburg}",
        By(new Span(-0.2, 0.4), new(-0.4, 0.3), new(-0.2, 0.9), new(-0.2, 0.9), new(-0.3, 0.2), new(-0.1, 0.6), new(-0.3, 0.8))
    );

    public static readonly Row<Span> AccentRate = new(
        "sudden accents per beat (sforzando hits)",
        HuronSurprise,
        By(new Span(0, 0.08), new(0, 0.04), new(0.1, 0.4), new(0, 0.08), new(0, 0), new(0.02, 0.15), new(0, 0.04))
    );

    public static readonly Row<Span> Irregularity = new(
        "rhythmic irregularity",
        $"{Vieillard} (irregular rhythms in the scary excerpts); {Gabrielsson}",
        By(new Span(0, 0.1), new(0, 0.15), new(0.3, 0.9), new(0, 0.1), new(0, 0.08), new(0, 0.1), new(0, 0.12))
    );

    public static readonly Row<Span> Rubato = new(
        "rubato",
        JuslinLaukka,
        By(new Span(0, 0.03), new(0.03, 0.12), new(0, 0.08), new(0, 0.08), new(0.02, 0.08), new(0, 0.04), new(0.03, 0.12))
    );

    public static readonly Row<Weights<int>> Meter = new(
        "beats per bar",
        Gabrielsson,
        By<Weights<int>>(new[] { (4, 0.6), (3, 0.25), (2, 0.15) }, new[] { (4, 0.65), (3, 0.3), (2, 0.05) }, new[] { (4, 0.7), (3, 0.2), (2, 0.1) }, new[] { (4, 0.7), (3, 0.2), (2, 0.1) }, new[] { (4, 0.55), (3, 0.4), (2, 0.05) }, new[] { (4, 0.6), (3, 0.2), (2, 0.2) }, new[] { (4, 0.6), (3, 0.35), (2, 0.05) })
    );

    /// <summary>The stalking character always moves (its ostinato, or a tremolo): held or block chords in a low minor
    /// key are what the tragic character plays, and labelled fear as well they blurred grief with fear
    /// (notebooks/real-music-trials.md, "The stalking character keeps moving").</summary>
    public static readonly Row<Weights<Accompaniment>> Texture = new(
        "accompaniment texture",
        $"{KarlinWright}; {Adler}; {Vieillard} (arpeggiated accompaniment in the peaceful excerpts); {Warrenburg}",
        By<Weights<Accompaniment>>(
            new[] { (Accompaniment.OomPah, 0.25), (Accompaniment.Alberti, 0.2), (Accompaniment.BlockChords, 0.25), (Accompaniment.Arpeggio, 0.2), (Accompaniment.Ostinato, 0.1) },
            new[] { (Accompaniment.Sustained, 0.3), (Accompaniment.Arpeggio, 0.25), (Accompaniment.BlockChords, 0.2), (Accompaniment.Alberti, 0.15), (Accompaniment.Tremolo, 0.1) },
            new[] { (Accompaniment.Tremolo, 0.35), (Accompaniment.Stabs, 0.3), (Accompaniment.Sustained, 0.2), (Accompaniment.Ostinato, 0.15) },
            new[] { (Accompaniment.Ostinato, 0.8), (Accompaniment.Tremolo, 0.2) },
            new[] { (Accompaniment.Arpeggio, 0.55), (Accompaniment.Sustained, 0.25), (Accompaniment.Alberti, 0.1), (Accompaniment.BlockChords, 0.1) },
            new[] { (Accompaniment.BlockChords, 0.35), (Accompaniment.Ostinato, 0.3), (Accompaniment.Tremolo, 0.15), (Accompaniment.Sustained, 0.2) },
            new[] { (Accompaniment.Sustained, 0.45), (Accompaniment.Tremolo, 0.2), (Accompaniment.BlockChords, 0.2), (Accompaniment.Arpeggio, 0.15) }
        )
    );

    public static readonly Row<Span> TremoloHz = new(
        "tremolo rate when the texture is tremolo (strokes per second)",
        Adler,
        By(new Span(8, 12), new(6, 12), new(8, 16), new(8, 16), new(6, 10), new(8, 14), new(6, 12))
    );

    /// <summary>Chance that the piece has a melody at all (texture-only cues are common in suspense and underscore).</summary>
    public static readonly Row<double> MelodyChance = new("melody present", KarlinWright, By(1.0, 0.9, 0.65, 0.65, 0.8, 1.0, 0.9));

    public static readonly Row<Weights<Instrument>> MelodyInstrument = new(
        "melody instrument family",
        $"{KarlinWright}; {EerolaTimbre}; {Lehman} (the heroic fanfare)",
        By<Weights<Instrument>>(
            new[] { (Instrument.Flute, 0.2), (Instrument.Clarinet, 0.1), (Instrument.Oboe, 0.05), (Instrument.Brass, 0.25), (Instrument.Strings, 0.2), (Instrument.Piano, 0.15), (Instrument.Pizzicato, 0.05) },
            new[] { (Instrument.Strings, 0.35), (Instrument.Oboe, 0.1), (Instrument.Clarinet, 0.1), (Instrument.Piano, 0.2), (Instrument.Flute, 0.05), (Instrument.Brass, 0.1), (Instrument.Choir, 0.1) },
            new[] { (Instrument.Strings, 0.35), (Instrument.Brass, 0.3), (Instrument.Clarinet, 0.1), (Instrument.Oboe, 0.05), (Instrument.Piano, 0.2) },
            new[] { (Instrument.Strings, 0.35), (Instrument.Brass, 0.3), (Instrument.Clarinet, 0.15), (Instrument.Piano, 0.2) },
            new[] { (Instrument.Flute, 0.25), (Instrument.Strings, 0.2), (Instrument.Piano, 0.2), (Instrument.Clarinet, 0.1), (Instrument.Oboe, 0.05), (Instrument.Brass, 0.05), (Instrument.Harp, 0.1), (Instrument.Celesta, 0.05) },
            new[] { (Instrument.Brass, 0.5), (Instrument.Strings, 0.3), (Instrument.Choir, 0.1), (Instrument.Flute, 0.1) },
            new[] { (Instrument.Strings, 0.45), (Instrument.Choir, 0.15), (Instrument.Brass, 0.15), (Instrument.Oboe, 0.1), (Instrument.Clarinet, 0.05), (Instrument.Piano, 0.1) }
        )
    );

    public static readonly Row<Weights<Instrument>> AccompanimentInstrument = new(
        "accompaniment instrument family",
        $"{KarlinWright}; {EerolaTimbre}",
        By<Weights<Instrument>>(
            new[] { (Instrument.Strings, 0.25), (Instrument.Pizzicato, 0.2), (Instrument.Piano, 0.25), (Instrument.Harp, 0.1), (Instrument.Brass, 0.1), (Instrument.Clarinet, 0.1) },
            new[] { (Instrument.Strings, 0.3), (Instrument.Pad, 0.15), (Instrument.Piano, 0.3), (Instrument.Harp, 0.1), (Instrument.Clarinet, 0.05), (Instrument.Brass, 0.05), (Instrument.Choir, 0.05) },
            new[] { (Instrument.Strings, 0.4), (Instrument.Pad, 0.15), (Instrument.Brass, 0.15), (Instrument.Piano, 0.15), (Instrument.Clarinet, 0.05), (Instrument.Choir, 0.1) },
            new[] { (Instrument.Strings, 0.4), (Instrument.Pizzicato, 0.1), (Instrument.Brass, 0.15), (Instrument.Piano, 0.25), (Instrument.Clarinet, 0.1) },
            new[] { (Instrument.Harp, 0.3), (Instrument.Piano, 0.25), (Instrument.Pad, 0.15), (Instrument.Strings, 0.15), (Instrument.Clarinet, 0.05), (Instrument.Brass, 0.05), (Instrument.Celesta, 0.05) },
            new[] { (Instrument.Strings, 0.45), (Instrument.Brass, 0.3), (Instrument.Choir, 0.1), (Instrument.Piano, 0.15) },
            new[] { (Instrument.Strings, 0.5), (Instrument.Choir, 0.15), (Instrument.Pad, 0.1), (Instrument.Brass, 0.1), (Instrument.Piano, 0.15) }
        )
    );

    public static readonly Row<double> BassChance = new("bass line present", KarlinWright, By(0.85, 0.8, 0.85, 0.85, 0.7, 0.95, 0.9));

    public static readonly Row<Weights<Instrument>> BassInstrument = new(
        "bass instrument family",
        KarlinWright,
        By<Weights<Instrument>>(
            new[] { (Instrument.Pizzicato, 0.35), (Instrument.Strings, 0.3), (Instrument.Piano, 0.2), (Instrument.Brass, 0.1), (Instrument.Clarinet, 0.05) },
            new[] { (Instrument.Strings, 0.5), (Instrument.Piano, 0.3), (Instrument.Pad, 0.1), (Instrument.Brass, 0.05), (Instrument.Clarinet, 0.05) },
            new[] { (Instrument.Strings, 0.4), (Instrument.Brass, 0.25), (Instrument.Piano, 0.2), (Instrument.Pad, 0.1), (Instrument.Clarinet, 0.05) },
            new[] { (Instrument.Strings, 0.45), (Instrument.Brass, 0.2), (Instrument.Piano, 0.25), (Instrument.Clarinet, 0.1) },
            new[] { (Instrument.Strings, 0.4), (Instrument.Piano, 0.3), (Instrument.Pad, 0.2), (Instrument.Brass, 0.05), (Instrument.Clarinet, 0.05) },
            new[] { (Instrument.Strings, 0.5), (Instrument.Brass, 0.3), (Instrument.Piano, 0.2) },
            new[] { (Instrument.Strings, 0.6), (Instrument.Brass, 0.15), (Instrument.Piano, 0.15), (Instrument.Pad, 0.1) }
        )
    );

    public static readonly Row<double> PercussionChance = new(
        "timpani and percussion",
        $"{KarlinWright}; {Lehman} (the heroic fanfare)",
        By(0.25, 0.07, 0.6, 0.6, 0.0, 0.7, 0.2)
    );

    /// <summary>How brightly the players play (the additive renderer's spectral tilt; velocity layers do it in a SoundFont).</summary>
    public static readonly Row<Span> Brightness = new(
        "brightness of playing",
        $"{EerolaTimbre}; {JuslinLaukka}",
        By(new Span(0.55, 1.0), new(0.25, 0.7), new(0.3, 0.9), new(0.3, 0.9), new(0.2, 0.6), new(0.6, 1.0), new(0.3, 0.8))
    );

    /// <summary>Every row as (cue, source), for the manifest's documentation and the notebook's table.</summary>
    public static ImmutableArray<(string Cue, string Source)> Sources =>
        [
            (Tempo.Cue, Tempo.Source),
            (TempoOutlier.Cue, TempoOutlier.Source),
            (Mode.Cue, Mode.Source),
            (Harmony.Cue, Harmony.Source),
            (Dissonance.Cue, Dissonance.Source),
            (Tonic.Cue, Tonic.Source),
            (MelodyRegister.Cue, MelodyRegister.Source),
            (BassRegister.Cue, BassRegister.Source),
            (Articulation.Cue, Articulation.Source),
            (Dynamics.Cue, Dynamics.Source),
            (Crescendo.Cue, Crescendo.Source),
            (AccentRate.Cue, AccentRate.Source),
            (Irregularity.Cue, Irregularity.Source),
            (Rubato.Cue, Rubato.Source),
            (Meter.Cue, Meter.Source),
            (Texture.Cue, Texture.Source),
            (TremoloHz.Cue, TremoloHz.Source),
            (MelodyChance.Cue, MelodyChance.Source),
            (MelodyInstrument.Cue, MelodyInstrument.Source),
            (AccompanimentInstrument.Cue, AccompanimentInstrument.Source),
            (BassChance.Cue, BassChance.Source),
            (BassInstrument.Cue, BassInstrument.Source),
            (PercussionChance.Cue, PercussionChance.Source),
            (Brightness.Cue, Brightness.Source),
        ];
}

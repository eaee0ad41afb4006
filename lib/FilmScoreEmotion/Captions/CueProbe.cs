using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;

namespace FilmScoreEmotion.Captions;

/// <summary>The six primary cues Eerola, Friberg &amp; Bresin (2013) varied one by one under listeners' ratings of
/// happy, sad, peaceful and scary music; their listeners ranked them in this order of importance.</summary>
public enum PrimaryCue
{
    Mode,
    Tempo,
    Register,
    Dynamics,
    Articulation,
    Timbre,
}

/// <summary>
/// What a caption model listens to, measured as Eerola, Friberg &amp; Bresin (2013) measured listeners: the same
/// composition played twice, once at each of two levels of one cue, everything else equal as far as the composer
/// allows (<see cref="Notes"/>; the same orchestra, room and noise). The change in the model's mean class
/// probabilities between the two takes, averaged over many compositions, is the cue's effect on the model. Set
/// beside the direction listeners hear (<see cref="Expected"/>), it tells whether a model that reads its own corpus
/// well does so through the musical cues that carry emotion for people, or through others that need not carry over
/// to real music.
/// </summary>
public static class CueProbe
{
    const string JuslinLaukka = "Juslin & Laukka 2004, Expression, perception, and induction of musical emotions (J. New Music Research 33), their summary of cues per emotion";

    /// <summary>One level of a cue, set on a composition's plan.</summary>
    public sealed record Level(string Name, Func<ExcerptPlan, ExcerptPlan> Apply);

    /// <summary>A cue's two levels; effects are <see cref="High"/> minus <see cref="Low"/>.</summary>
    public sealed record Manipulation(PrimaryCue Cue, Level Low, Level High);

    /// <summary>
    /// The two levels of each cue, at the ends of a range as Eerola et al. set theirs: mode by the same scale degrees
    /// in natural minor or major, tempo at 66 or 132 bpm (one double the other), register a tritone down or up
    /// (melody, key and bass together, an octave apart), dynamics as the players' velocities (the recording then sets
    /// the delivery level, as a mastered soundtrack's does), articulation legato or staccato, and timbre as a dull
    /// (flute) or bright (brass) melody instrument.
    /// </summary>
    public static readonly ImmutableArray<Manipulation> Manipulations =
    [
        new(PrimaryCue.Mode, new("natural minor", p => p with { Mode = Mode.NaturalMinor }), new("major", p => p with { Mode = Mode.Major })),
        new(PrimaryCue.Tempo, new("66 bpm", p => p with { Tempo = 66 }), new("132 bpm", p => p with { Tempo = 132 })),
        new(PrimaryCue.Register, new("6 semitones down", p => Transpose(p, -6)), new("6 semitones up", p => Transpose(p, 6))),
        new(PrimaryCue.Dynamics, new("soft (0.25)", p => p with { Dynamics = 0.25, Crescendo = 0 }), new("loud (0.9)", p => p with { Dynamics = 0.9, Crescendo = 0 })),
        new(PrimaryCue.Articulation, new("legato (1.0)", p => p with { Articulation = 1.0 }), new("staccato (0.4)", p => p with { Articulation = 0.4 })),
        new(PrimaryCue.Timbre, new("flute melody", p => p with { Melody = Instrument.Flute }), new("brass melody", p => p with { Melody = Instrument.Brass })),
    ];

    static ExcerptPlan Transpose(ExcerptPlan plan, int semitones) =>
        plan with
        {
            TonicMidi = plan.TonicMidi + semitones,
            MelodyCenterMidi = plan.MelodyCenterMidi + semitones,
            BassMidi = plan.BassMidi + semitones,
        };

    /// <summary>
    /// The direction listeners hear each cue's high level move each emotion (+1 more, -1 less, 0 where the sources
    /// disagree), from Juslin &amp; Laukka's (2004) summary (happiness: fast, major, loud, high, staccato, bright;
    /// sadness: slow, minor, soft, low, legato, dull; tenderness, the paper's peacefulness: slow, major, soft, low,
    /// legato, soft timbre; fear: fast, minor, staccato). For fear they list high pitch, a low sound level and a soft
    /// spectrum, which is how performers play fear, while film scores threaten loud and low, as this corpus's fear
    /// does, so those three are left open.
    /// </summary>
    public static readonly ImmutableArray<(PrimaryCue Cue, Emotion Emotion, int Direction, string Source)> Expected =
    [
        .. Directions(PrimaryCue.Mode, happiness: +1, sadness: -1, fear: -1, peacefulness: +1),
        .. Directions(PrimaryCue.Tempo, happiness: +1, sadness: -1, fear: +1, peacefulness: -1),
        .. Directions(PrimaryCue.Register, happiness: +1, sadness: -1, fear: 0, peacefulness: -1, fearOpen: "performers raise pitch in fear (Juslin & Laukka 2004); film scores threaten low"),
        .. Directions(PrimaryCue.Dynamics, happiness: +1, sadness: -1, fear: 0, peacefulness: -1, fearOpen: "performers play fear softly (Juslin & Laukka 2004); film scores threaten loud"),
        .. Directions(PrimaryCue.Articulation, happiness: +1, sadness: -1, fear: +1, peacefulness: -1),
        .. Directions(PrimaryCue.Timbre, happiness: +1, sadness: -1, fear: 0, peacefulness: -1, fearOpen: "performers' fear has a soft spectrum (Juslin & Laukka 2004); film scores' brass threatens"),
    ];

    // One cue's row of the table: Juslin & Laukka's direction for each emotion, or for fear the reason it is open.
    static IEnumerable<(PrimaryCue, Emotion, int, string)> Directions(PrimaryCue cue, int happiness, int sadness, int fear, int peacefulness, string? fearOpen = null) =>
    [
        (cue, Emotion.Happiness, happiness, JuslinLaukka),
        (cue, Emotion.Sadness, sadness, JuslinLaukka),
        (cue, Emotion.Fear, fear, fearOpen ?? JuslinLaukka),
        (cue, Emotion.Peacefulness, peacefulness, JuslinLaukka),
    ];

    /// <param name="Seed">the compositions' seed, apart from the corpus's, so the probe's pieces are new to the model</param>
    /// <param name="PerEmotion">compositions per emotion, alternately piano (the Musical Excerpts half) and orchestral</param>
    public sealed record Config(long Seed = 2013, int PerEmotion = 8, double Seconds = 8, int SampleRate = 44100);

    /// <summary>The smoke profile's probe: one composition per emotion, long enough for three windows.</summary>
    public static Config Smoke => new() { PerEmotion = 1, Seconds = 4 };

    /// <summary>One composition the cues are varied on, with the recording both of its takes share.</summary>
    public sealed record Base(int Index, Emotion Emotion, bool Piano, ExcerptPlan Plan, RecordingConditions Conditions);

    public static ImmutableArray<Base> Bases(Config config) =>
    [
        .. EmotionNames.All.SelectMany((emotion, e) => Enumerable.Range(0, config.PerEmotion).Select(i => Draw(config, e * config.PerEmotion + i, emotion, piano: i % 2 == 0))),
    ];

    static Base Draw(Config config, int index, Emotion emotion, bool piano) =>
        new(
            index,
            emotion,
            piano,
            Start(config, index, emotion, piano).Plan,
            RecordingConditions.DrawFilm(Rng.For(config.Seed, index, "recording")).Vary(Rng.For(config.Seed, index, "take"))
        );

    // The plan and the composer's stream just after it, as the corpus draws them: both takes of a base start here.
    static (ExcerptPlan Plan, Rng Rng) Start(Config config, int index, Emotion emotion, bool piano)
    {
        var rng = Rng.For(config.Seed, index, "excerpt");
        return (EmotionRules.Draw(emotion, config.Seconds, piano, rng), rng);
    }

    /// <summary>The base's notes with one level set. The composer's stream starts where the base's did, so the two
    /// takes of register, dynamics, articulation and timbre share every onset; in minor and major most notes fall
    /// alike (a few of the composer's draws depend on the pitches), and at two tempi the same draws land elsewhere.</summary>
    public static ImmutableArray<NoteEvent> Notes(Config config, Base @base, Level level)
    {
        var (_, rng) = Start(config, @base.Index, @base.Emotion, @base.Piano);
        return Composer.Compose(level.Apply(@base.Plan), rng);
    }

    /// <summary>The take's mono master: played by <paramref name="synth"/> (which holds <see cref="SoundFonts.All"/>)
    /// and recorded as the base's conditions say. // (samples) at config.SampleRate</summary>
    public static float[] Render(Config config, Base @base, Level level, SoundFontSynth synth)
    {
        var stereo = synth.Render(Notes(config, @base, level), SoundFonts.All.IndexOf(SoundFonts.Spec(@base.Conditions.SoundFont)), config.Seconds);
        return Recording.Apply(stereo, config.SampleRate, @base.Conditions, Rng.For(config.Seed, @base.Index, "noise"));
    }

    /// <summary>A take's mean class probabilities over the windows the model heard, in the model's class order.</summary>
    public static double[] MeanProbabilities(CaptionTimeline timeline)
    {
        var classes = timeline.ClassNames.Length;
        var heard = Enumerable.Range(0, timeline.Probabilities.GetLength(0)).Where(w => !timeline.Silent[w]).ToList();
        return [.. Enumerable.Range(0, classes).Select(c => heard.Count == 0 ? 1.0 / classes : heard.Average(w => timeline.Probabilities[w, c]))];
    }

    /// <summary>One base's two takes of one cue, as the model heard them.</summary>
    public sealed record Pair(Base Base, PrimaryCue Cue, double[] Low, double[] High);

    /// <summary>Whether the model moves an emotion the way listeners do, beyond two standard errors.</summary>
    public enum Verdict
    {
        AsListeners,
        Against,
        NoEffect,
        Open,
    }

    /// <param name="Change">mean over bases of the emotion's probability at the high level minus at the low</param>
    /// <param name="StandardError">of that mean (sample standard deviation over the square root of the bases)</param>
    public sealed record Effect(PrimaryCue Cue, Emotion Emotion, double Change, double StandardError, int Bases, int Expected, Verdict Verdict);

    public static ImmutableArray<Effect> Effects(IReadOnlyList<Pair> pairs, string[] classNames) =>
    [
        .. Manipulations.SelectMany(m =>
            EmotionNames.All.Select(emotion =>
            {
                var c = Array.IndexOf(classNames, emotion.ToName());
                var changes = pairs.Where(p => p.Cue == m.Cue).Select(p => c < 0 ? 0 : p.High[c] - p.Low[c]).ToList();
                var mean = changes.Count == 0 ? 0 : changes.Average();
                var se = changes.Count < 2 ? double.NaN : Math.Sqrt(changes.Sum(d => (d - mean) * (d - mean)) / (changes.Count - 1) / changes.Count);
                var expected = Expected.Single(x => x.Cue == m.Cue && x.Emotion == emotion).Direction;
                return new Effect(m.Cue, emotion, mean, se, changes.Count, expected, Judge(mean, se, expected));
            })
        ),
    ];

    /// <summary>A change is an effect when it is more than two standard errors from zero.</summary>
    public static Verdict Judge(double change, double standardError, int expected) =>
        expected == 0 ? Verdict.Open
        : !(Math.Abs(change) > 2 * standardError) ? Verdict.NoEffect
        : Math.Sign(change) == expected ? Verdict.AsListeners
        : Verdict.Against;

    /// <summary>Each cue's weight on the model: the mean over the emotions of the size of its effect, largest first,
    /// to set beside the listeners' order (<see cref="PrimaryCue"/>).</summary>
    public static ImmutableArray<(PrimaryCue Cue, double MeanAbsoluteChange)> Ranking(IEnumerable<Effect> effects) =>
    [
        .. effects.GroupBy(e => e.Cue).Select(g => (g.Key, g.Average(e => Math.Abs(e.Change)))).OrderByDescending(x => x.Item2),
    ];
}

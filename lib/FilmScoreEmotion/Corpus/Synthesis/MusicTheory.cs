using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>Scales the generator composes in. Octatonic (half-whole) yields the diminished chords of horror scoring.</summary>
public enum Mode
{
    Major,
    Lydian,
    Mixolydian,
    NaturalMinor,
    HarmonicMinor,
    Dorian,
    Phrygian,
    Octatonic,
    WholeTone,
}

public static class MusicTheory
{
    static readonly ImmutableDictionary<Mode, ImmutableArray<int>> Steps = new Dictionary<
        Mode,
        ImmutableArray<int>
    >
    {
        [Mode.Major] = [0, 2, 4, 5, 7, 9, 11],
        [Mode.Lydian] = [0, 2, 4, 6, 7, 9, 11],
        [Mode.Mixolydian] = [0, 2, 4, 5, 7, 9, 10],
        [Mode.NaturalMinor] = [0, 2, 3, 5, 7, 8, 10],
        [Mode.HarmonicMinor] = [0, 2, 3, 5, 7, 8, 11],
        [Mode.Dorian] = [0, 2, 3, 5, 7, 9, 10],
        [Mode.Phrygian] = [0, 1, 3, 5, 7, 8, 10],
        [Mode.Octatonic] = [0, 1, 3, 4, 6, 7, 9, 10],
        [Mode.WholeTone] = [0, 2, 4, 6, 8, 10],
    }.ToImmutableDictionary();

    public static ImmutableArray<int> ScaleSteps(Mode mode) => Steps[mode];

    public static bool IsMinor(Mode mode) =>
        mode is Mode.NaturalMinor or Mode.HarmonicMinor or Mode.Dorian or Mode.Phrygian;

    /// <summary>MIDI pitch of a scale degree (0 = tonic; negative and beyond-octave degrees wrap).</summary>
    public static int Degree(int tonicMidi, Mode mode, int degree)
    {
        var steps = Steps[mode];
        var n = steps.Length;
        var octave = (int)Math.Floor(degree / (double)n);
        var index = degree - octave * n;
        return tonicMidi + 12 * octave + steps[index];
    }

    /// <summary>Nearest scale degree whose pitch is at or below <paramref name="midi"/>.</summary>
    public static int DegreeAtOrBelow(int tonicMidi, Mode mode, int midi)
    {
        var d = (int)Math.Floor((midi - tonicMidi) / 12.0) * Steps[mode].Length;
        while (Degree(tonicMidi, mode, d + 1) <= midi)
            d++;
        while (Degree(tonicMidi, mode, d) > midi)
            d--;
        return d;
    }

    /// <summary>Chord of stacked scale thirds on <paramref name="rootDegree"/> (triad, or seventh chord).</summary>
    public static ImmutableArray<int> Tertian(
        int tonicMidi,
        Mode mode,
        int rootDegree,
        int notes = 3
    ) =>
        Enumerable
            .Range(0, notes)
            .Select(i => Degree(tonicMidi, mode, rootDegree + 2 * i))
            .ToImmutableArray();

    public static double MidiToHz(double midi) => 440.0 * Math.Pow(2.0, (midi - 69.0) / 12.0);

    static readonly string[] PitchNames =
    [
        "C",
        "Db",
        "D",
        "Eb",
        "E",
        "F",
        "F#",
        "G",
        "Ab",
        "A",
        "Bb",
        "B",
    ];

    public static string PitchClassName(int midi) => PitchNames[((midi % 12) + 12) % 12];

    /// <summary>Progressions as scale-degree roots (0-based). Minor lists follow the natural-minor degrees.</summary>
    public static readonly ImmutableArray<ImmutableArray<int>> MajorProgressions =
    [
        [0, 3, 4, 0],
        [0, 5, 3, 4],
        [0, 4, 5, 3],
        [0, 3, 0, 4],
        [0, 1, 4, 0],
        [0, 5, 1, 4],
        [0, 2, 3, 4],
        [0, 3, 5, 4],
    ];

    public static readonly ImmutableArray<ImmutableArray<int>> MinorProgressions =
    [
        [0, 3, 4, 0],
        [0, 5, 2, 6],
        [0, 3, 6, 2],
        [0, 5, 3, 4],
        [0, 6, 5, 4],
        [0, 3, 0, 4],
        [0, 5, 6, 0],
    ];

    /// <summary>Quiet progressions that linger (plagal motion, pedal tonic) for peaceful pieces.</summary>
    public static readonly ImmutableArray<ImmutableArray<int>> GentleProgressions =
    [
        [0, 3, 0, 3],
        [0, 0, 3, 3],
        [0, 3, 5, 4],
        [0, 2, 3, 0],
        [0, 5, 3, 0],
        [0, 4, 3, 0],
    ];
}

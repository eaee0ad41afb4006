using System.Collections.Immutable;
using System.Globalization;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Everything the composer decides before writing notes; written to the manifest so errors can be explained
/// (a "sad" excerpt in a major key at 95 bpm is expected to be confused with peacefulness).
/// </summary>
public sealed record ExcerptPlan(
    Emotion Emotion,
    Character Character,
    double DurationSec,
    Mode Mode,
    int TonicMidi,
    double Tempo,
    int BeatsPerBar,
    ImmutableArray<int> Progression,
    Instrument? Melody,
    int MelodyCenterMidi,
    Accompaniment Accompaniment,
    Instrument AccompanimentInstrument,
    Instrument? Bass,
    int BassMidi,
    bool Percussion,
    double Dynamics,
    double Articulation,
    double Irregularity,
    double AccentRate,
    double Dissonance,
    double TremoloHz,
    double Rubato,
    double Crescendo,
    double Brightness
)
{
    static string F(double x, string fmt = "0.###") =>
        x.ToString(fmt, CultureInfo.InvariantCulture);

    /// <summary>The manifest's generator columns.</summary>
    public ImmutableSortedDictionary<string, string> Columns() =>
        new Dictionary<string, string>
        {
            ["character"] = Character.ToString(),
            ["mode"] = Mode.ToString(),
            ["key"] = MusicTheory.PitchClassName(TonicMidi),
            ["tempo"] = F(Tempo, "0.#"),
            ["meter"] = $"{BeatsPerBar}/4",
            ["progression"] = string.Join('-', Progression.Select(d => d + 1)),
            ["melody"] = Melody?.ToString() ?? "none",
            ["melodyMidi"] = MelodyCenterMidi.ToString(CultureInfo.InvariantCulture),
            ["accompaniment"] = Accompaniment.ToString(),
            ["accompanimentInstrument"] = AccompanimentInstrument.ToString(),
            ["bass"] = Bass?.ToString() ?? "none",
            ["percussion"] = Percussion ? "yes" : "no",
            ["dynamics"] = F(Dynamics, "0.00"),
            ["articulation"] = F(Articulation, "0.00"),
            ["irregularity"] = F(Irregularity, "0.00"),
            ["dissonance"] = F(Dissonance, "0.00"),
            ["tremoloHz"] = F(TremoloHz, "0.0"),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);
}

using System.Collections.Immutable;
using System.Globalization;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// How one excerpt was recorded and delivered: which sampled orchestra played it, the room, the microphones' stereo
/// image folded to mono, equalisation, noise, level and lossy coding. Drawn independently of the emotion, so that
/// nothing but the music separates the classes; excerpts of one film share their orchestra and most of their room
/// and sound, as the excerpts of one soundtrack do.
/// </summary>
public sealed record RecordingConditions(
    SoundFontKind SoundFont,
    double MonoLeftWeight,
    double RoomRt60Sec,
    double RoomWet,
    double RoomDamping,
    double HighPassHz,
    double LowShelfDb,
    double HighShelfDb,
    double BandLimitHz,
    double NoiseDb,
    double HumHz,
    double HumDb,
    double LevelDb,
    double CodecCutoffHz,
    double CodecSnrDb
)
{
    /// <summary>A film's shared sound: the orchestra and the centre of its room, equalisation and noise.</summary>
    public static RecordingConditions DrawFilm(Rng rng) =>
        new(
            SoundFont: rng.Chance(0.5) ? SoundFontKind.FluidR3 : SoundFontKind.MuseScoreGeneral,
            MonoLeftWeight: rng.Uniform(0.3, 0.7),
            RoomRt60Sec: rng.Uniform(0.4, 3.2),
            RoomWet: rng.Uniform(0.05, 0.5),
            RoomDamping: rng.Uniform(0.1, 0.7),
            HighPassHz: rng.Uniform(20, 140),
            LowShelfDb: rng.Uniform(-6, 6),
            HighShelfDb: rng.Uniform(-10, 5),
            BandLimitHz: rng.Chance(0.25) ? rng.Uniform(4500, 9000) : rng.Uniform(12000, 20000),
            NoiseDb: rng.Uniform(-72, -38),
            HumHz: rng.Chance(0.2) ? rng.Pick<double>([50.0, 60.0]) : 0,
            HumDb: rng.Uniform(-70, -45),
            LevelDb: rng.Uniform(-30, -14),
            CodecCutoffHz: rng.Chance(0.5) ? rng.Uniform(10000, 16000) : 0,
            CodecSnrDb: rng.Uniform(22, 40)
        );

    /// <summary>One excerpt of a film: the film's sound with each setting moved a little, as from cue to cue.</summary>
    public RecordingConditions Vary(Rng rng) =>
        this with
        {
            MonoLeftWeight = Math.Clamp(MonoLeftWeight + rng.Uniform(-0.15, 0.15), 0, 1),
            RoomRt60Sec = Math.Max(0.2, RoomRt60Sec * rng.Uniform(0.75, 1.3)),
            RoomWet = Math.Clamp(RoomWet + rng.Uniform(-0.08, 0.08), 0.02, 0.6),
            LowShelfDb = LowShelfDb + rng.Uniform(-2, 2),
            HighShelfDb = HighShelfDb + rng.Uniform(-2, 2),
            NoiseDb = NoiseDb + rng.Uniform(-6, 6),
            LevelDb = LevelDb + rng.Uniform(-6, 6),
        };

    /// <summary>The manifest's recording columns.</summary>
    public ImmutableSortedDictionary<string, string> Columns() =>
        new Dictionary<string, string>
        {
            ["soundFont"] = SoundFont.ToString(),
            ["roomRt60"] = F(RoomRt60Sec),
            ["bandLimitHz"] = F(BandLimitHz, "0"),
            ["noiseDb"] = F(NoiseDb, "0.0"),
            ["levelDb"] = F(LevelDb, "0.0"),
            ["codecCutoffHz"] = F(CodecCutoffHz, "0"),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    static string F(double x, string format = "0.00") => x.ToString(format, CultureInfo.InvariantCulture);
}

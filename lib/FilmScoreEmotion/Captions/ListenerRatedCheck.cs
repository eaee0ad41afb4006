using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Experiments.Runs;

namespace FilmScoreEmotion.Captions;

/// <summary>
/// VGMIDI's labelled piano pieces (Ferreira and Whitehead, ISMIR 2019), labelled from their listeners' valence and
/// arousal ratings by the rule in `data/listener-rated/README.md`, fixed before any model heard them, and played by
/// the corpus's FluidSynth piano. Scored like <see cref="RealMusicCheck"/>, whose pieces and figures it reuses: this
/// check has ten times the pieces and labels from listeners, where the Wesnoth check has recordings.
/// </summary>
public static class ListenerRatedCheck
{
    public const string FolderVariable = "FSE_VGMIDI";
    public const string Source = "https://github.com/lucasnfe/vgmidi";
    public const string AnnotationsFolder = "labelled/annotations";
    public const string MidiFolder = "labelled/midi";
    public const string PublishedLabels = "vgmidi_labelled.csv";

    /// <summary>A piece whose mean valence or arousal is nearer zero than this is left out.</summary>
    public const double Ambiguity = 0.05;

    /// <summary>The rate the pieces are rendered at; the caption pipeline resamples them as it would any file.</summary>
    public const int SampleRate = 22050;

    /// <summary>Peak level of a rendered piece (about -1 dBFS), so that no chord clips the 16-bit file.</summary>
    const double Peak = 0.89;

    /// <summary>Seconds after the last note ends, for the piano's release.</summary>
    const double Tail = 1.0;

    /// <summary>Changes whenever a rendered piece would sound different, so no cached file outlives its renderer.</summary>
    const string Renderer = "vgmidi-piano-1";

    /// <param name="Midi">the MIDI file's name in <see cref="MidiFolder"/></param>
    /// <param name="Valence">mean over listeners and measures, in [-1, 1]</param>
    public sealed record Rating(string Midi, string Name, int Listeners, double Valence, double Arousal);

    /// <summary>The rule's quadrants: Vieillard et al. (2008) place happiness and peacefulness at positive valence,
    /// happiness and fear at high arousal.</summary>
    public static readonly ImmutableArray<(int Valence, int Arousal, Emotion Emotion)> Quadrants =
    [
        (1, 1, Emotion.Happiness),
        (-1, 1, Emotion.Fear),
        (-1, -1, Emotion.Sadness),
        (1, -1, Emotion.Peacefulness),
    ];

    /// <summary>The quadrant's emotion, or null when either mean is within <paramref name="ambiguity"/> of zero.</summary>
    public static Emotion? Label(double valence, double arousal, double ambiguity = Ambiguity) =>
        Math.Abs(valence) < ambiguity || Math.Abs(arousal) < ambiguity
            ? null
            : Quadrants.Single(q => q.Valence == Math.Sign(valence) && q.Arousal == Math.Sign(arousal)).Emotion;

    /// <summary>The ratings of every piece in the dataset's annotation files, in file then piece order.</summary>
    public static ImmutableArray<Rating> ReadRatings(string datasetFolder)
    {
        var folder = Path.Combine(datasetFolder, AnnotationsFolder);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
            throw new FileNotFoundException($"{folder}: no annotation files (*.json); {FolderVariable} must name a clone of {Source}");
        return [.. files.SelectMany(f => Ratings(File.ReadAllText(f), f))];
    }

    /// <summary>One annotation file's pieces: each listener's curves cut to the piece's measures, pooled.</summary>
    public static IEnumerable<Rating> Ratings(string json, string sourceName)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var byPiece = root.GetProperty("annotations")
                .EnumerateObject()
                .GroupBy(a => a.Name.Split('_')[0])
                .ToDictionary(g => g.Key, g => g.Select(a => a.Value).ToList());
            return
            [
                .. root.GetProperty("pieces")
                    .EnumerateObject()
                    .Where(p => byPiece.ContainsKey(p.Name))
                    .Select(p =>
                    {
                        var measures = p.Value.GetProperty("measures").GetInt32();
                        var listeners = byPiece[p.Name];
                        double Mean(string axis) => listeners.SelectMany(l => l.GetProperty(axis).EnumerateArray().Take(measures).Select(v => v.GetDouble())).Average();
                        return new Rating(p.Value.GetProperty("midi").GetString()!, p.Value.GetProperty("name").GetString()!, listeners.Count, Mean("valence"), Mean("arousal"));
                    }),
            ];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{sourceName}: not a VGMIDI annotation file ({e.Message})", e);
        }
    }

    /// <summary>The rated pieces the rule labels, as the Wesnoth check's pieces: the file is the MIDI file's path in
    /// the dataset, the keyword its mean ratings.</summary>
    public static ImmutableArray<RealMusicCheck.Piece> Pieces(IEnumerable<Rating> ratings) =>
        [
            .. ratings
                .Select(r => (r, Emotion: Label(r.Valence, r.Arousal)))
                .Where(x => x.Emotion is not null)
                .Select(x => new RealMusicCheck.Piece(
                    $"{MidiFolder}/{x.r.Midi}",
                    x.Emotion!.Value,
                    string.Create(CultureInfo.InvariantCulture, $"valence {x.r.Valence:+0.00;-0.00}, arousal {x.r.Arousal:+0.00;-0.00}")
                )),
        ];

    /// <summary>How many of <paramref name="pieces"/> the dataset's own table labels alike (its first phrase of the
    /// piece, from clustered listeners, read through the same quadrants), of how many it labels at all.</summary>
    public static (int Agree, int Compared) Agreement(IReadOnlyList<RealMusicCheck.Piece> pieces, string publishedCsv)
    {
        var rows = Csv.Parse(File.ReadAllText(publishedCsv), publishedCsv);
        var header = rows.Count == 0 ? [] : rows[0].ToList();
        int Column(string name) =>
            header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidDataException($"{publishedCsv}: no column '{name}'");
        var (midi, valence, arousal) = (Column("midi"), Column("valence"), Column("arousal"));
        double Rating(IReadOnlyList<string> row, int column, int line) =>
            column < row.Count && double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"{publishedCsv}, row {line}: no number in column '{header[column]}'");
        var published = rows.Select((r, line) => (r, line))
            .Skip(1)
            .Where(x => midi < x.r.Count && x.r[midi].EndsWith("_0.mid", StringComparison.Ordinal))
            .ToDictionary(x => Path.GetFileName(x.r[midi])[..^"_0.mid".Length] + ".mid", x => Label(Rating(x.r, valence, x.line + 1), Rating(x.r, arousal, x.line + 1)));
        var compared = pieces.Where(p => published.ContainsKey(Path.GetFileName(p.File))).ToList();
        return (compared.Count(p => published[Path.GetFileName(p.File)] == p.Emotion), compared.Count);
    }

    /// <summary>
    /// The piece played by <paramref name="synth"/> (its first SoundFont; the check gives it FluidR3_GM), every note on
    /// the acoustic grand piano, mono, peak at about -1 dBFS, written once into <paramref name="cacheFolder"/> under a
    /// name drawn from the MIDI file's bytes, the SoundFont's and the renderer's version. Returns the WAV file's path.
    /// </summary>
    public static string Render(string midiPath, SoundFontSynth synth, string soundFontPath, string cacheFolder)
    {
        var key = GridRun.Hash($"{Renderer}|{synth.SampleRate}|{ContentHash.Of(soundFontPath)}|{ContentHash.Of(midiPath)}")[..20];
        var wav = Path.Combine(cacheFolder, key + ".wav");
        if (File.Exists(wav))
            return wav;
        var notes = MidiFileNotes.Read(midiPath, Instrument.Piano);
        if (notes.Length == 0)
            throw new InvalidDataException($"{midiPath}: the MIDI file has no notes outside the drum channel");
        var stereo = synth.Render(notes, 0, notes.Max(n => n.Onset + n.Duration) + Tail); // (frames * 2)
        var mono = Downmix.Mean(stereo, 2);
        var peak = mono.Max(Math.Abs);
        if (peak > 0)
            for (var i = 0; i < mono.Length; i++)
                mono[i] = (float)(mono[i] * Peak / peak);
        Directory.CreateDirectory(cacheFolder);
        WavWriter.WritePcm16(wav, mono, synth.SampleRate);
        return wav;
    }
}

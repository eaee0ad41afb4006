using System.Collections.Immutable;
using System.Globalization;

namespace FilmScoreEmotion.Corpus.Import;

public sealed record FilmMusicOptions(
    FilmMusicSelection Selection = FilmMusicSelection.Literal,
    double Threshold = 6.0,
    string? Sheet = null
);

/// <summary>What an importer made, plus notes for the user (which sheet was read, counts beside the paper's).</summary>
public sealed record ImportPart(
    ImmutableArray<ManifestEntry> Entries,
    ImmutableArray<ImportProblem> Problems,
    ImmutableArray<string> Notes
);

/// <summary>
/// Eerola &amp; Vuoskoski (2011) Film Music Excerpts as the authors publish them: `mean_ratings_set1.csv` (or set 2),
/// audio named by excerpt number (`001.mp3`), and for Set 1 the track list naming each excerpt's soundtrack.
/// </summary>
public static class FilmMusicImporter
{
    public const string Source = "film-music";
    const double MinRating = 1;
    const double MaxRating = 9;

    static readonly string[] Set1Ratings =
    [
        "valence",
        "energy",
        "tension",
        "anger",
        "fear",
        "happy",
        "sad",
        "tender",
    ];
    static readonly string[] Set2Ratings = [.. Set1Ratings, "beauty", "liking"];

    public static ImportPart Import(string directory, string manifestPath, FilmMusicOptions options)
    {
        var problems = new List<ImportProblem>();
        var notes = new List<string>();
        if (!Directory.Exists(directory))
            return new([], [new ImportProblem(directory, null, "Film Music folder not found")], []);
        var sheet = options.Sheet ?? FindSheet(directory, problems, notes);
        if (sheet is null)
            return new([], [.. problems], [.. notes]);
        List<IReadOnlyList<string>> rows;
        try
        {
            rows = [.. Csv.Parse(File.ReadAllText(sheet), sheet)];
        }
        catch (Exception e)
            when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new(
                [],
                [
                    .. problems,
                    new ImportProblem(sheet, null, $"unreadable rating sheet: {e.Message}"),
                ],
                [.. notes]
            );
        }
        if (rows.Count == 0)
            return new(
                [],
                [.. problems, new ImportProblem(sheet, null, "empty rating sheet")],
                [.. notes]
            );
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var set = header.Contains("beauty") || header.Contains("soundtrack") ? 2 : 1;
        var ratingColumns = set == 2 ? Set2Ratings : Set1Ratings;
        var required = new[] { "number" }.Concat(ratingColumns).Append("target").ToList();
        var missing = required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return new(
                [],
                [
                    .. problems,
                    new ImportProblem(
                        sheet,
                        1,
                        $"header lacks column(s) {string.Join(", ", missing)} (expected {(set == 1 ? "number,valence,energy,tension,anger,fear,happy,sad,tender,TARGET" : "Number,Valence,Energy,Tension,Anger,Fear,Happy,Sad,Tender,Beauty,Liking,TARGET,soundtrack,link")})"
                    ),
                ],
                [.. notes]
            );
        notes.Add($"Film Music Set {set}: {sheet}");
        int Col(string name) => header.IndexOf(name);

        var soundtracks =
            set == 1 ? ReadTrackList(directory, problems, notes) : new Dictionary<int, string>();
        var audio = AudioByNumber(directory, problems);
        var seen = new Dictionary<int, int>();
        var entries = ImmutableArray.CreateBuilder<ManifestEntry>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var line = r + 1;
            // Spreadsheet exports often end with rows of empty cells; they hold no excerpt.
            if (row.All(string.IsNullOrWhiteSpace))
                continue;
            if (row.Count < header.Count)
            {
                problems.Add(new(sheet, line, $"{row.Count} fields, header has {header.Count}"));
                continue;
            }
            if (
                !int.TryParse(
                    row[Col("number")].Trim(),
                    NumberStyles.Integer,
                    CultureInfo.InvariantCulture,
                    out var number
                )
                || number <= 0
            )
            {
                problems.Add(
                    new(
                        sheet,
                        line,
                        $"excerpt number '{row[Col("number")]}' is not a positive integer"
                    )
                );
                continue;
            }
            if (seen.TryGetValue(number, out var first))
            {
                problems.Add(
                    new(
                        sheet,
                        line,
                        $"duplicate excerpt number {number:000} (first on row {first})"
                    )
                );
                continue;
            }
            seen[number] = line;
            var ratings = new Dictionary<string, double>();
            var bad = false;
            foreach (var c in ratingColumns)
            {
                var text = row[Col(c)].Trim();
                if (
                    !double.TryParse(
                        text,
                        NumberStyles.Float,
                        CultureInfo.InvariantCulture,
                        out var v
                    )
                )
                {
                    problems.Add(new(sheet, line, $"{c} rating '{text}' is not a number"));
                    bad = true;
                }
                else if (v < MinRating || v > MaxRating)
                {
                    problems.Add(
                        new(
                            sheet,
                            line,
                            $"{c} rating {text} is outside the sheet's {MinRating}-{MaxRating} scale"
                        )
                    );
                    bad = true;
                }
                else
                    ratings[c] = v;
            }
            var target = row[Col("target")].Trim();
            if (target.Length == 0)
            {
                problems.Add(new(sheet, line, "empty TARGET"));
                bad = true;
            }
            if (bad)
                continue;
            if (
                options.Selection.Select(target, ratings, options.Threshold)
                is not
                (var emotion, var rating)
            )
                continue;
            var id = $"fm{set}-{number:000}";
            if (!audio.TryGetValue(number, out var path))
            {
                problems.Add(
                    new(
                        sheet,
                        line,
                        $"no audio file for excerpt {number:000} (expected {number:000}.mp3 or .wav anywhere under {directory})"
                    )
                );
                continue;
            }
            var (seconds, error) = AudioFiles.Duration(path);
            if (error is not null)
            {
                problems.Add(new(path, null, error));
                continue;
            }
            var soundtrack =
                set == 2 ? row[Col("soundtrack")].Trim() : soundtracks.GetValueOrDefault(number);
            var extra = ratings
                .ToImmutableSortedDictionary(
                    kv => kv.Key,
                    kv => kv.Value.ToString("R", CultureInfo.InvariantCulture),
                    StringComparer.Ordinal
                )
                .Add("target", target)
                .Add("set", set.ToString(CultureInfo.InvariantCulture))
                .Add("number", number.ToString("000", CultureInfo.InvariantCulture))
                .Add("selection", options.Selection.Name());
            if (set == 2 && Col("link") >= 0 && row[Col("link")].Trim() is { Length: > 0 } link)
                extra = extra.Add("set1Number", link);
            entries.Add(
                new ManifestEntry(
                    id,
                    Source,
                    emotion,
                    Manifest.RelativePath(manifestPath, path),
                    Math.Round(seconds, 3),
                    rating,
                    string.IsNullOrEmpty(soundtrack) ? null : soundtrack,
                    extra
                )
            );
        }
        var kept = entries.ToImmutable();
        string Count(Emotion e) =>
            kept.Count(x => x.Emotion == e).ToString(CultureInfo.InvariantCulture);
        notes.Add(
            $"Film Music, rule {options.Selection.Name()} (rating >= {options.Threshold}): {kept.Length} kept (happy {Count(Emotion.Happiness)}, sad {Count(Emotion.Sadness)}, tender {Count(Emotion.Peacefulness)}, fear {Count(Emotion.Fear)}); the paper reports 94, of which 19 tender"
        );
        return new(kept, [.. problems], [.. notes]);
    }

    /// <summary>The rating sheet: Set 1 when both sets are present, as the paper used Set 1.</summary>
    static string? FindSheet(string directory, List<ImportProblem> problems, List<string> notes)
    {
        var sheets = Directory
            .EnumerateFiles(directory, "mean_ratings_set*.csv", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (sheets.Count == 0)
        {
            problems.Add(
                new(
                    directory,
                    null,
                    "no rating sheet mean_ratings_set1.csv or mean_ratings_set2.csv found (pass --film-music-sheet to name another file)"
                )
            );
            return null;
        }
        var set1 = sheets.FirstOrDefault(s =>
            Path.GetFileName(s).Equals("mean_ratings_set1.csv", StringComparison.OrdinalIgnoreCase)
        );
        if (sheets.Count > 1)
            notes.Add(
                $"several rating sheets found; reading {set1 ?? sheets[0]} (pass --film-music-sheet to choose)"
            );
        return set1 ?? sheets[0];
    }

    /// <summary>Audio files whose name is the excerpt number ("001.mp3", "1.wav").</summary>
    static Dictionary<int, string> AudioByNumber(string directory, List<ImportProblem> problems)
    {
        var map = new Dictionary<int, string>();
        foreach (var file in AudioFiles.Under(directory))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (
                stem.Length == 0
                || !stem.All(char.IsAsciiDigit)
                || !int.TryParse(stem, CultureInfo.InvariantCulture, out var n)
            )
                continue;
            if (map.TryGetValue(n, out var other))
                problems.Add(new(file, null, $"duplicate audio for excerpt {n:000}: also {other}"));
            else
                map[n] = file;
        }
        return map;
    }

    /// <summary>
    /// Set 1's track list (`set1_tracklist.csv`, also .tsv/.txt, comma, semicolon or tab separated; columns
    /// Nro, Emotion, Album name, Track, Min:Sec). Optional: without it the soundtrack column stays empty.
    /// </summary>
    static Dictionary<int, string> ReadTrackList(
        string directory,
        List<ImportProblem> problems,
        List<string> notes
    )
    {
        var map = new Dictionary<int, string>();
        var candidates = Directory
            .EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f =>
                Path.GetFileNameWithoutExtension(f)
                    .Replace(' ', '_')
                    .StartsWith("set1_tracklist", StringComparison.OrdinalIgnoreCase)
            )
            .Order(StringComparer.Ordinal)
            .ToList();
        var file = candidates.FirstOrDefault(f =>
            Path.GetExtension(f).ToLowerInvariant() is ".csv" or ".tsv" or ".txt"
        );
        if (file is null)
        {
            notes.Add(
                candidates.Count > 0
                    ? $"track list {candidates[0]} is not CSV; save it as set1_tracklist.csv to fill the soundtrack column"
                    : "no set1_tracklist.csv found: the soundtrack column stays empty (grouping by film is then unavailable)"
            );
            return map;
        }
        var text = File.ReadAllText(file);
        var firstLine = text.Split('\n')[0];
        var delimiter =
            firstLine.Contains('\t') ? '\t'
            : firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';'
            : ',';
        List<IReadOnlyList<string>> rows;
        try
        {
            rows = [.. Csv.Parse(delimiter == ',' ? text : ToCommas(text, delimiter), file)];
        }
        catch (InvalidDataException e)
        {
            problems.Add(new(file, null, $"unreadable track list: {e.Message}"));
            return map;
        }
        var header =
            rows.Count > 0 ? rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList() : [];
        var nro = header.FindIndex(h => h is "nro" or "no" or "number" or "nr");
        var album = header.FindIndex(h => h.StartsWith("album", StringComparison.Ordinal));
        if (nro < 0 || album < 0)
        {
            problems.Add(new(file, 1, "track list header lacks 'Nro' and 'Album name' columns"));
            return map;
        }
        for (var r = 1; r < rows.Count; r++)
            if (
                rows[r].Count > Math.Max(nro, album)
                && int.TryParse(rows[r][nro].Trim(), CultureInfo.InvariantCulture, out var n)
            )
                map[n] = rows[r][album].Trim();
        notes.Add($"soundtracks from {file} ({map.Count} excerpts)");
        return map;
    }

    static string ToCommas(string text, char delimiter) =>
        string.Join(
            '\n',
            text.Split('\n')
                .Select(line =>
                    string.Join(',', line.TrimEnd('\r').Split(delimiter).Select(Csv.Quote))
                )
        );
}

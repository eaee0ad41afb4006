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
        if (!Directory.Exists(directory))
            return new([], [new ImportProblem(directory, null, "Film Music folder not found")], []);
        var problems = new List<ImportProblem>();
        var notes = new List<string>();
        var sheetPath = options.Sheet ?? FindSheet(directory, problems, notes);
        if (sheetPath is null)
            return new([], [.. problems], [.. notes]);
        var (sheet, fault) = ReadSheet(sheetPath);
        if (sheet is null)
            return new([], [.. problems, fault!], [.. notes]);
        notes.Add($"Film Music Set {sheet.Set}: {sheetPath}");
        var soundtracks =
            sheet.Set == 1
                ? ReadTrackList(directory, problems, notes)
                : new Dictionary<int, string>();
        var found = new Found(
            directory,
            manifestPath,
            AudioByNumber(directory, problems),
            soundtracks
        );
        var rows = Enumerable
            .Range(1, sheet.Rows.Count - 1)
            .Select(r => new SheetRow(sheet, r + 1, sheet.Rows[r]))
            .ToList();
        var firstLines = FirstLines(rows);
        var outcomes = rows.Select(row => Excerpt(row, firstLines, found, options)).ToList();
        ImmutableArray<ManifestEntry> kept =
        [
            .. outcomes.Select(o => o.Entry).OfType<ManifestEntry>(),
        ];
        notes.Add(Summary(kept, options));
        return new(kept, [.. problems, .. outcomes.SelectMany(o => o.Problems)], [.. notes]);
    }

    /// <summary>A rating sheet as read: its set (2 has beauty, liking and soundtrack columns), lower-cased header and rows.</summary>
    sealed record Sheet(
        string Path,
        int Set,
        ImmutableArray<string> Header,
        IReadOnlyList<IReadOnlyList<string>> Rows
    )
    {
        public IReadOnlyList<string> RatingColumns => Set == 2 ? Set2Ratings : Set1Ratings;

        public int Column(string name) => Header.IndexOf(name);
    }

    /// <summary>One data row of a sheet; <see cref="Line"/> is its 1-based row in the file, the header being 1.</summary>
    sealed record SheetRow(Sheet Sheet, int Line, IReadOnlyList<string> Cells)
    {
        public string Cell(string column) => Cells[Sheet.Column(column)].Trim();

        /// <summary>The excerpt number, or null when the cell is not a positive integer.</summary>
        public int? Number =>
            int.TryParse(
                Cell("number"),
                NumberStyles.Integer,
                CultureInfo.InvariantCulture,
                out var n
            )
            && n > 0
                ? n
                : null;

        public ImportProblem Problem(string message) => new(Sheet.Path, Line, message);
    }

    /// <summary>What the folder holds beside the sheet: audio by excerpt number and Set 1's soundtracks.</summary>
    sealed record Found(
        string Directory,
        string ManifestPath,
        IReadOnlyDictionary<int, string> Audio,
        IReadOnlyDictionary<int, string> Soundtracks
    );

    /// <summary>A row's result: an entry, its problems, or neither (a blank row, an excerpt the selection rule drops).</summary>
    sealed record Outcome(ManifestEntry? Entry, ImmutableArray<ImportProblem> Problems)
    {
        public static readonly Outcome Skipped = new(null, []);

        public static Outcome Fault(ImportProblem problem) => new(null, [problem]);
    }

    static (Sheet? Sheet, ImportProblem? Fault) ReadSheet(string path)
    {
        List<IReadOnlyList<string>> rows;
        try
        {
            rows = [.. Csv.Parse(File.ReadAllText(path), path)];
        }
        catch (Exception e)
            when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return (null, new ImportProblem(path, null, $"unreadable rating sheet: {e.Message}"));
        }
        if (rows.Count == 0)
            return (null, new ImportProblem(path, null, "empty rating sheet"));
        ImmutableArray<string> header = [.. rows[0].Select(h => h.Trim().ToLowerInvariant())];
        var set = header.Contains("beauty") || header.Contains("soundtrack") ? 2 : 1;
        var sheet = new Sheet(path, set, header, rows);
        var missing = new[] { "number" }
            .Concat(sheet.RatingColumns)
            .Append("target")
            .Where(c => !header.Contains(c))
            .ToList();
        return missing.Count > 0
            ? (
                null,
                new ImportProblem(
                    path,
                    1,
                    $"header lacks column(s) {string.Join(", ", missing)} (expected {ExpectedHeader[set]})"
                )
            )
            : (sheet, null);
    }

    static readonly ImmutableDictionary<int, string> ExpectedHeader =
        ImmutableDictionary.CreateRange([
            KeyValuePair.Create(
                1,
                "number,valence,energy,tension,anger,fear,happy,sad,tender,TARGET"
            ),
            KeyValuePair.Create(
                2,
                "Number,Valence,Energy,Tension,Anger,Fear,Happy,Sad,Tender,Beauty,Liking,TARGET,soundtrack,link"
            ),
        ]);

    /// <summary>The row on which each excerpt number first stands, among rows whose shape and number pass.</summary>
    static ImmutableDictionary<int, int> FirstLines(IEnumerable<SheetRow> rows) =>
        rows.Where(r => !IsBlank(r) && FirstFailure(r, RowShapeRules) is null)
            .GroupBy(r => r.Number!.Value)
            .ToImmutableDictionary(g => g.Key, g => g.Min(r => r.Line));

    // Spreadsheet exports often end with rows of empty cells; they hold no excerpt.
    static bool IsBlank(SheetRow row) => row.Cells.All(string.IsNullOrWhiteSpace);

    /// <summary>Checks on a row's shape, in order: the first that fails is the row's one problem.</summary>
    static readonly ImmutableArray<Func<SheetRow, string?>> RowShapeRules =
    [
        r =>
            r.Cells.Count < r.Sheet.Header.Length
                ? $"{r.Cells.Count} fields, header has {r.Sheet.Header.Length}"
                : null,
        r =>
            r.Number is null
                ? $"excerpt number '{r.Cells[r.Sheet.Column("number")]}' is not a positive integer"
                : null,
    ];

    /// <summary>One rating cell: its column, its text, and its value when the text is a number.</summary>
    sealed record RatingCell(string Column, string Text, double? Value);

    /// <summary>Checks on one rating, in order: the first that fails is that rating's problem.</summary>
    static readonly ImmutableArray<Func<RatingCell, string?>> RatingRules =
    [
        c => c.Value is null ? $"{c.Column} rating '{c.Text}' is not a number" : null,
        c =>
            c.Value is < MinRating or > MaxRating
                ? $"{c.Column} rating {c.Text} is outside the sheet's {MinRating}-{MaxRating} scale"
                : null,
    ];

    static string? FirstFailure<T>(T subject, ImmutableArray<Func<T, string?>> rules) =>
        rules.Select(rule => rule(subject)).FirstOrDefault(message => message is not null);

    static Outcome Excerpt(
        SheetRow row,
        IReadOnlyDictionary<int, int> firstLines,
        Found found,
        FilmMusicOptions options
    )
    {
        if (IsBlank(row))
            return Outcome.Skipped;
        if (FirstFailure(row, RowShapeRules) is { } shape)
            return Outcome.Fault(row.Problem(shape));
        var number = row.Number!.Value;
        if (firstLines[number] < row.Line)
            return Outcome.Fault(
                row.Problem(
                    $"duplicate excerpt number {number:000} (first on row {firstLines[number]})"
                )
            );
        var (ratings, problems) = Ratings(row);
        var target = row.Cell("target");
        if (target.Length == 0)
            problems = problems.Add(row.Problem("empty TARGET"));
        if (problems.Length > 0)
            return new(null, problems);
        if (
            options.Selection.Select(target, ratings, options.Threshold)
            is not
            (var emotion, var rating)
        )
            return Outcome.Skipped;
        if (!found.Audio.TryGetValue(number, out var path))
            return Outcome.Fault(
                row.Problem(
                    $"no audio file for excerpt {number:000} (expected {number:000}.mp3 or .wav anywhere under {found.Directory})"
                )
            );
        var (seconds, error) = AudioFiles.Duration(path);
        if (error is not null)
            return Outcome.Fault(new(path, null, error));
        return new(Entry(row, ratings, (emotion, rating), path, seconds, found, options), []);
    }

    /// <summary>The row's ratings in sheet column order, with a problem for each that fails <see cref="RatingRules"/>.</summary>
    static (Dictionary<string, double> Ratings, ImmutableArray<ImportProblem> Problems) Ratings(
        SheetRow row
    )
    {
        var cells = row
            .Sheet.RatingColumns.Select(column => ReadRating(column, row.Cell(column)))
            .Select(cell => (cell, failure: FirstFailure(cell, RatingRules)))
            .ToList();
        return (
            cells
                .Where(c => c.failure is null)
                .ToDictionary(c => c.cell.Column, c => c.cell.Value!.Value),
            [.. cells.Where(c => c.failure is not null).Select(c => row.Problem(c.failure!))]
        );
    }

    static RatingCell ReadRating(string column, string text) =>
        new(
            column,
            text,
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : null
        );

    static ManifestEntry Entry(
        SheetRow row,
        IReadOnlyDictionary<string, double> ratings,
        (Emotion Emotion, double Rating) selected,
        string path,
        double seconds,
        Found found,
        FilmMusicOptions options
    )
    {
        var set = row.Sheet.Set;
        var number = row.Number!.Value;
        var soundtrack =
            set == 2 ? row.Cell("soundtrack") : found.Soundtracks.GetValueOrDefault(number);
        var extra = ratings
            .ToImmutableSortedDictionary(
                kv => kv.Key,
                kv => kv.Value.ToString("R", CultureInfo.InvariantCulture),
                StringComparer.Ordinal
            )
            .Add("target", row.Cell("target"))
            .Add("set", set.ToString(CultureInfo.InvariantCulture))
            .Add("number", number.ToString("000", CultureInfo.InvariantCulture))
            .Add("selection", options.Selection.Name());
        if (set == 2 && row.Sheet.Column("link") >= 0 && row.Cell("link") is { Length: > 0 } link)
            extra = extra.Add("set1Number", link);
        return new ManifestEntry(
            $"fm{set}-{number:000}",
            Source,
            selected.Emotion,
            Manifest.RelativePath(found.ManifestPath, path),
            Math.Round(seconds, 3),
            selected.Rating,
            string.IsNullOrEmpty(soundtrack) ? null : soundtrack,
            extra
        );
    }

    static string Summary(ImmutableArray<ManifestEntry> kept, FilmMusicOptions options)
    {
        string Count(Emotion e) =>
            kept.Count(x => x.Emotion == e).ToString(CultureInfo.InvariantCulture);
        return $"Film Music, rule {options.Selection.Name()} (rating >= {options.Threshold}): {kept.Length} kept (happy {Count(Emotion.Happiness)}, sad {Count(Emotion.Sadness)}, tender {Count(Emotion.Peacefulness)}, fear {Count(Emotion.Fear)}); the paper reports 94, of which 19 tender";
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

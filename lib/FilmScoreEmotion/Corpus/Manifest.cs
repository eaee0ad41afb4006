using System.Collections.Immutable;
using System.Globalization;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Corpus;

/// <summary>
/// One excerpt of a corpus. <see cref="Path"/> is relative to the manifest's folder (forward slashes) so a corpus
/// folder can be moved as a whole. <see cref="Extra"/> holds any further columns, e.g. the synthetic generator's
/// parameters (mode, tempo, instrument) or a dataset's ratings, so a figure can explain errors.
/// </summary>
public sealed record ManifestEntry(
    string ExcerptId,
    string Source,
    Emotion Emotion,
    string Path,
    double DurationSec,
    double? Intensity = null,
    string? Soundtrack = null,
    ImmutableSortedDictionary<string, string>? Extra = null
)
{
    public ImmutableSortedDictionary<string, string> Columns =>
        Extra ?? ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Value equality, extra columns compared by content (an absent and an empty set of extras are equal).</summary>
    public bool Equals(ManifestEntry? other) =>
        other is not null
        && (ExcerptId, Source, Emotion, Path, DurationSec, Intensity, Soundtrack)
            == (
                other.ExcerptId,
                other.Source,
                other.Emotion,
                other.Path,
                other.DurationSec,
                other.Intensity,
                other.Soundtrack
            )
        && Columns.SequenceEqual(other.Columns);

    public override int GetHashCode() =>
        System.HashCode.Combine(ExcerptId, Source, Emotion, Path, DurationSec);

    /// <summary>Non-overlapping 2-s windows the paper cuts from this excerpt.</summary>
    public int SegmentCount(double segmentSec = 2.0) =>
        (int)Math.Floor(DurationSec / segmentSec + 1e-9);
}

public sealed record Manifest(ImmutableArray<ManifestEntry> Entries)
{
    public static readonly ImmutableArray<string> CoreColumns =
    [
        "excerptId",
        "source",
        "emotion",
        "path",
        "durationSec",
        "intensity",
        "soundtrack",
    ];

    /// <summary>A week: longer is a typo, and NaN or infinity made every count after it meaningless or an overflow.</summary>
    public const double MaxDurationSec = 7 * 24 * 3600;

    public static string ResolvePath(string manifestPath, ManifestEntry entry) =>
        System.IO.Path.GetFullPath(
            System.IO.Path.Combine(
                System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifestPath))!,
                entry.Path
            )
        );

    public static string RelativePath(string manifestPath, string audioPath) =>
        System
            .IO.Path.GetRelativePath(
                System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifestPath))!,
                System.IO.Path.GetFullPath(audioPath)
            )
            .Replace('\\', '/');

    public static string Format(IReadOnlyList<ManifestEntry> entries)
    {
        var extras = entries
            .SelectMany(e => e.Columns.Keys)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var clash = extras.FirstOrDefault(CoreColumns.Contains);
        if (clash is not null)
            throw new ArgumentException(
                $"extra column '{clash}' has the name of a core manifest column"
            );
        var ids = entries.GroupBy(e => e.ExcerptId).FirstOrDefault(g => g.Count() > 1);
        if (ids is not null)
            throw new ArgumentException(
                $"excerptId '{ids.Key}' occurs {ids.Count()} times in the manifest"
            );
        var rows = new List<IReadOnlyList<string>> { CoreColumns.Concat(extras).ToList() };
        foreach (var e in entries)
        {
            var row = new List<string>
            {
                e.ExcerptId,
                e.Source,
                e.Emotion.ToName(),
                e.Path,
                e.DurationSec.ToString("R", CultureInfo.InvariantCulture),
                e.Intensity?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                e.Soundtrack ?? "",
            };
            row.AddRange(extras.Select(k => e.Columns.GetValueOrDefault(k, "")));
            rows.Add(row);
        }
        return Csv.Format(rows);
    }

    public static void Write(string path, IReadOnlyList<ManifestEntry> entries) =>
        AtomicFile.WriteAllText(path, Format(entries));

    public static Manifest Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: manifest not found", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a manifest; every bad row is reported at once, with its line number.</summary>
    public static Manifest Parse(string text, string sourceName)
    {
        var rows = Csv.Parse(text, sourceName);
        var index = ColumnIndex(rows, sourceName);
        var header = rows[0];
        var parsed = rows.Skip(1).Select((cells, i) => new ManifestRow(cells, i + 2, index)).ToList();
        var firstLines = FirstLines(parsed, header.Count);
        var problems = parsed
            .SelectMany(row => RowProblems(row, header.Count, firstLines).Select(p => $"{sourceName}: row {row.Line}: {p}"))
            .ToList();
        if (problems.Count > 0)
            throw new InvalidDataException(string.Join(Environment.NewLine, problems));
        return new Manifest([.. parsed.Select(row => Entry(row, header))]);
    }

    static readonly ImmutableArray<string> RequiredColumns = ["excerptId", "source", "emotion", "path", "durationSec"];

    /// <summary>Each column's position, by its trimmed name; an empty sheet, a repeated or a missing core column is an error.</summary>
    static Dictionary<string, int> ColumnIndex(IReadOnlyList<IReadOnlyList<string>> rows, string sourceName)
    {
        if (rows.Count == 0)
            throw new InvalidDataException(
                $"{sourceName}: empty manifest (expected a header row starting excerptId,source,emotion,path,durationSec)"
            );
        var header = rows[0];
        var repeated = header.Select(h => h.Trim()).GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new InvalidDataException($"{sourceName}: the header names the column '{repeated.Key}' {repeated.Count()} times");
        var index = header
            .Select((name, i) => (name, i))
            .ToDictionary(t => t.name.Trim(), t => t.i, StringComparer.Ordinal);
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{sourceName}: header lacks column(s) {string.Join(", ", missing)}"
            );
        return index;
    }

    /// <summary>One data row; <see cref="Line"/> is its 1-based row in the file, the header being 1.</summary>
    sealed record ManifestRow(IReadOnlyList<string> Cells, int Line, IReadOnlyDictionary<string, int> Index)
    {
        /// <summary>The cell of a column, empty when the header has no such column.</summary>
        public string Get(string column) =>
            Index.TryGetValue(column, out var i) && i < Cells.Count ? Cells[i] : "";
    }

    /// <summary>The line on which each excerpt id first stands, among rows of the header's width.</summary>
    static ImmutableDictionary<string, int> FirstLines(IEnumerable<ManifestRow> rows, int width) =>
        rows.Where(r => r.Cells.Count == width && r.Get("excerptId").Length > 0)
            .GroupBy(r => r.Get("excerptId"))
            .ToImmutableDictionary(g => g.Key, g => g.Min(r => r.Line));

    /// <summary>What is wrong with a row: its width alone when that is wrong, else every failing rule of <see cref="CellRules"/>.</summary>
    static IEnumerable<string> RowProblems(ManifestRow row, int width, IReadOnlyDictionary<string, int> firstLines) =>
        row.Cells.Count != width
            ? [$"{row.Cells.Count} fields, header has {width}"]
            : CellRules.Select(rule => rule(row, firstLines)).OfType<string>();

    /// <summary>Checks on a row of the right width, each naming its fault or returning null; all are reported.</summary>
    static readonly ImmutableArray<Func<ManifestRow, IReadOnlyDictionary<string, int>, string?>> CellRules =
    [
        (r, firstLines) =>
            r.Get("excerptId") is not { Length: > 0 } id ? "empty excerptId"
            : firstLines[id] < r.Line ? $"duplicate excerptId '{id}'"
            : null,
        (r, _) => EmotionNames.TryParse(r.Get("emotion"), out var _) ? null : $"unknown emotion '{r.Get("emotion")}'",
        (r, _) =>
            Duration(r.Get("durationSec")) is null
                ? $"durationSec '{r.Get("durationSec")}' is not a number of seconds from 0 to {MaxDurationSec:0}"
                : null,
        (r, _) =>
            r.Get("intensity") is { Length: > 0 } it && Intensity(it) is null
                ? $"intensity '{it}' is not a finite number"
                : null,
        (r, _) => r.Get("path").Length == 0 ? "empty path" : null,
    ];

    static double? Duration(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= 0 and <= MaxDurationSec
            ? seconds
            : null;

    static double? Intensity(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : null;

    /// <summary>The entry of a row that passed every rule; columns beyond the core ones go to its extras when not empty.</summary>
    static ManifestEntry Entry(ManifestRow row, IReadOnlyList<string> header)
    {
        var extra = header
            .Select((name, i) => (name: name.Trim(), i))
            .Where(t => !CoreColumns.Contains(t.name) && row.Cells[t.i].Length > 0)
            .ToImmutableSortedDictionary(t => t.name, t => row.Cells[t.i], StringComparer.Ordinal);
        return new ManifestEntry(
            row.Get("excerptId"),
            row.Get("source"),
            EmotionNames.Parse(row.Get("emotion")),
            row.Get("path"),
            Duration(row.Get("durationSec"))!.Value,
            row.Get("intensity") is { Length: > 0 } it ? Intensity(it) : null,
            row.Get("soundtrack") is { Length: > 0 } s ? s : null,
            extra.IsEmpty ? null : extra
        );
    }
}

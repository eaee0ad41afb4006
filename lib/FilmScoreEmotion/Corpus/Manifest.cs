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
        var missing = new[] { "excerptId", "source", "emotion", "path", "durationSec" }
            .Where(c => !index.ContainsKey(c))
            .ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{sourceName}: header lacks column(s) {string.Join(", ", missing)}"
            );
        var problems = new List<string>();
        var entries = ImmutableArray.CreateBuilder<ManifestEntry>();
        var seen = new HashSet<string>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            string Get(string col) =>
                index.TryGetValue(col, out var i) && i < row.Count ? row[i] : "";
            var where = $"{sourceName}: row {r + 1}";
            if (row.Count != header.Count)
            {
                problems.Add($"{where}: {row.Count} fields, header has {header.Count}");
                continue;
            }
            var id = Get("excerptId");
            if (id.Length == 0)
                problems.Add($"{where}: empty excerptId");
            else if (!seen.Add(id))
                problems.Add($"{where}: duplicate excerptId '{id}'");
            if (!EmotionNames.TryParse(Get("emotion"), out var emotion))
                problems.Add($"{where}: unknown emotion '{Get("emotion")}'");
            if (
                !double.TryParse(
                    Get("durationSec"),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var duration
                )
                || !(duration is >= 0 and <= MaxDurationSec)
            )
                problems.Add(
                    $"{where}: durationSec '{Get("durationSec")}' is not a number of seconds from 0 to {MaxDurationSec:0}"
                );
            double? intensity = null;
            if (Get("intensity") is { Length: > 0 } it)
            {
                if (
                    double.TryParse(it, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    && double.IsFinite(v)
                )
                    intensity = v;
                else
                    problems.Add($"{where}: intensity '{it}' is not a finite number");
            }
            if (Get("path").Length == 0)
                problems.Add($"{where}: empty path");
            var extra = header
                .Select((name, i) => (name: name.Trim(), i))
                .Where(t => !CoreColumns.Contains(t.name) && row[t.i].Length > 0)
                .ToImmutableSortedDictionary(t => t.name, t => row[t.i], StringComparer.Ordinal);
            entries.Add(
                new ManifestEntry(
                    id,
                    Get("source"),
                    emotion,
                    Get("path"),
                    duration,
                    intensity,
                    Get("soundtrack") is { Length: > 0 } s ? s : null,
                    extra.IsEmpty ? null : extra
                )
            );
        }
        if (problems.Count > 0)
            throw new InvalidDataException(string.Join(Environment.NewLine, problems));
        return new Manifest(entries.ToImmutable());
    }
}

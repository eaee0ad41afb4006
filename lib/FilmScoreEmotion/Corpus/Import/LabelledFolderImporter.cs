using System.Collections.Immutable;
using System.Globalization;

namespace FilmScoreEmotion.Corpus.Import;

/// <summary>Where the labels come from and what to call the excerpts.</summary>
public sealed record LabelledFolderOptions(string Source, string IdPrefix, string? KeepList = null);

/// <summary>
/// A folder of labelled audio: one subfolder per emotion (English names or synonyms, French `gai`, `triste`, `peur`,
/// `apaisant`), or a CSV at its top level with `file` and `emotion` columns (paths relative to the folder).
/// Serves the Musical Excerpts of Vieillard et al. (2008), whose file naming is not public, and a user's own folders.
/// An optional keep-list (one file name or stem a line, `#` comments) keeps a subset, e.g. the paper's 40 of 56.
/// </summary>
public static class LabelledFolderImporter
{
    static readonly HashSet<string> Anger = new(StringComparer.OrdinalIgnoreCase)
    {
        "anger",
        "angry",
        "colere",
        "colère",
    };

    public static ImportPart Import(
        string directory,
        string manifestPath,
        LabelledFolderOptions options
    )
    {
        if (!Directory.Exists(directory))
            return new([], [new ImportProblem(directory, null, "folder not found")], []);
        var problems = new List<ImportProblem>();
        var notes = new List<string>();
        var labelSheet = LabelSheet(directory);
        var labelled = labelSheet is not null
            ? FromSheet(directory, labelSheet, problems)
            : FromSubfolders(directory, problems, notes);
        notes.Add(
            labelSheet is not null
                ? $"{options.Source}: labels from {labelSheet}"
                : $"{options.Source}: labels from the subfolder names of {directory}"
        );
        if (options.KeepList is { } keepPath)
            labelled = Keep(labelled, keepPath, problems);
        var firsts = Firsts(labelled, options);
        var outcomes = labelled
            .Select((l, index) => Excerpt(l, index, firsts, manifestPath, options))
            .ToList();
        ImmutableArray<ManifestEntry> kept =
        [
            .. outcomes.Select(o => o.Entry).OfType<ManifestEntry>(),
        ];
        notes.Add(Summary(kept, options));
        return new(
            kept,
            [.. problems, .. outcomes.Select(o => o.Problem).OfType<ImportProblem>()],
            [.. notes]
        );
    }

    /// <summary>The first CSV at the folder's top level with `file` and `emotion` columns, in name order.</summary>
    static string? LabelSheet(string directory) =>
        Directory
            .EnumerateFiles(directory, "*.csv", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(HasFileEmotionHeader);

    static string Id(Labelled labelled, LabelledFolderOptions options) =>
        $"{options.IdPrefix}-{Path.GetFileNameWithoutExtension(labelled.File)}";

    /// <summary>Where each excerpt id is first claimed, and by which file; a later file of the same name is a duplicate.</summary>
    static ImmutableDictionary<string, (int Index, string File)> Firsts(
        IEnumerable<Labelled> labelled,
        LabelledFolderOptions options
    ) =>
        labelled
            .Select((l, index) => (Id: Id(l, options), Index: index, l.File))
            .GroupBy(t => t.Id, StringComparer.Ordinal)
            .ToImmutableDictionary(
                g => g.Key,
                g => (g.First().Index, g.First().File),
                StringComparer.Ordinal
            );

    /// <summary>A labelled file's entry, or the one problem that keeps it out.</summary>
    static (ManifestEntry? Entry, ImportProblem? Problem) Excerpt(
        Labelled labelled,
        int index,
        IReadOnlyDictionary<string, (int Index, string File)> firsts,
        string manifestPath,
        LabelledFolderOptions options
    )
    {
        var (file, emotion, label, origin, row) = labelled;
        var id = Id(labelled, options);
        if (firsts[id].Index < index)
            return (
                null,
                new(
                    origin,
                    row,
                    $"duplicate excerpt id '{id}': {file} and {firsts[id].File} have the same name"
                )
            );
        var (seconds, error) = AudioFiles.Duration(file);
        if (error is not null)
            return (null, new(file, null, error));
        return (
            new ManifestEntry(
                id,
                options.Source,
                emotion,
                Manifest.RelativePath(manifestPath, file),
                Math.Round(seconds, 3),
                Extra: ImmutableSortedDictionary<string, string>.Empty.Add("label", label)
            ),
            null
        );
    }

    static string Summary(ImmutableArray<ManifestEntry> kept, LabelledFolderOptions options) =>
        $"{options.Source}: {kept.Length} excerpts ("
        + string.Join(
            ", ",
            EmotionNames.All.Select(e =>
                $"{e.ToName()} {kept.Count(x => x.Emotion == e).ToString(CultureInfo.InvariantCulture)}"
            )
        )
        + ")"
        + (
            options.Source == CorpusImport.MusicalExcerptsSource
                ? "; the paper uses 40, 10 per emotion"
                : ""
        );

    sealed record Labelled(string File, Emotion Emotion, string Label, string Origin, int? Row);

    static bool HasFileEmotionHeader(string csv)
    {
        using var reader = new StreamReader(csv);
        var header = reader
            .ReadLine()
            ?.TrimStart('\uFEFF')
            .Split(',')
            .Select(h => h.Trim().Trim('"').ToLowerInvariant())
            .ToList();
        return header is not null && header.Contains("file") && header.Contains("emotion");
    }

    static List<Labelled> FromSheet(string directory, string sheet, List<ImportProblem> problems)
    {
        var result = new List<Labelled>();
        IReadOnlyList<IReadOnlyList<string>> rows;
        try
        {
            rows = Csv.Parse(File.ReadAllText(sheet), sheet);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            problems.Add(new(sheet, null, $"unreadable label sheet: {e.Message}"));
            return result;
        }
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        int fileCol = header.IndexOf("file"),
            emotionCol = header.IndexOf("emotion");
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count <= Math.Max(fileCol, emotionCol))
            {
                problems.Add(new(sheet, r + 1, $"{row.Count} fields, header has {header.Count}"));
                continue;
            }
            var name = row[fileCol].Trim();
            var label = row[emotionCol].Trim();
            var path = Path.GetFullPath(Path.Combine(directory, name));
            var ok = true;
            if (!EmotionNames.TryParse(label, out var emotion))
            {
                if (Anger.Contains(label))
                    continue;
                problems.Add(new(sheet, r + 1, $"unknown emotion label '{label}'"));
                ok = false;
            }
            if (!File.Exists(path))
            {
                problems.Add(new(sheet, r + 1, $"audio file {path} not found"));
                ok = false;
            }
            if (ok)
                result.Add(new(path, emotion, label, sheet, r + 1));
        }
        return result;
    }

    static List<Labelled> FromSubfolders(
        string directory,
        List<ImportProblem> problems,
        List<string> notes
    )
    {
        var result = new List<Labelled>();
        foreach (
            var loose in Directory
                .EnumerateFiles(directory)
                .Where(AudioFiles.IsAudio)
                .Order(StringComparer.Ordinal)
        )
            problems.Add(
                new(
                    loose,
                    null,
                    "audio file outside an emotion subfolder (put it under happiness/, sadness/, fear/ or peacefulness/, or list it in a file,emotion CSV)"
                )
            );
        foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var label = Path.GetFileName(sub);
            var files = AudioFiles.Under(sub);
            if (!EmotionNames.TryParse(label, out var emotion))
            {
                if (Anger.Contains(label))
                    notes.Add($"{sub}: anger is left out, as in the paper");
                else if (files.Count > 0)
                    problems.Add(
                        new(
                            sub,
                            null,
                            $"unknown emotion label '{label}' (folder of {files.Count} audio file(s))"
                        )
                    );
                continue;
            }
            result.AddRange(files.Select(f => new Labelled(f, emotion, label, f, null)));
        }
        if (result.Count == 0 && problems.Count == 0)
            problems.Add(
                new(
                    directory,
                    null,
                    "no audio found in emotion subfolders and no file,emotion CSV at the top level"
                )
            );
        return result;
    }

    static List<Labelled> Keep(
        List<Labelled> labelled,
        string keepPath,
        List<ImportProblem> problems
    )
    {
        if (!File.Exists(keepPath))
        {
            problems.Add(new(keepPath, null, "keep-list not found"));
            return labelled;
        }
        var wanted = File.ReadAllLines(keepPath)
            .Select((line, i) => (name: line.Split('#')[0].Trim(), row: i + 1))
            .Where(t => t.name.Length > 0)
            .ToList();
        bool Matches(Labelled l, string name) =>
            Path.GetFileName(l.File).Equals(name, StringComparison.OrdinalIgnoreCase)
            || Path.GetFileNameWithoutExtension(l.File)
                .Equals(name, StringComparison.OrdinalIgnoreCase);
        foreach (var (name, row) in wanted.Where(w => !labelled.Any(l => Matches(l, w.name))))
            problems.Add(
                new(keepPath, row, $"'{name}' is in the keep-list but not among the labelled audio")
            );
        return labelled.Where(l => wanted.Any(w => Matches(l, w.name))).ToList();
    }
}

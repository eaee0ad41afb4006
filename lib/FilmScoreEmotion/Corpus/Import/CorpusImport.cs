using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Import;

/// <summary>What to import; any of the three kinds of input may be absent, not all.</summary>
public sealed record ImportRequest(
    string OutputManifest,
    string? MusicalExcerpts = null,
    string? FilmMusic = null,
    ImmutableArray<string> Folders = default,
    FilmMusicOptions? FilmMusicOptions = null,
    string? MusicalExcerptsKeepList = null
);

public sealed record ImportResult(Manifest Manifest, ImmutableArray<string> Notes);

/// <summary>Runs the importers, gathers every problem, and writes the manifest only when there is none.</summary>
public static class CorpusImport
{
    public const string MusicalExcerptsSource = "musical-excerpts";

    public static ImportResult Run(ImportRequest request)
    {
        var folders = request.Folders.IsDefault ? [] : request.Folders;
        if (request.MusicalExcerpts is null && request.FilmMusic is null && folders.Length == 0)
            throw new ArgumentException(
                "nothing to import: give --musical-excerpts, --film-music or --folders"
            );
        var parts = new List<ImportPart>();
        if (request.MusicalExcerpts is { } me)
            parts.Add(
                LabelledFolderImporter.Import(
                    me,
                    request.OutputManifest,
                    new LabelledFolderOptions(
                        MusicalExcerptsSource,
                        "me",
                        request.MusicalExcerptsKeepList
                    )
                )
            );
        if (request.FilmMusic is { } fm)
            parts.Add(
                FilmMusicImporter.Import(
                    fm,
                    request.OutputManifest,
                    request.FilmMusicOptions ?? new FilmMusicOptions()
                )
            );
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(
                Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))
            );
            parts.Add(
                LabelledFolderImporter.Import(
                    folder,
                    request.OutputManifest,
                    new LabelledFolderOptions(name, name)
                )
            );
        }
        var problems = parts.SelectMany(p => p.Problems).ToList();
        var entries = parts.SelectMany(p => p.Entries).ToList();
        foreach (var dup in entries.GroupBy(e => e.ExcerptId).Where(g => g.Count() > 1))
            problems.Add(
                new ImportProblem(
                    request.OutputManifest,
                    null,
                    $"duplicate excerpt id '{dup.Key}' from {string.Join(" and ", dup.Select(e => e.Path))}"
                )
            );
        if (problems.Count > 0)
            throw new ImportException(problems);
        if (entries.Count == 0)
            throw new ImportException([
                new ImportProblem(request.OutputManifest, null, "the selection kept no excerpt"),
            ]);
        Manifest.Write(request.OutputManifest, entries);
        return new ImportResult(new Manifest([.. entries]), [.. parts.SelectMany(p => p.Notes)]);
    }
}

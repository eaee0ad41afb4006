namespace FilmScoreEmotion.Corpus.Import;

/// <summary>One thing wrong with a dataset as given: the file, the row when there is one (1-based, header = 1), and what.</summary>
public sealed record ImportProblem(string File, int? Row, string Message)
{
    public override string ToString() =>
        Row is { } r ? $"{File}: row {r}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown with every problem found at once, so a user fixes a dataset in one pass.</summary>
public sealed class ImportException(IReadOnlyList<ImportProblem> problems)
    : IOException(
        $"{problems.Count} problem(s), no manifest written:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", problems)
    )
{
    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}

namespace FilmScoreEmotion.Corpus.Import;

/// <summary>
/// Which Film Music excerpts to keep. The paper's rule ("rated 6 or more on their target emotion", 94 kept, 19 tender)
/// cannot be reproduced exactly from the published sheet, so the candidates are named options.
/// </summary>
public enum FilmMusicSelection
{
    /// <summary>TARGET is HAPPY, SAD, TENDER or FEAR and the mean rating on that emotion is at least the threshold (Set 1: 54).</summary>
    Literal,

    /// <summary>Among the discrete-emotion excerpts (TARGET HAPPY, SAD, TENDER, FEAR or ANGER; Set 1: 001-150), the strongest of happy/sad/tender/fear if at least the threshold (Set 1: 67, 19 tender).</summary>
    StrongestInDiscreteBlocks,

    /// <summary>Any excerpt, including the dimensional blocks, whose strongest of happy/sad/tender/fear is at least the threshold.</summary>
    StrongestAnywhere,
}

public static class FilmMusicSelections
{
    public static FilmMusicSelection Parse(string name) =>
        name.Replace("-", "").Replace("_", "").ToLowerInvariant() switch
        {
            "literal" => FilmMusicSelection.Literal,
            "strongestindiscreteblocks" or "strongestdiscrete" =>
                FilmMusicSelection.StrongestInDiscreteBlocks,
            "strongestanywhere" or "strongest" => FilmMusicSelection.StrongestAnywhere,
            _ => throw new FormatException(
                $"unknown selection rule '{name}' (expected literal, strongest-in-discrete-blocks or strongest-anywhere)"
            ),
        };

    public static string Name(this FilmMusicSelection s) => IO.EnumNames.Kebab(s);

    /// <summary>The sheet's rating column for each class; tender stands for peacefulness, as in the paper.</summary>
    public static readonly IReadOnlyList<(string Column, string Target, Emotion Emotion)> Classes =
    [
        ("happy", "HAPPY", Emotion.Happiness),
        ("sad", "SAD", Emotion.Sadness),
        ("tender", "TENDER", Emotion.Peacefulness),
        ("fear", "FEAR", Emotion.Fear),
    ];

    static readonly HashSet<string> DiscreteTargets = ["HAPPY", "SAD", "TENDER", "FEAR", "ANGER"];

    /// <summary>The first word of a TARGET: "HAPPY_HIGH" (Set 2) and "HAPPY" (Set 1) are both HAPPY.</summary>
    public static string TargetWord(string target) =>
        target
            .Trim()
            .ToUpperInvariant()
            .Split(['_', ' '], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault()
        ?? "";

    /// <summary>The class an excerpt is kept as, with its rating on that class, or null when the rule drops it.</summary>
    public static (Emotion Emotion, double Rating)? Select(
        this FilmMusicSelection rule,
        string target,
        IReadOnlyDictionary<string, double> ratings,
        double threshold
    )
    {
        var word = TargetWord(target);
        switch (rule)
        {
            case FilmMusicSelection.Literal:
            {
                var cls = Classes.FirstOrDefault(c => c.Target == word);
                return cls.Column is not null && ratings[cls.Column] >= threshold
                    ? (cls.Emotion, ratings[cls.Column])
                    : null;
            }
            default:
            {
                if (
                    rule == FilmMusicSelection.StrongestInDiscreteBlocks
                    && !DiscreteTargets.Contains(word)
                )
                    return null;
                var best = Classes.MaxBy(c => ratings[c.Column]);
                return ratings[best.Column] >= threshold
                    ? (best.Emotion, ratings[best.Column])
                    : null;
            }
        }
    }
}

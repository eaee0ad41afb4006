namespace FilmScoreEmotion.Corpus;

/// <summary>The paper's four classes. Anger is deliberately absent: the paper leaves it out.</summary>
public enum Emotion
{
    Happiness,
    Sadness,
    Fear,
    Peacefulness,
}

public static class EmotionNames
{
    /// <summary>Lower-case name used in manifests and folder names.</summary>
    public static string ToName(this Emotion emotion) => IO.EnumNames.Lower(emotion);

    // Labels as the two datasets and their translations spell them. Vieillard et al. call fear "scary" or
    // "threat" and peacefulness "peaceful"; Eerola & Vuoskoski's "tender" joins peacefulness as in the paper.
    static readonly Dictionary<string, Emotion> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["happiness"] = Emotion.Happiness,
        ["happy"] = Emotion.Happiness,
        ["joy"] = Emotion.Happiness,
        ["gai"] = Emotion.Happiness,
        ["gaie"] = Emotion.Happiness,
        ["joie"] = Emotion.Happiness,
        ["sadness"] = Emotion.Sadness,
        ["sad"] = Emotion.Sadness,
        ["triste"] = Emotion.Sadness,
        ["tristesse"] = Emotion.Sadness,
        ["fear"] = Emotion.Fear,
        ["scary"] = Emotion.Fear,
        ["threat"] = Emotion.Fear,
        ["threatening"] = Emotion.Fear,
        ["peur"] = Emotion.Fear,
        ["menace"] = Emotion.Fear,
        ["peacefulness"] = Emotion.Peacefulness,
        ["peaceful"] = Emotion.Peacefulness,
        ["peace"] = Emotion.Peacefulness,
        ["tender"] = Emotion.Peacefulness,
        ["tenderness"] = Emotion.Peacefulness,
        ["apaisant"] = Emotion.Peacefulness,
        ["apaisement"] = Emotion.Peacefulness,
        ["paisible"] = Emotion.Peacefulness,
    };

    public static bool TryParse(string? label, out Emotion emotion)
    {
        emotion = default;
        return label is not null && Synonyms.TryGetValue(label.Trim(), out emotion);
    }

    public static Emotion Parse(string label) =>
        TryParse(label, out var e)
            ? e
            : throw new FormatException(
                $"unknown emotion label '{label}' (expected happiness, sadness, fear or peacefulness, or a synonym: happy, sad, scary, threat, peaceful, tender, gai, triste, peur, apaisant)"
            );

    public static IReadOnlyList<Emotion> All { get; } = Enum.GetValues<Emotion>();
}

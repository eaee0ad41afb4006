namespace FilmScoreEmotion.IO;

/// <summary>The text of an enum member where it meets a file or the command line, and back: the library carries the
/// enum, and only these functions turn it into words.</summary>
public static class EnumNames
{
    /// <summary>The member name in lower case: Cnn4Res → cnn4res, Fp32 → fp32.</summary>
    public static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The member name in lower case with a hyphen where a lower-case letter meets an upper-case one:
    /// SegmentKFold → segment-kfold, StrongestInDiscreteBlocks → strongest-in-discrete-blocks.</summary>
    public static string Kebab<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]) ? "-" + c : c.ToString()))
            .ToLowerInvariant();
    }

    /// <summary>The member whose <paramref name="name"/> is <paramref name="text"/> (trimmed, any case); null when none
    /// is. Exact names only: Enum.Parse also takes numbers such as "7".</summary>
    public static T? TryParse<T>(string? text, Func<T, string> name)
        where T : struct, Enum =>
        text is null
            ? null
            : Enum.GetValues<T>().Where(v => name(v) == text.Trim().ToLowerInvariant()).Select(v => (T?)v).FirstOrDefault();

    /// <summary>As <see cref="TryParse{T}"/>, but an unknown name is an error that lists the names there are.</summary>
    public static T Parse<T>(string text, Func<T, string> name, string what)
        where T : struct, Enum =>
        TryParse(text, name) ?? throw new ArgumentException($"unknown {what} '{text}': use {Joined(name)}");

    /// <summary>Every member's name, comma-separated, in declaration order.</summary>
    public static string Joined<T>(Func<T, string> name)
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(name));
}

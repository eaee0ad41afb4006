using System.Collections.Immutable;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Spectra;

/// <summary>The spectrogram kinds by the names users and saved models write (stft, mel, cqt).</summary>
public static class SpectrogramKinds
{
    public static string Name(SpectrogramKind kind) => EnumNames.Lower(kind);

    public static readonly ImmutableArray<string> Names = [.. Enum.GetValues<SpectrogramKind>().Select(Name)];

    public static SpectrogramKind? TryParse(string? text) => EnumNames.TryParse<SpectrogramKind>(text, Name);
}

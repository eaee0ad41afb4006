using System.Collections.Immutable;

namespace FilmScoreEmotion.Spectra;

/// <summary>The spectrogram kinds by the names users and saved models write. Exact names only: Enum.Parse also took
/// "7" (a number) and then fell through to CQT.</summary>
public static class SpectrogramKinds
{
    public static readonly ImmutableArray<string> Names = ["stft", "mel", "cqt"];

    public static SpectrogramKind? TryParse(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "stft" => SpectrogramKind.Stft,
            "mel" => SpectrogramKind.Mel,
            "cqt" => SpectrogramKind.Cqt,
            _ => null,
        };

    public static string Name(SpectrogramKind kind) => Names[(int)kind];
}

using System.Collections.Immutable;

namespace FilmScoreEmotion.Captions;

/// <summary>How a soundtrack becomes captions. Windows of <see cref="WindowSeconds"/> every <see cref="HopSeconds"/>
/// are classified; a Viterbi pass with <see cref="SwitchPenalty"/> (in nats) smooths the label sequence, and a cue
/// is kept only where its emotion's mean probability reaches <see cref="MinConfidence"/> and it lasts at least
/// <see cref="MinCueSeconds"/>, so a viewer reads a few lasting cues rather than a flicker of guesses.</summary>
public sealed record CaptionConfig
{
    public double WindowSeconds { get; init; } = 2.0;
    public double HopSeconds { get; init; } = 1.0;
    public double SwitchPenalty { get; init; } = 6.0;
    public double MinConfidence { get; init; } = 0.55;
    public double MinCueSeconds { get; init; } = 4.0;

    /// <summary>Whether the model's tonal expert (<see cref="TonalContext"/>), where it has one, joins the networks.</summary>
    public bool TonalContext { get; init; } = true;

    /// <summary>Cues of one emotion separated by at most this gap are joined into one.</summary>
    public double MergeGapSeconds { get; init; } = 2.0;

    /// <summary>Caption text per class label, in the style of subtitles for the deaf and hard of hearing.</summary>
    public ImmutableDictionary<string, string> Wording { get; init; } = DefaultWording;

    public static readonly ImmutableDictionary<string, string> DefaultWording = new Dictionary<string, string>
    {
        ["happiness"] = "♪ [joyful music] ♪",
        ["sadness"] = "♪ [sad music] ♪",
        ["fear"] = "♪ [tense, fearful music] ♪",
        ["peacefulness"] = "♪ [calm music] ♪",
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
}

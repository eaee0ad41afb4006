namespace FilmScoreEmotion.Captions;

/// <summary>One caption: [Start, End) in seconds, the emotion it names, its text and its mean probability.</summary>
public sealed record Cue(double Start, double End, string Emotion, string Text, double Confidence)
{
    public double Duration => End - Start;
}

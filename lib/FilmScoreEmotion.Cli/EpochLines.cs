using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Cli;

/// <summary>One line per training epoch on stderr, so stdout keeps only the result lines.</summary>
public sealed class EpochLines : IProgress<EpochProgress>
{
    public void Report(EpochProgress p) =>
        Console.Error.WriteLine($"{p.Run} epoch {p.Epoch}: loss {p.Loss:F4} accuracy {p.Accuracy:F3} validation loss {p.ValidationLoss:F4} accuracy {p.ValidationAccuracy:F3}");
}

namespace FilmScoreEmotion.Cli;

/// <summary>Progress reported on the reporting thread: <see cref="Progress{T}"/> posts every report to the thread
/// pool, which for a report per file of a large folder wakes threads more often than the files take to compute.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

using System.Diagnostics;
using Spectre.Console;

namespace FilmScoreEmotion.Cli;

/// <summary>One stage of a long command (corpus, features, training, a notebook) as the user sees it.</summary>
public interface IStage
{
    double MaxValue { get; set; }
    double Value { get; set; }
}

/// <summary>Progress of a command's stages: live bars on a terminal; in a log (output redirected) a few plain lines
/// per stage with elapsed time and an estimate of what is left, because a redrawn bar written to a file becomes one
/// line per redraw.</summary>
public static class StageProgress
{
    public static void Run(Action<Func<string, IStage>> body, bool clearWhenDone = false)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
            AnsiConsole
                .Progress()
                .AutoClear(clearWhenDone)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx => body(name => new BarStage(ctx.AddTask(Markup.Escape(name)))));
        else
            body(name => new LogStage(name, Console.Out));
    }

    sealed class BarStage(ProgressTask task) : IStage
    {
        public double MaxValue
        {
            get => task.MaxValue;
            set => task.MaxValue = value;
        }

        public double Value
        {
            get => task.Value;
            set => task.Value = value;
        }
    }

    /// <summary>Writes a line when the stage crosses a tenth of its work, at most one every <see cref="Quiet"/>, and
    /// always the line that says it is done.</summary>
    public sealed class LogStage(string name, TextWriter log) : IStage
    {
        public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);
        readonly Stopwatch clock = Stopwatch.StartNew();
        TimeSpan? lastLine;
        int lastTenth = -1;
        bool done;
        double value;

        public double MaxValue { get; set; } = 100;

        public double Value
        {
            get => value;
            set
            {
                // Progress<T> reports on thread-pool threads, so two reports can arrive at once.
                lock (clock)
                {
                    this.value = value;
                    Report();
                }
            }
        }

        void Report()
        {
            if (done)
                return;
            var fraction = MaxValue > 0 ? Math.Clamp(value / MaxValue, 0, 1) : 1;
            var elapsed = clock.Elapsed;
            if (fraction >= 1)
            {
                done = true;
                log.WriteLine($"{name}: done in {Format(elapsed)}");
                return;
            }
            var tenth = (int)(fraction * 10);
            if (tenth <= lastTenth || elapsed - lastLine < Quiet)
                return;
            (lastTenth, lastLine) = (tenth, elapsed);
            var left = fraction > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction) : (TimeSpan?)null;
            log.WriteLine($"{name}: {fraction * 100:0}% ({value:0}/{MaxValue:0}), {Format(elapsed)} elapsed" + (left is { } l ? $", about {Format(l)} left" : ""));
        }

        static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
    }
}

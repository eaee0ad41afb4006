using Spectre.Console;

namespace FilmScoreEmotion.Cli;

/// <summary>The edge where library exceptions become one line for the user and an exit code.</summary>
public static class CliRun
{
    public const int Failure = 1;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FSE_DEBUG") != "1")
        {
            var inner = e is TypeInitializationException or System.Reflection.TargetInvocationException && e.InnerException is not null
                ? e.InnerException!
                : e;
            Console.Error.WriteLine($"error: {inner.Message}");
            return Failure;
        }
    }

    public static void Warn(string message) => AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {message}");
}

using System.Globalization;
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
            return Refuse(inner.Message);
        }
    }

    /// <summary>The one `error:` line, with bytes a bad file put into the message made visible instead of echoed raw.</summary>
    public static int Refuse(string message)
    {
        Console.Error.WriteLine($"error: {Printable(message)}");
        return Failure;
    }

    static string Printable(string text) => new([.. text.Select(c => c is '\n' or '\t' || !Garbage(c) ? c : '?')]);

    static bool Garbage(char c) =>
        char.IsControl(c) || c == '\uFFFD'
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;

    public static void Warn(string message) => AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {message}");
}

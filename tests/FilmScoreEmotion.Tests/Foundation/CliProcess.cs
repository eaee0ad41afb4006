using System.Diagnostics;

namespace FilmScoreEmotion.Tests.Foundation;

/// <summary>Runs the built `fse` as a child process, as a user would, and captures its exit code and output.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Where children start unless a test names a folder: never the test process's current directory. The
    /// in-process notebook runner moves that into a notebook's (temporary) folder while it runs, and a child started
    /// there whose folder a test then deletes dies inside libtorch: without a working directory oneMKL cannot load
    /// libtorch_cpu.so and exits with code 2, "Intel oneMKL FATAL ERROR: Cannot load .../libtorch_cpu.so"
    /// (reproduced by starting `fse bench train` in a deleted folder).</summary>
    public static string StableDirectory => AppContext.BaseDirectory;

    public static Result Run(params string[] args) => RunIn(StableDirectory, null, args);

    public static Result RunIn(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunIn(workingDirectory, environment, TimeSpan.FromMinutes(5), args);

    public static Result RunIn(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var p = Start(workingDirectory, environment, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"fse {string.Join(' ', args)} did not finish in {timeout.TotalMinutes} minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts fse without waiting, for tests that signal it while it works; the caller reads its output.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fse.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        return Process.Start(psi)!;
    }
}

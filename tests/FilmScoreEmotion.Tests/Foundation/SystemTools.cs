namespace FilmScoreEmotion.Tests.Foundation;

/// <summary>The programs some tests need beyond .NET. Run by hand without one, such a test is reported as skipped
/// with the reason and the install line; under <c>CI=true</c> (as .ci/run runs the tests) it fails, so CI can never
/// skip it silently.</summary>
public static class SystemTools
{
    /// <param name="Commands">every command the tests run, looked up on PATH (and /usr/sbin, where Debian puts daemons)</param>
    /// <param name="DebianPackages">what `apt-get install` needs for them</param>
    /// <param name="Files">data files the tests need besides the commands (a SoundFont, a shared library)</param>
    public sealed record Tool(string Name, string[] Commands, string DebianPackages, string[]? Files = null);

    public static readonly Tool Ffmpeg = new("ffmpeg", ["ffmpeg"], "ffmpeg");
    public static readonly Tool Mpg123 = new("mpg123", ["mpg123"], "mpg123");
    public static readonly Tool Chromium = new("chromium", ["chromium"], "chromium");
    public static readonly Tool Slurm = new("Slurm", ["sbatch", "squeue", "slurmctld", "slurmd", "munged"], "slurm-wlm munge");

    /// <summary>The default corpus's synthesiser: FluidSynth's library and the two General MIDI SoundFonts.</summary>
    public static readonly Tool FluidSynth = new(
        "FluidSynth with its SoundFonts",
        ["fluidsynth"],
        "fluidsynth fluid-soundfont-gm musescore-general-soundfont",
        [.. FilmScoreEmotion.Corpus.Synthesis.SoundFonts.All.Select(s => s.Path)]
    );

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Missing(Tool tool) =>
        [
            .. tool.Commands.Where(c => !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
                .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, c)))),
            .. (tool.Files ?? []).Where(f => !File.Exists(f)),
        ];

    public static string Reason(Tool tool, IReadOnlyList<string> missing) =>
        $"{tool.Name} is not installed ({string.Join(", ", missing)} not found): sudo apt-get install -y {tool.DebianPackages} (.ci/run installs it)";

    /// <summary>Runs `dotnet ARGS` in <paramref name="directory"/>, such as a tool pinned in dotnet-tools.json
    /// (`dotnet repl`, `dotnet pwsh`). A pinned tool not yet restored makes the SDK answer that `dotnet tool restore`
    /// makes the command available: then the test is skipped with that line, or fails under CI=true (.ci/run restores
    /// the tools first).</summary>
    public static CliProcess.Result Dotnet(string directory, TimeSpan timeout, params string[] args) =>
        Dotnet(directory, new Dictionary<string, string>(), timeout, args);

    /// <summary>Runs <paramref name="program"/> to its end (killed with its children after <paramref name="timeout"/>),
    /// output captured, colours off.</summary>
    public static CliProcess.Result Run(string program, IEnumerable<string> args, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in {timeout.TotalMinutes} minutes");
        }
        return new CliProcess.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static CliProcess.Result Dotnet(string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var result = Run("dotnet", args, directory, environment, timeout);
        if (result.ExitCode != 0 && (result.StdOut + result.StdErr).Contains("dotnet tool restore", StringComparison.Ordinal))
        {
            var reason = $"the pinned tool 'dotnet {args[0]}' is not restored: dotnet tool restore (in {directory}; .ci/run runs it)";
            Assert.False(InCi, reason + "; CI=true, so this test must run");
            Skip.If(true, reason);
        }
        return result;
    }

    /// <summary>Call first in a [SkippableFact] or [SkippableTheory] that runs these programs.</summary>
    public static void Require(params Tool[] tools)
    {
        foreach (var tool in tools)
        {
            var missing = Missing(tool);
            if (missing.Count == 0)
                continue;
            Assert.False(InCi, Reason(tool, missing) + "; CI=true, so this test must run");
            Skip.If(true, Reason(tool, missing));
        }
    }
}

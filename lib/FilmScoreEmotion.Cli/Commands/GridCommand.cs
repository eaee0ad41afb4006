using System.CommandLine;
using System.Diagnostics;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse grid plan|run|merge|slurm`: the notebooks' grid as independent runs, so it can run one run per
/// process, side by side or as a Slurm job array, and merge into the same results.</summary>
public static class GridCommand
{
    public static Command Create()
    {
        var command = new Command("grid", "The paper's experiment grid as independent runs: plan it, run one run, merge the results, or submit it to Slurm.");
        command.Subcommands.Add(PlanCommand());
        command.Subcommands.Add(RunCommand());
        command.Subcommands.Add(MergeCommand());
        command.Subcommands.Add(SlurmCommand());
        return command;
    }

    static Argument<string> DirectoryArgument() => new("DIR") { Description = "the grid folder (holds grid.json, runs/, the merged tables and slurm/)" };

    static Command PlanCommand()
    {
        var profile = new Option<string>("--profile") { Description = "smoke, converged or paper", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "synthetic (sized by the profile), smoke (the small synthetic corpus) or a manifest.csv", DefaultValueFactory = _ => ReproduceSettings.Synthetic };
        var output = new Option<string>("--output") { Description = "the grid folder to write grid.json into", Required = true };
        var device = CommonOptions.Device();
        var precision = CommonOptions.Precision();
        var command = new Command("plan", "List the runs of the notebooks' grid for a profile and corpus in DIR/grid.json (features are computed into the cache now).");
        foreach (var o in new Option[] { profile, corpus, output, device, precision })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            if (EnumNames.TryParse<ProfileName>(parse.GetValue(profile), EnumNames.Lower) is not { } profileName)
                throw new ArgumentException($"unknown profile '{parse.GetValue(profile)}': use smoke, converged or paper");
            var precisionKind = Training.Precisions.Parse(parse.GetValue(precision)!);
            OutputGuard.Folder("--output", parse.GetValue(output)!);
            var corpusText = parse.GetValue(corpus)!;
            var settings = ReproduceSettings.Load(Environment.CurrentDirectory) with { Profile = profileName };
            var manifest = corpusText switch
            {
                ReproduceSettings.Synthetic => CorpusSetup.EnsureManifest(settings with { Corpus = ReproduceSettings.Synthetic }),
                "smoke" => CorpusSetup.EnsureManifest(settings with { Profile = ProfileName.Smoke, Corpus = ReproduceSettings.Synthetic }),
                var path => File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{path}: corpus manifest not found (use synthetic, smoke or a manifest made by `fse corpus import`)"),
            };
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var corpusName = corpusText is ReproduceSettings.Synthetic or "smoke" ? corpusText : manifest;
            var (document, _) = GridJob.Plan(directory, profileName, precisionKind, corpusName, manifest, CorpusFeatures.CacheDirectory(settings), DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!)));
            Console.WriteLine($"planned {document.Runs.Length} runs ({document.Profile} profile on {manifest}) in {GridDocument.PathIn(directory)}");
            Console.WriteLine($"run one: {Fse()} grid run {SlurmScripts.Quote(directory)} --index 0; on Slurm: {Fse()} grid slurm {SlurmScripts.Quote(directory)} --submit");
            return 0;
        }));
        return command;
    }

    static Command RunCommand()
    {
        var directory = DirectoryArgument();
        var index = new Option<int?>("--index") { Description = "the run's index in grid.json" };
        var fromEnv = new Option<string?>("--index-from-env") { Description = "read the index from this environment variable (SLURM_ARRAY_TASK_ID in an array job)" };
        var device = CommonOptions.Device();
        var command = new Command("run", "Train and score one run of DIR/grid.json into DIR/runs/ID/ (nothing to do when it is finished).");
        command.Arguments.Add(directory);
        foreach (var o in new Option[] { index, fromEnv, device })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var dir = Path.GetFullPath(parse.GetValue(directory)!);
            var k = ResolveIndex(parse.GetValue(index), parse.GetValue(fromEnv));
            var outcome = GridJob.Run(dir, k, DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!)), new EpochLines());
            var r = outcome.Result;
            Console.WriteLine(outcome.AlreadyDone
                ? $"run {k} ({outcome.Entry.Id}): already finished, accuracy {r.Accuracy:F3}"
                : $"run {k} ({outcome.Entry.Id}): accuracy {r.Accuracy:F3}, {r.Epochs} epochs; seconds: plan {outcome.Times.Plan:F2}, features {outcome.Times.Features:F2}, "
                  + $"training {r.TrainSeconds:F2}, scoring and writing {outcome.Times.Execute - r.TrainSeconds:F2}, {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds:F2} since the process started");
            return 0;
        }));
        return command;
    }

    static int ResolveIndex(int? index, string? variable)
    {
        if (index is not null == variable is not null)
            throw new ArgumentException("give exactly one of --index K and --index-from-env VARIABLE");
        if (index is { } k)
            return k;
        var text = Environment.GetEnvironmentVariable(variable!);
        return int.TryParse(text, out var parsed) ? parsed
            : throw new ArgumentException(text is null ? $"--index-from-env: {variable} is not set (outside a Slurm array task? use --index K)" : $"--index-from-env: {variable}='{text}' is not an index");
    }

    static Command MergeCommand()
    {
        var directory = DirectoryArgument();
        var command = new Command("merge", $"Check every run of DIR/grid.json is finished and write {string.Join(", ", GridMerge.Tables)} into DIR.");
        command.Arguments.Add(directory);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var dir = Path.GetFullPath(parse.GetValue(directory)!);
            var document = GridDocument.Read(dir);
            var state = GridMerge.State(document, dir);
            if (state.Missing.Count > 0)
            {
                Console.Error.WriteLine($"error: {dir}: {state.Missing.Count} of {document.Runs.Length} runs are not finished; nothing was written");
                foreach (var gap in state.Missing)
                    Console.Error.WriteLine($"  run {gap.Entry.Index} {gap.Entry.Id}: {(gap.Started ? "started, not finished (failed, killed or still running)" : "missing")}");
                Console.Error.WriteLine("rerun only those, here:");
                foreach (var gap in state.Missing)
                    Console.Error.WriteLine($"  {Fse()} grid run {SlurmScripts.Quote(dir)} --index {gap.Entry.Index}");
                Console.Error.WriteLine($"or on Slurm (submits only the missing indices): {Fse()} grid slurm {SlurmScripts.Quote(dir)} --submit");
                return CliRun.Failure;
            }
            foreach (var path in GridMerge.Write(document, dir))
                Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }

    static Command SlurmCommand()
    {
        var directory = DirectoryArgument();
        var partition = new Option<string?>("--partition") { Description = "partition (default: the cluster's)" };
        var time = new Option<string?>("--time") { Description = "time limit per run, as sbatch takes it (e.g. 00:30:00)" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPU cores per run (torch uses this many threads)", DefaultValueFactory = _ => 1 };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "GPUs per run" };
        var maxParallel = new Option<int>("--max-parallel") { Description = "most runs at once (the array's %M throttle)", DefaultValueFactory = _ => 8 };
        var submit = new Option<bool>("--submit") { Description = "submit both scripts with sbatch and print the job ids" };
        var command = new Command("slurm", "Write an sbatch job array over the runs still missing in DIR and a merge job after it; with --submit, submit them.");
        command.Arguments.Add(directory);
        foreach (var o in new Option[] { partition, time, cpus, gpus, maxParallel, submit })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var dir = Path.GetFullPath(parse.GetValue(directory)!);
            var request = new SlurmRequest(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(maxParallel));
            if (request.CpusPerTask < 1 || request.MaxParallel < 1 || request.GpusPerTask < 0)
                throw new ArgumentException("--cpus-per-task and --max-parallel must be at least 1, --gpus-per-task at least 0");
            var sbatch = parse.GetValue(submit) ? Executables.Locate("sbatch") ?? throw new FileNotFoundException("--submit: sbatch is not on PATH (run this on a Slurm login node, or install Slurm's client: apt-get install slurm-wlm); nothing was written or submitted") : null;
            var document = GridDocument.Read(dir);
            var missing = GridMerge.State(document, dir).Missing.Select(g => g.Entry.Index).ToList();
            var folder = SlurmScripts.Folder(dir);
            Directory.CreateDirectory(SlurmScripts.Logs(dir));
            var arrayScript = Path.Combine(folder, SlurmScripts.ArrayScript);
            var mergeScript = Path.Combine(folder, SlurmScripts.MergeScript);
            if (missing.Count > 0)
                AtomicFile.WriteAllText(arrayScript, SlurmScripts.Array(dir, missing, request, Fse()));
            else
                File.Delete(arrayScript);
            AtomicFile.WriteAllText(mergeScript, SlurmScripts.Merge(dir, request, Fse()));
            Console.WriteLine(missing.Count > 0
                ? $"{missing.Count} of {document.Runs.Length} runs to do (indices {SlurmScripts.Ranges(missing)}): {arrayScript}, then {mergeScript}"
                : $"all {document.Runs.Length} runs are finished: only {mergeScript}");
            if (sbatch is null)
            {
                Console.WriteLine(missing.Count > 0
                    ? $"submit: a=$(sbatch --parsable {SlurmScripts.Quote(arrayScript)}) && sbatch --parsable --dependency=afterok:$a {SlurmScripts.Quote(mergeScript)}"
                    : $"submit: sbatch --parsable {SlurmScripts.Quote(mergeScript)}");
                return 0;
            }
            var arrayJob = missing.Count > 0 ? Submit(sbatch, arrayScript) : null;
            var mergeJob = arrayJob is null ? Submit(sbatch, mergeScript) : Submit(sbatch, $"--dependency=afterok:{arrayJob}", mergeScript);
            if (arrayJob is not null)
                Console.WriteLine($"array job {arrayJob}: {missing.Count} run{(missing.Count == 1 ? "" : "s")}, at most {request.MaxParallel} at once; logs {Path.Combine(SlurmScripts.Logs(dir), $"run-{arrayJob}_INDEX.out")}");
            Console.WriteLine($"merge job {mergeJob}{(arrayJob is null ? "" : " (after the array succeeds; cancelled if a run fails)")}; log {Path.Combine(SlurmScripts.Logs(dir), $"merge-{mergeJob}.out")}");
            Console.WriteLine($"follow: squeue -j {string.Join(',', new[] { arrayJob, mergeJob }.OfType<string>())}");
            Console.WriteLine($"after a failure: {Fse()} grid merge {SlurmScripts.Quote(dir)} lists what is missing; {Fse()} grid slurm {SlurmScripts.Quote(dir)} --submit submits only that");
            return 0;
        }));
        return command;
    }

    /// <summary>The job id `sbatch --parsable` printed ("id" or "id;cluster").</summary>
    static string Submit(string sbatch, params string[] args)
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--parsable");
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var id = stdout.Result.Trim().Split(';')[0];
        return p.ExitCode == 0 && id.Length > 0 ? id
            : throw new InvalidOperationException($"sbatch {string.Join(' ', args)} failed (exit {p.ExitCode}): {stderr.Result.Trim()}");
    }

    /// <summary>This fse as a bash command line: the bundle's launcher when FSE_LAUNCHER names it, else the running
    /// dotnet host and fse.dll by absolute path, so a compute node runs this very build.</summary>
    static string Fse()
    {
        if (Environment.GetEnvironmentVariable("FSE_LAUNCHER") is { Length: > 0 } launcher)
            return SlurmScripts.Quote(Path.GetFullPath(launcher));
        var host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? $"{SlurmScripts.Quote(host)} {SlurmScripts.Quote(Path.Combine(AppContext.BaseDirectory, "fse.dll"))}"
            : SlurmScripts.Quote(host);
    }
}

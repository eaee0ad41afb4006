using System.CommandLine;
using System.Diagnostics;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Notebooks;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse reproduce`: the README's first command. Makes the corpus when missing, warms the feature cache,
/// runs the notebooks' grid (`fse grid plan`, run and merge into results/), runs the notebooks in order and writes
/// results/REPORT.md. Finished runs and cached features are reused, so an
/// interrupted reproduction resumes where it stopped.</summary>
public static class ReproduceCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "converged (default: every run to early stopping, under an hour on 2 cores), smoke (CI: every notebook on a tiny corpus) or paper (10 folds, 4 repeats)", DefaultValueFactory = _ => "converged" };
        var corpus = new Option<string>("--corpus") { Description = "synthetic (generated when missing) or a manifest.csv made by `fse corpus import`", DefaultValueFactory = _ => ReproduceSettings.Synthetic };
        var device = CommonOptions.Device();
        var only = new Option<string?>("--only") { Description = "run only notebooks whose file name contains this text (e.g. 04)" };
        var results = new Option<string?>("--results") { Description = "results folder (default: results/)" };
        var parallel = new Option<int?>("--parallel")
        {
            Description = "runs trained at once, each on its own thread (results equal sequential runs); default 2 on the CPU, where one of these small networks keeps about one core busy, 1 on a GPU",
        };
        var precision = CommonOptions.Precision();
        var captionSeed = new Option<int?>("--caption-seed")
        {
            Description = "first seed of the caption model's networks (default 0, so seeds 0-4; 5 trains seeds 5-9), for measuring how much a result moves with the seeds",
        };
        var command = new Command("reproduce", "Regenerate every figure of the paper into results/ by running the notebooks in order.");
        foreach (var o in new Option[] { profile, corpus, device, only, results, parallel, precision, captionSeed })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() => Run(
            parse.GetValue(profile)!, parse.GetValue(corpus)!, parse.GetValue(device)!, parse.GetValue(only), parse.GetValue(results), parse.GetValue(parallel), parse.GetValue(precision)!,
            parse.GetValue(captionSeed))));
        return command;
    }

    static int Run(string profile, string corpus, string device, string? only, string? results, int? parallel, string precision, int? captionSeed)
    {
        var clock = Stopwatch.StartNew();
        if (parallel is { } asked)
            Training.SideBySide.AtLeastOne(asked);
        if (captionSeed is { } seed)
        {
            if (!ReproduceSettings.IsCaptionSeed(seed))
                throw new ArgumentException($"--caption-seed must be from 0 to {ReproduceSettings.MaxCaptionSeed}, got {seed}");
            Environment.SetEnvironmentVariable("FSE_CAPTION_SEED", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Environment.SetEnvironmentVariable("FSE_PRECISION", Training.Precisions.Name(Training.Precisions.Parse(precision)));
        Environment.SetEnvironmentVariable("FSE_PROFILE", profile);
        Environment.SetEnvironmentVariable("FSE_CORPUS", corpus == ReproduceSettings.Synthetic ? corpus : Path.GetFullPath(corpus));
        Environment.SetEnvironmentVariable("FSE_DEVICE", device);
        if (results is not null)
        {
            OutputGuard.Folder("--results", results);
            Environment.SetEnvironmentVariable("FSE_RESULTS", Path.GetFullPath(results));
        }
        var settings = ReproduceSettings.Load(Environment.CurrentDirectory);
        var torchDevice = DeviceChoice.Resolve(settings.Device);
        if (settings.Device == DeviceRequest.Auto && torchDevice.type != TorchSharp.DeviceType.CUDA)
            Console.WriteLine("device auto: no CUDA device, running on CPU");
        var notebooks = Directory.EnumerateFiles(Path.Combine(settings.RepositoryRoot, "notebooks"), "*.ipynb")
            .Where(p => only is null || Path.GetFileName(p).Contains(only, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (notebooks.Count == 0)
            throw new FileNotFoundException($"no notebook in {Path.Combine(settings.RepositoryRoot, "notebooks")} matches '{only}'");

        string manifest = "";
        IReadOnlyList<RunResult> runResults = [];
        StageProgress.Run(addStage =>
        {
            var corpusTask = addStage("corpus");
            manifest = CorpusSetup.EnsureManifest(settings, new Progress<SynthesisProgress>(p => { corpusTask.MaxValue = p.Total; corpusTask.Value = p.Done; }));
            corpusTask.Value = corpusTask.MaxValue;
            foreach (var kind in Enum.GetValues<SpectrogramKind>())
            {
                var task = addStage($"features {Spectra.SpectrogramKinds.Name(kind)}");
                using var features = CorpusFeatures.Load(manifest, kind, new SpectrogramConfig(), CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), torchDevice,
                    new Progress<FeatureProgress>(p => { task.MaxValue = p.Total; task.Value = p.Done; })).X;
                task.Value = task.MaxValue;
            }
            if (only is not null)
                return;
            // the notebooks' runs through the same plan, run and merge as `fse grid`, so a grid run into results/ is reused
            var (document, planned) = GridJob.Plan(settings.ResultsDirectory, settings.Profile, settings.Precision, settings.UsesSyntheticCorpus ? ReproduceSettings.Synthetic : settings.Corpus,
                manifest, CorpusFeatures.CacheDirectory(settings), torchDevice);
            var runs = Experiments.Runs.Grid.RunsDirectory(settings.ResultsDirectory);
            var runsLeft = Experiments.Runs.Grid.RunsLeft(planned, runs);
            if (parallel is { } asked)
                Training.SideBySide.Require(asked, runsLeft);
            var sideBySide = parallel ?? (torchDevice.type == TorchSharp.DeviceType.CPU ? Math.Clamp(runsLeft, 1, 2) : 1);
            var train = addStage($"train {planned.Count} runs");
            train.MaxValue = planned.Count;
            runResults = Experiments.Runs.Grid.Execute(planned, ExperimentProfile.For(settings.Profile, settings.Precision).Trainer, torchDevice, runs,
                new Progress<GridProgress>(p => train.Value = p.Done), sideBySide);
            GridMerge.Write(document, settings.ResultsDirectory);
        });
        Console.WriteLine($"{settings.Profile} profile on {CorpusSetup.DisplayName(settings)} ({manifest}); {notebooks.Count} notebooks");

        var executed = Path.Combine(settings.ResultsDirectory, "notebooks");
        // every notebook records its rows again; with --only the others' rows are the last full run's and stay
        if (only is null)
            PaperComparison.Clear(settings.ResultsDirectory);
        var status = NotebookCommand.RunAll(notebooks, executed);
        if (status != 0)
            return status;
        var rows = PaperComparison.ReadAll(settings.ResultsDirectory);
        var readme = Path.Combine(settings.ResultsDirectory, "REPORT.md");
        AtomicFile.WriteAllText(readme, PaperComparison.Readme(rows, settings, clock.Elapsed, RunSummary.Summarise(runResults)));
        Console.WriteLine($"done in {clock.Elapsed.TotalMinutes:F1} min: {rows.Count} numbers beside the paper's in {readme}");
        return 0;
    }
}

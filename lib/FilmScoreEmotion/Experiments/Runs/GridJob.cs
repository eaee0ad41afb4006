using System.Diagnostics;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>Where a run's wall time went, in seconds: reading and checking the plan, loading the features and
/// re-deriving the run from them, and executing it (training, scoring, writing the result).</summary>
public sealed record GridJobTimes(double Plan, double Features, double Execute);

/// <summary>How one `fse grid run` ended: trained now, or found finished.</summary>
public sealed record GridJobOutcome(GridEntry Entry, RunResult Result, bool AlreadyDone, GridJobTimes Times);

/// <summary>Plans a grid into a folder and executes one of its runs there: the unit of work of a Slurm array task.</summary>
public static class GridJob
{
    /// <summary>Plans the notebooks' grid for <paramref name="profile"/> on <paramref name="manifest"/> (computing any
    /// missing features into the cache), writes <c>DIR/grid.json</c> and returns it with the planned runs.</summary>
    public static (GridDocument Document, IReadOnlyList<PlannedRun> Runs) Plan(
        string directory, ProfileName profile, Precision precision, string corpus, string manifest, string featureCache, Device device, IProgress<GridProgress>? progress = null)
    {
        var planned = GridPlan.Plan(ExperimentProfile.For(profile, precision), GridExperiment.Notebooks, Grid.Features(manifest, featureCache, device, progress));
        var document = GridDocument.Create(profile, corpus, GridCorpus.Of(manifest), featureCache, planned.Select(p => p.Run), precision);
        Directory.CreateDirectory(directory);
        document.Write(directory);
        return (document, planned);
    }

    /// <summary>Run <paramref name="index"/> of the plan in <paramref name="directory"/>, after checking the plan, the
    /// index and that the corpus and features still give exactly the planned run.</summary>
    public static GridJobOutcome Run(string directory, int index, Device device, IProgress<EpochProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var document = GridDocument.Read(directory);
        var entry = document.At(index, directory);
        var runs = Grid.RunsDirectory(directory);
        if (GridRunner.TryLoad(runs, entry.ToRun()) is { } done)
            return new GridJobOutcome(entry, done, AlreadyDone: true, new GridJobTimes(clock.Elapsed.TotalSeconds, 0, 0));
        var plan = clock.Elapsed.TotalSeconds;
        var planned = Replan(document, entry, directory, device);
        var features = clock.Elapsed.TotalSeconds - plan;
        var profile = ExperimentProfile.For(document.Profile, document.Precision);
        var result = GridRunner.Execute(planned.Run, planned.Fold, planned.Data, profile.Trainer, device, runs, progress);
        return new GridJobOutcome(entry, result, AlreadyDone: false, new GridJobTimes(plan, features, clock.Elapsed.TotalSeconds - plan - features));
    }

    static PlannedRun Replan(GridDocument document, GridEntry entry, string directory, Device device)
    {
        var other = $"this run directory was planned for another corpus/profile ({GridDocument.PathIn(directory)}: {EnumNames.Lower(document.Profile)} profile on {document.Manifest.Manifest})";
        if (!File.Exists(document.Manifest.Manifest))
            throw new FileNotFoundException($"{other}, and that manifest is gone; re-plan with `{document.ReplanCommand(directory)}`");
        if (GridCorpus.Of(document.Manifest.Manifest).ContentHash != document.Manifest.ContentHash)
            throw new InvalidDataException($"{other}, and that manifest has changed since; re-plan with `{document.ReplanCommand(directory)}`");
        var experiment = new GridExperiment(entry.Id, [new ModelInput(entry.Model, entry.Spectrogram)], [entry.Protocol]);
        var planned = GridPlan.Plan(ExperimentProfile.For(document.Profile, document.Precision), [experiment], Grid.Features(document.Manifest.Manifest, document.FeatureCache, device));
        return planned.SingleOrDefault(p => p.Run == entry.ToRun())
            ?? throw new InvalidDataException($"{other}: the features in {document.FeatureCache} no longer give run {entry.Index} ({entry.Id}); re-plan with `{document.ReplanCommand(directory)}`");
    }
}

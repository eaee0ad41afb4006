using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments;

public sealed record GridProgress(string Stage, int Done, int Total, string Current);

/// <summary>What the notebooks call: make sure the runs of some experiments exist for the settings' corpus and
/// profile (running only the missing ones) and return their results. The runs live in <c>results/runs</c>, the same
/// layout `fse grid` writes under its folder, so a grid run into <c>results/</c> is reused here.</summary>
public static class Grid
{
    public static string RunsDirectory(string gridDirectory) => Path.Combine(gridDirectory, "runs");

    /// <summary>A spectrogram's segments of the whole corpus, from the feature cache.</summary>
    public static Func<SpectrogramKind, LabelledSegments> Features(string manifest, string cacheDirectory, Device device, IProgress<GridProgress>? progress = null) =>
        kind => CorpusFeatures.Load(manifest, kind, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cacheDirectory, device,
            progress is null ? null : new Progress<FeatureProgress>(p => progress.Report(new GridProgress($"features {ExperimentProfile.SpectrogramName(kind)}", p.Done, p.Total, p.ExcerptId))));

    public static IReadOnlyList<RunResult> Ensure(ReproduceSettings settings, GridExperiment experiment, IProgress<GridProgress>? progress = null) =>
        Ensure(settings, [experiment], progress);

    public static IReadOnlyList<RunResult> Ensure(ReproduceSettings settings, IReadOnlyList<GridExperiment> experiments, IProgress<GridProgress>? progress = null)
    {
        var profile = ExperimentProfile.For(settings.Profile);
        var device = DeviceChoice.Resolve(settings.Device);
        var planned = GridPlan.Plan(profile, experiments, Features(CorpusSetup.EnsureManifest(settings), CorpusFeatures.CacheDirectory(settings), device, progress));
        return Execute(planned, profile.Trainer, device, RunsDirectory(settings.ResultsDirectory), progress);
    }

    /// <summary>Runs what is missing, in order, and returns every run's result.</summary>
    public static IReadOnlyList<RunResult> Execute(IReadOnlyList<PlannedRun> planned, TrainerConfig trainer, Device device, string runsDirectory, IProgress<GridProgress>? progress = null)
    {
        var results = new List<RunResult>();
        foreach (var p in planned)
        {
            progress?.Report(new GridProgress("train", results.Count, planned.Count, p.Run.Id));
            results.Add(GridRunner.Execute(p.Run, p.Fold, p.Data, trainer, device, runsDirectory));
        }
        progress?.Report(new GridProgress("train", results.Count, planned.Count, ""));
        return results;
    }
}

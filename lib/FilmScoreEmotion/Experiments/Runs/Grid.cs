using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments.Runs;

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
            progress is null ? null : new Progress<FeatureProgress>(p => progress.Report(new GridProgress($"features {SpectrogramKinds.Name(kind)}", p.Done, p.Total, p.ExcerptId))));

    public static IReadOnlyList<RunResult> Ensure(ReproduceSettings settings, GridExperiment experiment, IProgress<GridProgress>? progress = null) =>
        Ensure(settings, [experiment], progress);

    public static IReadOnlyList<RunResult> Ensure(ReproduceSettings settings, IReadOnlyList<GridExperiment> experiments, IProgress<GridProgress>? progress = null)
    {
        var profile = ExperimentProfile.For(settings.Profile, settings.Precision);
        var device = DeviceChoice.Resolve(settings.Device);
        var planned = GridPlan.Plan(profile, experiments, Features(CorpusSetup.EnsureManifest(settings), CorpusFeatures.CacheDirectory(settings), device, progress));
        return Execute(planned, profile.Trainer, device, RunsDirectory(settings.ResultsDirectory), progress);
    }

    /// <summary>Runs what is missing, <paramref name="parallel"/> runs at once (see <see cref="SideBySide"/>), and
    /// returns every run's result in plan order. <paramref name="epochs"/> hears every epoch trained (none for a run
    /// read back from its result).</summary>
    public static IReadOnlyList<RunResult> Execute(
        IReadOnlyList<PlannedRun> planned, TrainerConfig trainer, Device device, string runsDirectory, IProgress<GridProgress>? progress = null, int parallel = 1,
        IProgress<EpochProgress>? epochs = null)
    {
        var done = 0;
        var results = SideBySide.Map(planned.Count, parallel, i =>
        {
            progress?.Report(new GridProgress("train", Volatile.Read(ref done), planned.Count, planned[i].Run.Id));
            var result = GridRunner.Execute(planned[i].Run, planned[i].Fold, planned[i].Data, trainer, device, runsDirectory, epochs);
            Interlocked.Increment(ref done);
            return result;
        });
        progress?.Report(new GridProgress("train", results.Length, planned.Count, ""));
        return results;
    }

    /// <summary>How many planned runs have no stored result yet.</summary>
    public static int RunsLeft(IReadOnlyList<PlannedRun> planned, string runsDirectory) =>
        planned.Count(p => GridRunner.TryLoad(runsDirectory, p.Run) is null);
}

using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

public sealed record GridProgress(string Stage, int Done, int Total, string Current);

/// <summary>What the notebooks call: make sure the runs of some experiments exist for the settings' corpus and
/// profile (running only the missing ones) and return their results.</summary>
public static class Grid
{
    public static string RunsDirectory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "runs");

    public static IReadOnlyList<RunResult> Ensure(
        ReproduceSettings settings,
        IEnumerable<ModelInput> inputs,
        IEnumerable<ProtocolKind> protocols,
        IProgress<GridProgress>? progress = null
    )
    {
        var profile = ExperimentProfile.For(settings.Profile);
        var device = DeviceChoice.Resolve(settings.Device);
        var manifest = CorpusSetup.EnsureManifest(settings);
        var protocolList = protocols.ToList();
        var planned = new List<(GridRun Run, Fold Fold, LabelledSegments Data)>();
        var loaded = new Dictionary<SpectrogramKind, LabelledSegments>();
        foreach (var input in inputs.Distinct())
        {
            if (!loaded.TryGetValue(input.Spectrogram, out var all))
            {
                var featureProgress = progress is null ? null : new Progress<FeatureProgress>(p => progress.Report(new GridProgress($"features {input.Spectrogram}", p.Done, p.Total, p.ExcerptId)));
                all = loaded[input.Spectrogram] = CorpusFeatures.Load(manifest, input.Spectrogram, new SpectrogramConfig(), CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), device, featureProgress);
            }
            var data = GridPlan.DataFor(input.Model, GridPlan.Subsample(all, profile.MaxSegmentsPerExcerpt));
            var hash = GridPlan.DataHash(data);
            foreach (var protocol in protocolList)
                planned.AddRange(GridPlan.Runs(profile.Spec(input, protocol), data, hash, profile.Trainer).Select(r => (r.Run, r.Fold, data)));
        }
        var runs = RunsDirectory(settings);
        var results = new List<RunResult>();
        foreach (var (run, fold, data) in planned)
        {
            progress?.Report(new GridProgress("train", results.Count, planned.Count, run.Id));
            results.Add(GridRunner.Execute(run, fold, data, profile.Trainer, device, runs));
        }
        progress?.Report(new GridProgress("train", results.Count, planned.Count, ""));
        return results;
    }
}

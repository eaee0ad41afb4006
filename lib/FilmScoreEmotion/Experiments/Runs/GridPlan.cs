using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>A run with the fold it trains on and the data its indices point into.</summary>
public sealed record PlannedRun(GridRun Run, Fold Fold, LabelledSegments Data);

/// <summary>The runs of the paper's grid on one corpus's features.</summary>
public static class GridPlan
{
    /// <summary>The data a model trains on: Cnn3 keeps three of the four classes.</summary>
    public static LabelledSegments DataFor(ModelKind model, LabelledSegments all) =>
        ModelCatalog.ClassesKept(model) is { } kept ? all.KeepClasses(kept) : all;

    public static IReadOnlyList<(GridRun Run, Fold Fold)> Runs(ExperimentSpec spec, LabelledSegments data, string dataHash, TrainerConfig trainer)
    {
        // the folds first: a corpus the protocol cannot split is named as that before the network's needs
        var folds = Protocols.Folds(spec.Protocol, data.Labels, data.ExcerptIds, data.Groups, spec.Folds, spec.Repeats, spec.TestFraction, trainer.Seed);
        var network = ModelSummary.Of(spec.Model, data.Bins, data.Frames, data.ClassNames.Length).Fingerprint;
        var inputs = GridRun.Hash($"{dataHash}|folds={spec.Folds}|repeats={spec.Repeats}|test={spec.TestFraction:R}|{trainer.Fingerprint}|{network}");
        return folds
            .Select(f => (GridRun.Create(spec.Model, spec.Spectrogram, spec.Protocol, f.Repeat, f.Index, trainer.Seed, inputs), f))
            .ToList();
    }

    /// <summary>The runs of one experiment on data that holds the model's classes only, ready to execute.</summary>
    public static IReadOnlyList<PlannedRun> Plan(ExperimentSpec spec, LabelledSegments data, TrainerConfig trainer) =>
        [.. Runs(spec, data, DataKey.Of(data), trainer).Select(r => new PlannedRun(r.Run, r.Fold, data))];

    /// <summary>The one enumeration of the grid: every run the experiments need under the profile, each once, in the
    /// experiments' order. The notebooks (through <see cref="Grid.Ensure"/>), `fse reproduce` and `fse grid plan` all
    /// plan through here, so their run ids agree. <paramref name="features"/> gives a spectrogram's segments for the
    /// whole corpus and is asked once per spectrogram.</summary>
    public static IReadOnlyList<PlannedRun> Plan(ExperimentProfile profile, IEnumerable<GridExperiment> experiments, Func<SpectrogramKind, LabelledSegments> features)
    {
        var loaded = new Dictionary<SpectrogramKind, LabelledSegments>();
        var prepared = new Dictionary<ModelInput, (LabelledSegments Data, string Hash)>();
        var seen = new HashSet<string>();
        var planned = new List<PlannedRun>();
        foreach (var experiment in experiments)
            foreach (var input in experiment.Inputs)
            {
                if (!prepared.TryGetValue(input, out var prep))
                {
                    if (!loaded.TryGetValue(input.Spectrogram, out var all))
                        all = loaded[input.Spectrogram] = features(input.Spectrogram);
                    var data = DataFor(input.Model, all);
                    prep = prepared[input] = (data, DataKey.Of(data));
                }
                foreach (var protocol in experiment.Protocols)
                    planned.AddRange(Runs(new ExperimentSpec(input.Model, input.Spectrogram, protocol, profile.Folds, profile.Repeats, ExperimentProfile.TestFraction), prep.Data, prep.Hash, profile.Trainer)
                        .Where(r => seen.Add(r.Run.Id))
                        .Select(r => new PlannedRun(r.Run, r.Fold, prep.Data)));
            }
        return planned;
    }
}

using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Evaluation;

/// <summary>What an experiment is: a model, the spectrogram it reads (a name for the tables), a protocol and its sizes.</summary>
public sealed record ExperimentSpec(
    ModelKind Model,
    string Spectrogram,
    ProtocolKind Protocol,
    int Folds = 10,
    int Repeats = 4,
    double TestFraction = 0.25
);

/// <summary>One fold scored on its test segments.</summary>
public sealed record FoldOutcome(Fold Fold, ClassificationMetrics Metrics, int Epochs, double TrainSeconds, IReadOnlyList<EpochProgress> History);

public static class Experiment
{
    /// <summary>Trains and scores a fresh network on every fold of the protocol, <paramref name="parallel"/> folds at
    /// once (see <see cref="SideBySide"/>). With <paramref name="checkpointFolder"/>, each fold keeps a checkpoint there,
    /// so re-running an interrupted experiment skips finished folds (reloading their weights to score them) and resumes
    /// the unfinished ones at their last epoch.</summary>
    public static IReadOnlyList<FoldOutcome> Run(
        ExperimentSpec spec,
        LabelledSegments data,
        TrainerConfig config,
        Device device,
        string? checkpointFolder = null,
        IProgress<EpochProgress>? progress = null,
        int parallel = 1)
    {
        data.Validated();
        var folds = Folds(spec, data, config);
        var dataKey = DataKey.Of(data);
        return SideBySide.Map(folds.Count, parallel, f =>
            {
                var fold = folds[f];
                var run = RunKey(spec, fold, config, dataKey);
                using var trained = Trainer.Fit(
                    spec.Model,
                    data,
                    fold.Train,
                    config,
                    device,
                    run,
                    checkpointFolder is null ? null : Path.Combine(checkpointFolder, run + ".ckpt"),
                    progress);
                var predicted = Predict(trained, data, fold.Test, config.BatchSize, device);
                var metrics = Metrics.Compute(fold.Test.Select(i => data.Labels[i]).ToArray(), predicted, data.ClassNames.Length);
                return new FoldOutcome(fold, metrics, trained.Epochs, trained.Seconds, trained.History);
            });
    }

    /// <summary>How many folds of the experiment have no finished checkpoint in <paramref name="checkpointFolder"/>.</summary>
    public static int RunsLeft(ExperimentSpec spec, LabelledSegments data, TrainerConfig config, string checkpointFolder)
    {
        var dataKey = DataKey.Of(data);
        return Folds(spec, data, config).Count(fold => !Checkpoint.IsFinished(Path.Combine(checkpointFolder, RunKey(spec, fold, config, dataKey) + ".ckpt")));
    }

    static IReadOnlyList<Fold> Folds(ExperimentSpec spec, LabelledSegments data, TrainerConfig config) =>
        Protocols.Folds(spec.Protocol, data.Labels, data.ExcerptIds, data.Groups, spec.Folds, spec.Repeats, spec.TestFraction, config.Seed);

    /// <summary>Predicted classes of some segments of <paramref name="data"/> (raw log spectrograms) by a trained model.</summary>
    public static int[] Predict(TrainedModel trained, LabelledSegments data, IReadOnlyList<int> indices, int batchSize, Device device)
    {
        using var scope = NewDisposeScope();
        var x = trained.Standardiser.Apply(data.X.index_select(0, tensor(indices.Select(i => (long)i).ToArray(), device: data.X.device)).to(device));
        return Trainer.Predict(trained.Network, x, Enumerable.Range(0, indices.Count).ToArray(), batchSize, device);
    }

    /// <summary>Names a fold's checkpoint; the settings' hash keeps runs with other epochs or rates from colliding, and
    /// the data's key (<see cref="DataKey"/>) runs on other audio: a corpus edited in place trains afresh.</summary>
    public static string RunKey(ExperimentSpec spec, Fold fold, TrainerConfig config, string dataKey) =>
        $"{ModelCatalog.Name(spec.Model)}_{spec.Spectrogram}_{Protocols.Name(spec.Protocol)}_r{fold.Repeat}_f{fold.Index}_{SettingsHash(config)}_{DataKey.Short(dataKey)}";

    /// <summary>FNV-1a of the settings' fingerprint: stable across processes, unlike string.GetHashCode.</summary>
    public static string SettingsHash(TrainerConfig config) =>
        config.Fingerprint.Aggregate(2166136261u, (h, c) => unchecked((h ^ c) * 16777619u)).ToString("x8");
}

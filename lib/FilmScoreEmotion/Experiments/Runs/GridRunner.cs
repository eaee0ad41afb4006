using System.Text.Json;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>Executes one run: trains on its fold's training part (checkpointing every epoch under
/// <c>runs/ID/</c>, so an interrupted run resumes), scores the test part and writes <c>runs/ID/result.json</c>
/// whole, then renamed. A run whose result is already there with the same inputs is not repeated. The checkpoint
/// is removed once the result is written: the result is what the figures need, and weights of hundreds of runs
/// would fill a disk.</summary>
public static class GridRunner
{

    public static string ResultPath(string runsDirectory, GridRun run) => Path.Combine(runsDirectory, run.Id, "result.json");

    /// <summary>The stored result of a run, or null when there is none or it was made from other inputs.</summary>
    public static RunResult? TryLoad(string runsDirectory, GridRun run)
    {
        var path = ResultPath(runsDirectory, run);
        if (!File.Exists(path))
            return null;
        try
        {
            var stored = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), GridRun.Json);
            return stored?.Run == run ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static RunResult Execute(
        GridRun run,
        Fold fold,
        LabelledSegments data,
        TrainerConfig trainer,
        Device device,
        string runsDirectory,
        IProgress<EpochProgress>? progress = null
    )
    {
        if (TryLoad(runsDirectory, run) is { } done)
            return done;
        if (Protocols.IsGrouped(run.Protocol))
            Protocols.AssertNoLeak(fold, data.ExcerptIds, data.Groups);
        var folder = Path.Combine(runsDirectory, run.Id);
        Directory.CreateDirectory(folder);
        var checkpoint = Path.Combine(folder, "checkpoint.ckpt");
        using var trained = Trainer.Fit(run.Model, data, fold.Train, trainer, device, run.Id, checkpoint, progress);
        var predicted = Predict(trained, data, fold.Test, trainer.BatchSize, device);
        var m = Metrics.Compute(fold.Test.Select(i => data.Labels[i]).ToArray(), predicted, data.ClassNames.Length);
        var result = new RunResult(
            run, data.ClassNames, fold.Train.Length, fold.Test.Length, trained.Epochs, trained.Seconds,
            m.Accuracy, m.MacroF1, m.WeightedF1, [.. m.Precision], [.. m.Recall], [.. m.F1], [.. m.Support],
            [.. m.Confusion.Select(r => r.ToArray())],
            [.. trained.History], trained.BestEpoch, trained.StoppedEarly(trainer)
        );
        AtomicFile.WriteAllText(ResultPath(runsDirectory, run), JsonSerializer.Serialize(result, GridRun.Json));
        File.Delete(checkpoint);
        return result;
    }

    /// <summary>Predicted classes of some segments of <paramref name="data"/> (raw log spectrograms) by a trained model.</summary>
    public static int[] Predict(TrainedModel trained, LabelledSegments data, IReadOnlyList<int> indices, int batchSize, Device device)
    {
        using var scope = NewDisposeScope();
        var x = trained.Standardiser.Apply(data.X.index_select(0, tensor(indices.Select(i => (long)i).ToArray(), device: data.X.device)).to(device));
        return Trainer.Predict(trained.Network, x, Enumerable.Range(0, indices.Count).ToArray(), batchSize, device);
    }
}

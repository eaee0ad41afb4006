using FilmScoreEmotion.Evaluation;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>Run results as the tables the figures are drawn from (one row per fold; per class; per confusion cell).</summary>
public static class GridTables
{
    public static IReadOnlyList<FoldRow> Folds(IEnumerable<RunResult> results) =>
        results.Select(r => new FoldRow(r.Run.Model, r.Run.Spectrogram, r.Run.Protocol, r.Run.Repeat, r.Run.Fold, r.TrainSegments, r.TestSegments, r.Epochs, r.TrainSeconds, r.Accuracy, r.MacroF1, r.WeightedF1)).ToList();

    public static IReadOnlyList<ClassRow> Classes(IEnumerable<RunResult> results) =>
        results.SelectMany(r => r.ClassNames.Select((c, i) => new ClassRow(r.Run.Model, r.Run.Spectrogram, r.Run.Protocol, r.Run.Repeat, r.Run.Fold, c, r.Precision[i], r.Recall[i], r.F1[i], r.Support[i]))).ToList();

    public static IReadOnlyList<ConfusionRow> Confusions(IEnumerable<RunResult> results) =>
        results.SelectMany(r => r.ClassNames.SelectMany((t, i) => r.ClassNames.Select((p, j) => new ConfusionRow(r.Run.Model, r.Run.Spectrogram, r.Run.Protocol, r.Run.Repeat, r.Run.Fold, t, p, r.Confusion[i][j])))).ToList();
}

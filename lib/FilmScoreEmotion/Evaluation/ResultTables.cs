using Deedle;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Evaluation;

/// <summary>One row per (model, spectrogram, protocol, repeat, fold): the table behind Figs 4, 6, 7 and 9.</summary>
public sealed record FoldRow(
    string Model,
    string Spectrogram,
    string Protocol,
    int Repeat,
    int Fold,
    int TrainSegments,
    int TestSegments,
    int Epochs,
    double TrainSeconds,
    double Accuracy,
    double MacroF1,
    double WeightedF1
);

/// <summary>Per-class scores of one fold (Figs 5 and 11).</summary>
public sealed record ClassRow(string Model, string Spectrogram, string Protocol, int Repeat, int Fold, string Class, double Precision, double Recall, double F1, int Support);

/// <summary>One cell of one fold's confusion matrix (Fig 10), long format.</summary>
public sealed record ConfusionRow(string Model, string Spectrogram, string Protocol, int Repeat, int Fold, string TrueClass, string PredictedClass, int Count);

public static class ResultTables
{
    public static IReadOnlyList<FoldRow> Folds(ExperimentSpec spec, IReadOnlyList<FoldOutcome> outcomes) =>
        outcomes.Select(o => new FoldRow(
                Models.ModelCatalog.Name(spec.Model), spec.Spectrogram, Protocols.Name(spec.Protocol), o.Fold.Repeat, o.Fold.Index,
                o.Fold.Train.Length, o.Fold.Test.Length, o.Epochs, o.TrainSeconds, o.Metrics.Accuracy, o.Metrics.MacroF1, o.Metrics.WeightedF1))
            .ToArray();

    public static IReadOnlyList<ClassRow> Classes(ExperimentSpec spec, IReadOnlyList<FoldOutcome> outcomes, IReadOnlyList<string> classNames) =>
        outcomes.SelectMany(o => classNames.Select((name, c) => new ClassRow(
                Models.ModelCatalog.Name(spec.Model), spec.Spectrogram, Protocols.Name(spec.Protocol), o.Fold.Repeat, o.Fold.Index,
                name, o.Metrics.Precision[c], o.Metrics.Recall[c], o.Metrics.F1[c], o.Metrics.Support[c])))
            .ToArray();

    public static IReadOnlyList<ConfusionRow> Confusions(ExperimentSpec spec, IReadOnlyList<FoldOutcome> outcomes, IReadOnlyList<string> classNames) =>
        outcomes.SelectMany(o => classNames.SelectMany((truth, t) => classNames.Select((predicted, p) => new ConfusionRow(
                Models.ModelCatalog.Name(spec.Model), spec.Spectrogram, Protocols.Name(spec.Protocol), o.Fold.Repeat, o.Fold.Index,
                truth, predicted, o.Metrics.Confusion[t][p]))))
            .ToArray();

    /// <summary>Writes the records as a CSV (one column per property) through a temporary file in the same folder, so a
    /// crash never leaves a half-written table under the real name.</summary>
    public static void SaveCsv<T>(IEnumerable<T> rows, string path)
    {
        var frame = Frame.FromRecords(rows);
        AtomicFile.WriteVia(path, temporary => frame.SaveCsv(temporary, includeRowKeys: false));
    }
}

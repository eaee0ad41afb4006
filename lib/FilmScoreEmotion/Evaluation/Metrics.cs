using System.Collections.Immutable;

namespace FilmScoreEmotion.Evaluation;

/// <summary>Scores of one set of predictions, with scikit-learn's conventions: a class never predicted (or never
/// present) has precision (or recall) 0, weighted F1 weights each class by its true count.</summary>
/// <param name="Confusion">rows: true class, columns: predicted class</param>
public sealed record ClassificationMetrics(
    double Accuracy,
    ImmutableArray<double> Precision,
    ImmutableArray<double> Recall,
    ImmutableArray<double> F1,
    ImmutableArray<int> Support,
    double MacroF1,
    double WeightedF1,
    ImmutableArray<ImmutableArray<int>> Confusion
);

public static class Metrics
{
    public static ClassificationMetrics Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions");
        if (truth.Count == 0)
            throw new ArgumentException("no predictions to score");
        if (truth.Concat(predicted).Any(c => c < 0 || c >= classes))
            throw new ArgumentException($"a label is outside 0..{classes - 1}");
        var confusion = new int[classes, classes];
        for (var i = 0; i < truth.Count; i++)
            confusion[truth[i], predicted[i]]++;
        var range = Enumerable.Range(0, classes).ToArray();
        var tp = range.Select(c => confusion[c, c]).ToArray();
        var support = range.Select(c => range.Sum(p => confusion[c, p])).ToArray();
        var predictedCount = range.Select(c => range.Sum(t => confusion[t, c])).ToArray();
        var precision = range.Select(c => Ratio(tp[c], predictedCount[c])).ToImmutableArray();
        var recall = range.Select(c => Ratio(tp[c], support[c])).ToImmutableArray();
        var f1 = range.Select(c => precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c])).ToImmutableArray();
        return new ClassificationMetrics(
            Accuracy: tp.Sum() / (double)truth.Count,
            Precision: precision,
            Recall: recall,
            F1: f1,
            Support: [.. support],
            MacroF1: f1.Average(),
            WeightedF1: range.Sum(c => f1[c] * support[c]) / truth.Count,
            Confusion: [.. range.Select(t => range.Select(p => confusion[t, p]).ToImmutableArray())]);
    }

    static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : numerator / (double)denominator;
}

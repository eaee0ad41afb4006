using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Tests.Statistics;

namespace FilmScoreEmotion.Tests.Evaluation;

public class MetricsTests
{
    static int[] Ints(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    static double[] Doubles(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// scikit-learn's values, exactly: both divide the same integer counts.
    [Fact]
    public void MetricsMatchScikitLearn()
    {
        var f = StatisticsTests.Fixture("metrics");
        var m = Metrics.Compute(Ints(f.GetProperty("y_true")), Ints(f.GetProperty("y_pred")), 4);
        Assert.Equal(f.GetProperty("accuracy").GetDouble(), m.Accuracy, 15);
        Assert.Equal(Doubles(f.GetProperty("precision_per_class")), m.Precision.ToArray());
        Assert.Equal(Doubles(f.GetProperty("recall_per_class")), m.Recall.ToArray());
        Assert.Equal(Doubles(f.GetProperty("f1_per_class")), m.F1.ToArray());
        Assert.Equal(f.GetProperty("f1_macro").GetDouble(), m.MacroF1, 15);
        Assert.Equal(f.GetProperty("f1_weighted").GetDouble(), m.WeightedF1, 15);
        Assert.Equal(f.GetProperty("confusion_rows_true_cols_pred").EnumerateArray().Select(Ints), m.Confusion.Select(r => r.ToArray()));
    }

    [Fact]
    public void AClassNeverPredictedScoresZeroPrecisionNotNaN()
    {
        var m = Metrics.Compute([0, 1, 2], [0, 0, 0], 3);
        Assert.Equal([1.0 / 3, 0, 0], m.Precision.ToArray());
        Assert.Equal(1.0 / 3, m.Accuracy, 15);
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0, 1], [0], 2));
        Assert.Throws<ArgumentException>(() => Metrics.Compute([0, 3], [0, 1], 2));
    }
}

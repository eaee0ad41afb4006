using FilmScoreEmotion.Baselines;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Evaluation;

namespace FilmScoreEmotion.Tests.Baselines;

public class BaselineTests
{
    /// <summary>Four classes, 8 groups each, 5 samples a group; features are class mean + noise of the given size.</summary>
    static (float[][] X, int[] Y, string[] G) Data(double noise)
    {
        var rng = new Rng(5);
        var rows = new List<(float[], int, string)>();
        for (var c = 0; c < 4; c++)
        for (var g = 0; g < 8; g++)
        for (var s = 0; s < 5; s++)
            rows.Add(
                (
                    Enumerable
                        .Range(0, 6)
                        .Select(d => (float)((d == c ? 3.0 : 0.0) + noise * rng.Normal()))
                        .ToArray(),
                    c,
                    $"c{c}g{g}"
                )
            );
        return (
            rows.Select(r => r.Item1).ToArray(),
            rows.Select(r => r.Item2).ToArray(),
            rows.Select(r => r.Item3).ToArray()
        );
    }

    [Theory]
    [InlineData(BaselineClassifier.NearestCentroid)]
    [InlineData(BaselineClassifier.LogisticRegression)]
    public void Separable_classes_are_learnt_and_noise_is_not(BaselineClassifier classifier)
    {
        var (x, y, g) = Data(0.3);
        var r = Baseline.GroupedCrossValidation(x, y, g, classifier, folds: 4, seed: 1);
        Assert.True(r.Accuracy > 0.95, $"accuracy {r.Accuracy}");
        Assert.Equal(160, r.Samples);
        var (pure, _, _) = Data(0);
        var rng = new Rng(9);
        var noiseOnly = pure.Select(row => row.Select(_ => (float)rng.Normal()).ToArray())
            .ToArray();
        var chance = Baseline.GroupedCrossValidation(
            noiseOnly,
            y,
            g,
            classifier,
            folds: 4,
            seed: 1
        );
        Assert.InRange(chance.Accuracy, 0.0, 0.45);
    }

    [Fact]
    public void Folds_keep_groups_together_and_are_stratified()
    {
        var (_, y, g) = Data(0);
        var folds = Protocols.GroupedKFold(y, g, 4, seed: 3);
        foreach (var fold in folds)
        {
            Protocols.AssertNoLeak(fold, g, g);
            for (var c = 0; c < 4; c++)
                Assert.Equal(10, fold.Test.Count(i => y[i] == c));
        }
    }
}

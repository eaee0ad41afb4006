using FilmScoreEmotion.Statistics;

namespace FilmScoreEmotion.Tests.Statistics;

/// <summary>The small multinomial regression the experts learn with: a weight counts an example that many times,
/// and what it learns follows its inputs.</summary>
public class LogisticRegressionTests
{
    [Fact]
    public void AWeightOfTwoIsTheExampleTwice()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 40).Select(_ => new[] { random.NextDouble(), random.NextDouble() * 2 - 1 }).ToList();
        var y = x.Select(r => r[0] + r[1] > 0.6 ? 2 : r[0] > 0.5 ? 1 : 0).ToList();
        var weighted = LogisticRegression.Learn(x, y, 3, [.. x.Select((_, i) => i < 10 ? 2.0 : 1.0)]);
        var repeated = LogisticRegression.Learn([.. x, .. x.Take(10)], [.. y, .. y.Take(10)], 3);
        Assert.Equal(3, weighted.Weights.Length);
        Assert.All(weighted.Weights, r => Assert.Equal(3, r.Length));
        foreach (var (a, b) in weighted.Weights.SelectMany(r => r).Zip(repeated.Weights.SelectMany(r => r)))
            Assert.Equal(b, a, 1e-8);
        // weights of one are no weights
        Assert.Equal(LogisticRegression.Learn(x, y, 3).Weights.SelectMany(r => r), LogisticRegression.Learn(x, y, 3, [.. x.Select(_ => 1.0)]).Weights.SelectMany(r => r));
    }

    [Fact]
    public void ItsProbabilitiesFollowTheInputThatPartsTheClasses()
    {
        double[][] x = [[-2], [-1.5], [-1], [-0.2], [0.2], [1], [1.5], [2]];
        int[] y = [0, 0, 0, 1, 0, 1, 1, 1];
        var model = LogisticRegression.Learn(x, y, 2);
        var low = LogisticRegression.Probabilities(model, [-3.0]);
        var high = LogisticRegression.Probabilities(model, [3.0]);
        Assert.Equal(1, low.Sum(), 1e-12);
        Assert.True(low[0] > 0.9 && high[1] > 0.9, $"{low[0]} {high[1]}");
        Assert.Throws<ArgumentException>(() => LogisticRegression.Probabilities(model, [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Learn(x, y.Take(7).ToList(), 2));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Learn(x, y, 2, [.. x.Select(_ => -1.0)]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Learn(x, y, 2, [.. x.Select(_ => 0.0)]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Learn([[1.0], [1.0, 2.0]], [0, 1], 2));
    }
}

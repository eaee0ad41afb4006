using System.Text.Json;
using FilmScoreEmotion.Statistics;

namespace FilmScoreEmotion.Tests.Statistics;

public class StatisticsTests
{
    public static JsonElement Fixture(string section)
    {
        var path = Path.Combine(Fixtures.Root, "stats.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty(section);
    }

    static double[][] Groups(JsonElement kruskal) =>
        kruskal.GetProperty("groups").EnumerateArray().Select(g => g.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    static void Close(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void KruskalWallisMatchesScipyToOnePartInABillion()
    {
        var fixture = Fixture("kruskal");
        var result = KruskalWallis.Test(Groups(fixture));
        Close(fixture.GetProperty("H").GetDouble(), result.H, 1e-9);
        Close(fixture.GetProperty("p").GetDouble(), result.P, 1e-9);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.True(result.TieCorrection < 1);
    }

    [Fact]
    public void AverageRanksMatchScipyRankdata()
    {
        var fixture = Fixture("rankdata_average");
        var x = fixture.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(fixture.GetProperty("ranks").EnumerateArray().Select(v => v.GetDouble()), MathNet.Numerics.Statistics.Statistics.Ranks(x, MathNet.Numerics.Statistics.RankDefinition.Average));
    }

    [Fact]
    public void KruskalWallisIsInvariantToGroupOrderAndMonotoneTransforms()
    {
        var groups = Groups(Fixture("kruskal"));
        var h = KruskalWallis.Test(groups).H;
        Close(h, KruskalWallis.Test(groups.Reverse().ToArray()).H, 1e-12);
        Close(h, KruskalWallis.Test(groups.Select(g => g.Select(v => Math.Exp(3 * v)).ToArray()).ToArray()).H, 1e-12);
        Assert.Throws<ArgumentException>(() => KruskalWallis.Test([[1.0, 1.0], [1.0]]));
    }

    /// Reference from scipy 1.10 (rankdata, norm.sf) with Dunn's tie-corrected standard error and Holm's step-down:
    /// x = concat(groups); r = rankdata(x); N = len(x); t = counts of unique x; var = N(N+1)/12 - sum(t^3-t)/(12(N-1))
    /// z = (mean r_a - mean r_b) / sqrt(var (1/n_a + 1/n_b)); p = 2 norm.sf(|z|); Holm: sort p, (m-k) p_(k), running max, cap 1.
    [Fact]
    public void DunnWithHolmMatchesAScipyComputation()
    {
        var pairs = Dunn.Test(Groups(Fixture("kruskal")));
        var expected = new (int, int, double Z, double P, double Holm)[]
        {
            (0, 1, -2.2073558019581547, 0.02728921162708673, 0.05457842325417346),
            (0, 2, 1.4429243175704656, 0.14904179206566245, 0.14904179206566245),
            (1, 2, 3.589495689611702, 0.0003313183090607417, 0.0009939549271822251),
        };
        Assert.Equal(expected.Length, pairs.Count);
        foreach (var (e, a) in expected.Zip(pairs))
        {
            Assert.Equal((e.Item1, e.Item2), (a.A, a.B));
            Close(e.Z, a.Z, 1e-9);
            Close(e.P, a.P, 1e-9);
            Close(e.Holm, a.PHolm, 1e-9);
        }
    }

    [Fact]
    public void HolmAdjustedValuesAreMonotoneAndNeverBelowTheRawOnes()
    {
        double[] p = [0.01, 0.04, 0.03, 0.5, 0.001];
        var adjusted = Dunn.Holm(p);
        Assert.All(p.Zip(adjusted), pair => Assert.True(pair.Second >= pair.First && pair.Second <= 1));
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).Select(i => adjusted[i]).ToArray();
        Assert.Equal(order.Order(), order);
        Assert.Equal(0.005, adjusted[4], 15);
    }

    /// numpy 1.24: median(g0) = 0.74, percentile(g1, 25/75) = 0.81 / 0.85, percentile(g0, 25/75) = 0.7175 / 0.7625.
    [Fact]
    public void QuartilesFollowNumpysLinearInterpolation()
    {
        var groups = Groups(Fixture("kruskal"));
        var g0 = Descriptive.Summarise(groups[0]);
        var g1 = Descriptive.Summarise(groups[1]);
        Close(0.74, g0.Median, 1e-12);
        Close(0.7175, g0.Q1, 1e-12);
        Close(0.7625, g0.Q3, 1e-12);
        Close(0.81, g1.Q1, 1e-12);
        Close(0.85, g1.Q3, 1e-12);
        Close(0.045, g0.Iqr, 1e-9);
    }

    [Fact]
    public void ResidualsOfEachGroupSumToZero()
    {
        var residuals = Descriptive.Residuals(Groups(Fixture("kruskal")));
        Assert.All(residuals, r => Assert.True(Math.Abs(r.Sum()) < 1e-12));
    }
}

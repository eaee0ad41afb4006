using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace FilmScoreEmotion.Statistics;

/// <param name="H">the tie-corrected statistic</param>
/// <param name="P">upper tail of chi-square with <paramref name="DegreesOfFreedom"/> at H</param>
/// <param name="MeanRanks">mean rank of each group in the pooled ranking</param>
public sealed record KruskalWallisResult(double H, int DegreesOfFreedom, double P, double TieCorrection, double[] MeanRanks);

public static class KruskalWallis
{
    /// <summary>Kruskal-Wallis H test that the groups come from one distribution (the paper's Fig 7 test of whether
    /// model medians differ): H = 12 / (N (N + 1)) sum R_i^2 / n_i - 3 (N + 1), divided by 1 - sum(t^3 - t) / (N^3 - N).</summary>
    public static KruskalWallisResult Test(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        if (groups.Count < 2 || groups.Any(g => g.Count == 0))
            throw new ArgumentException("Kruskal-Wallis needs at least 2 groups, none empty");
        var pooled = groups.SelectMany(g => g).ToArray();
        var n = (double)pooled.Length;
        var correction = 1 - Ranks.TieTerm(pooled) / (n * n * n - n);
        if (correction <= 0)
            throw new ArgumentException("all values are equal: Kruskal-Wallis is undefined");
        // MathNet ranks ties by the mean of the ranks they span, as scipy's rankdata does.
        var ranks = pooled.Ranks(RankDefinition.Average);
        var meanRanks = new double[groups.Count];
        var offset = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            meanRanks[g] = ranks.Skip(offset).Take(groups[g].Count).Average();
            offset += groups[g].Count;
        }
        var h = (12 / (n * (n + 1)) * groups.Select((g, i) => g.Count * meanRanks[i] * meanRanks[i]).Sum() - 3 * (n + 1)) / correction;
        var df = groups.Count - 1;
        return new KruskalWallisResult(h, df, SpecialFunctions.GammaUpperRegularized(df / 2.0, h / 2), correction, meanRanks);
    }
}

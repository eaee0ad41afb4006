using MathNet.Numerics.Distributions;

namespace FilmScoreEmotion.Statistics;

/// <param name="Z">(mean rank of A - mean rank of B) / its standard error</param>
/// <param name="PHolm">two-sided p after Holm's step-down correction over all pairs</param>
public sealed record DunnPair(int A, int B, double Z, double P, double PHolm);

public static class Dunn
{
    /// <summary>Dunn's (1964) post-hoc test after Kruskal-Wallis, every pair of groups: the standard error of a difference
    /// of mean ranks is sqrt((N (N + 1) / 12 - sum(t^3 - t) / (12 (N - 1))) (1/n_A + 1/n_B)), p is two-sided normal, and
    /// Holm's correction controls the family-wise error over the pairs.</summary>
    public static IReadOnlyList<DunnPair> Test(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        var kw = KruskalWallis.Test(groups);
        var pooled = groups.SelectMany(g => g).ToArray();
        var n = (double)pooled.Length;
        var variance = n * (n + 1) / 12 - Ranks.TieTerm(pooled) / (12 * (n - 1));
        var pairs = new List<(int A, int B, double Z, double P)>();
        for (var a = 0; a < groups.Count; a++)
            for (var b = a + 1; b < groups.Count; b++)
            {
                var z = (kw.MeanRanks[a] - kw.MeanRanks[b]) / Math.Sqrt(variance * (1.0 / groups[a].Count + 1.0 / groups[b].Count));
                pairs.Add((a, b, z, 2 * Normal.CDF(0, 1, -Math.Abs(z))));
            }
        var holm = Holm(pairs.Select(p => p.P).ToArray());
        return pairs.Select((p, i) => new DunnPair(p.A, p.B, p.Z, p.P, holm[i])).ToArray();
    }

    /// <summary>Holm-Bonferroni adjusted p-values: the k-th smallest of m is multiplied by m - k + 1, made monotone, capped at 1.</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[p.Count];
        var running = 0.0;
        for (var k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1, (p.Count - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}

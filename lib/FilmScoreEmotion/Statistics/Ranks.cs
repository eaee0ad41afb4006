namespace FilmScoreEmotion.Statistics;

public static class Ranks
{
    /// <summary>Ranks 1..n with tied values sharing the mean of the ranks they span (scipy's rankdata 'average').</summary>
    public static double[] Average(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            var shared = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                ranks[order[k]] = shared;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>Sum of t^3 - t over the sizes t of groups of tied values: the tie term of Kruskal-Wallis and Dunn.</summary>
    public static double TieTerm(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => (double)g.Count()).Sum(t => t * t * t - t);
}

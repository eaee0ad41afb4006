namespace FilmScoreEmotion.Statistics;

public static class Ranks
{
    /// <summary>Sum of t^3 - t over the sizes t of groups of tied values: the tie term of Kruskal-Wallis and Dunn.</summary>
    public static double TieTerm(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => (double)g.Count()).Sum(t => t * t * t - t);
}

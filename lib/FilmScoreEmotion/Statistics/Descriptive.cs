using MathNet.Numerics.Statistics;

namespace FilmScoreEmotion.Statistics;

/// <summary>The box of a box plot: quartiles by linear interpolation between order statistics (NumPy's default, R's type 7).</summary>
public sealed record Summary(int Count, double Mean, double Median, double Q1, double Q3)
{
    public double Iqr => Q3 - Q1;
}

public static class Descriptive
{
    public static Summary Summarise(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("cannot summarise an empty group");
        var data = values.ToArray();
        double Q(double tau) => data.QuantileCustom(tau, QuantileDefinition.R7);
        return new Summary(data.Length, data.Average(), Q(0.5), Q(0.25), Q(0.75));
    }

    /// <summary>Residuals of a one-way layout (Fig 7's residual plot): each value minus its group's mean.</summary>
    public static double[][] Residuals(IReadOnlyList<IReadOnlyList<double>> groups) =>
        groups.Select(g => { var mean = g.Average(); return g.Select(v => v - mean).ToArray(); }).ToArray();
}

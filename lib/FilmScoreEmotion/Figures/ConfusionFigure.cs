using FilmScoreEmotion.Evaluation;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Fig 10: the confusion matrix summed over a protocol's folds, as counts and as row shares.</summary>
public static class ConfusionFigure
{
    public sealed record Cell(string TrueClass, string PredictedClass, int Count, double RowShare);

    public static IReadOnlyList<Cell> Sum(IEnumerable<ConfusionRow> rows)
    {
        var summed = rows.GroupBy(r => (r.TrueClass, r.PredictedClass)).Select(g => (g.Key.TrueClass, g.Key.PredictedClass, Count: g.Sum(r => r.Count))).ToList();
        return summed.Select(c => new Cell(c.TrueClass, c.PredictedClass, c.Count, c.Count / (double)Math.Max(1, summed.Where(o => o.TrueClass == c.TrueClass).Sum(o => o.Count)))).ToList();
    }

    public static GenericChart Heatmap(IReadOnlyList<Cell> cells, IReadOnlyList<string> classes, string title)
    {
        var z = classes.Select(t => classes.Select(p => cells.Single(c => c.TrueClass == t && c.PredictedClass == p).RowShare).ToArray()).ToArray();
        var text = classes.Select(t => classes.Select(p => cells.Single(c => c.TrueClass == t && c.PredictedClass == p) is var c ? $"{c.Count} ({c.RowShare:P0})" : "").ToArray()).ToArray();
        return Chart.Heatmap<double, string, string, string>(z, X: classes.ToArray(), Y: classes.ToArray(), MultiText: text.SelectMany(r => r).ToArray())
            .Titled(title, "predicted", "true");
    }
}

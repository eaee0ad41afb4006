using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Statistics;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Fig 7: do the models' fold accuracies differ? Scatter and box plots per model, residuals from each
/// model's mean, Kruskal-Wallis (tie-corrected) and Dunn's pairwise test with Holm's correction.</summary>
public static class StatisticsFigure
{
    public sealed record ModelAccuracies(ModelKind Model, IReadOnlyList<double> Accuracies);

    public sealed record KruskalRow(string Test, int Groups, int Observations, double H, int DegreesOfFreedom, double P, double TieCorrection);

    public sealed record DunnRow(ModelKind A, ModelKind B, double Z, double P, double PHolm, bool SignificantAt05);

    public sealed record ResidualRow(ModelKind Model, int Index, double Accuracy, double Residual);

    public static IReadOnlyList<ModelAccuracies> Group(IEnumerable<FoldRow> folds) =>
        folds.GroupBy(f => f.Model).Select(g => new ModelAccuracies(g.Key, g.Select(f => f.Accuracy).ToList())).ToList();

    public static (KruskalRow Kruskal, IReadOnlyList<DunnRow> Dunn) Tests(IReadOnlyList<ModelAccuracies> groups)
    {
        var values = groups.Select(g => g.Accuracies).ToList();
        var kw = KruskalWallis.Test(values);
        var kruskal = new KruskalRow("Kruskal-Wallis", groups.Count, values.Sum(v => v.Count), kw.H, kw.DegreesOfFreedom, kw.P, kw.TieCorrection);
        var dunn = Dunn.Test(values).Select(d => new DunnRow(groups[d.A].Model, groups[d.B].Model, d.Z, d.P, d.PHolm, d.PHolm < 0.05)).ToList();
        return (kruskal, dunn);
    }

    public static IReadOnlyList<ResidualRow> Residuals(IReadOnlyList<ModelAccuracies> groups)
    {
        var residuals = Descriptive.Residuals(groups.Select(g => g.Accuracies).ToList());
        return groups.SelectMany((g, i) => g.Accuracies.Select((a, j) => new ResidualRow(g.Model, j, a, residuals[i][j]))).ToList();
    }

    public static GenericChart Scatter(IReadOnlyList<ModelAccuracies> groups, string title) =>
        Chart.Combine(groups.Select(g => Chart.Point<string, double, string>(g.Accuracies.Select(_ => ModelCatalog.Name(g.Model)).ToArray(), g.Accuracies.ToArray(), Name: ModelCatalog.Name(g.Model))))
            .Titled(title, "model", "fold accuracy");

    public static GenericChart Box(IReadOnlyList<ModelAccuracies> groups, string title) =>
        Chart.Combine(groups.Select(g => Chart.BoxPlot<string, double, string>(X: g.Accuracies.Select(_ => ModelCatalog.Name(g.Model)).ToArray(), Y: g.Accuracies.ToArray(), Name: ModelCatalog.Name(g.Model))))
            .Titled(title, "model", "fold accuracy");

    public static GenericChart ResidualPlot(IReadOnlyList<ResidualRow> rows, string title) =>
        Chart.Combine(rows.GroupBy(r => r.Model).Select(g => Chart.Point<double, double, string>(g.Select(r => r.Accuracy - r.Residual).ToArray(), g.Select(r => r.Residual).ToArray(), Name: ModelCatalog.Name(g.Key))))
            .Titled(title, "fitted (model mean accuracy)", "residual");
}

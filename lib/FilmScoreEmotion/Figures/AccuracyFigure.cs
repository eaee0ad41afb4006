using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Statistics;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Accuracy over folds, summarised per (model, spectrogram, protocol): Figs 4, 6 and 9.</summary>
public static class AccuracyFigure
{
    public sealed record AccuracySummary(ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Folds, double Mean, double Std, double Median, double Q1, double Q3, double MacroF1);

    public static IReadOnlyList<AccuracySummary> Summarise(IEnumerable<FoldRow> folds) =>
        folds.GroupBy(f => (f.Model, f.Spectrogram, f.Protocol))
            .Select(g =>
            {
                var acc = g.Select(f => f.Accuracy).ToArray();
                var s = Descriptive.Summarise(acc);
                var mean = acc.Average();
                var std = acc.Length > 1 ? Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / (acc.Length - 1)) : 0;
                return new AccuracySummary(g.Key.Model, g.Key.Spectrogram, g.Key.Protocol, acc.Length, mean, std, s.Median, s.Q1, s.Q3, g.Average(f => f.MacroF1));
            })
            .ToList();

    /// <summary>Mean accuracy (error bars: one standard deviation over folds) with one bar group per category and one
    /// bar per protocol, so the paper's segment folds stand beside the excerpt-grouped ones. The values show on hover,
    /// not as bar labels, which would sit across the error bars. <paramref name="paper"/> draws the paper's number for
    /// a category as a labelled "paper" marker on the chart itself.</summary>
    public static GenericChart Bars(
        IReadOnlyList<AccuracySummary> summary, Func<AccuracySummary, string> category, string title, string xTitle, IReadOnlyDictionary<string, double>? paper = null)
    {
        var traces = summary.GroupBy(s => s.Protocol).Select(g =>
            Chart.Column<double, string, string>(g.Select(s => s.Mean).ToArray(), g.Select(category).ToArray(), Name: Protocols.Name(g.Key),
                    MultiText: g.Select(s => $"{s.Mean:F3} ± {s.Std:F3} (n={s.Folds})").ToArray(), TextPosition: StyleParam.TextPosition.None)
                .WithStdErrorBars(g.Select(s => s.Std)));
        if (paper is { Count: > 0 })
            traces = traces.Append(PaperMarkers(paper));
        return Chart.Combine(traces).Titled(title, xTitle, "accuracy (mean over folds)");
    }

    /// <summary>The paper's values as diamonds labelled with the number, at their categories.</summary>
    public static GenericChart PaperMarkers(IReadOnlyDictionary<string, double> paper) =>
        Chart.Point<string, double, string>(paper.Keys.ToArray(), paper.Values.ToArray(), Name: "paper",
            MultiText: paper.Values.Select(v => $"paper {v:F3}").ToArray(), TextPosition: StyleParam.TextPosition.TopCenter,
            MarkerSymbol: StyleParam.MarkerSymbol.Diamond, MarkerColor: Color.fromKeyword(ColorKeyword.Black));
}

using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Per-emotion scores averaged over folds: Fig 5 (F1 per spectrogram) and Fig 11 (recall against humans).</summary>
public static class ClassFigure
{
    public sealed record ClassSummary(ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, string Class, int Folds, double Precision, double Recall, double F1);

    public static IReadOnlyList<ClassSummary> Summarise(IEnumerable<ClassRow> rows) =>
        rows.GroupBy(r => (r.Model, r.Spectrogram, r.Protocol, r.Class))
            .Select(g => new ClassSummary(g.Key.Model, g.Key.Spectrogram, g.Key.Protocol, g.Key.Class, g.Count(), g.Average(r => r.Precision), g.Average(r => r.Recall), g.Average(r => r.F1)))
            .ToList();

    /// <summary>One bar group per emotion, one bar per series (for example per spectrogram).</summary>
    public static GenericChart Bars(IReadOnlyList<ClassSummary> summary, Func<ClassSummary, string> series, Func<ClassSummary, double> value, string title, string yTitle) =>
        Chart.Combine(summary.GroupBy(series).Select(g =>
                Chart.Column<double, string, string>(g.Select(value).ToArray(), g.Select(s => s.Class).ToArray(), Name: g.Key, MultiText: g.Select(s => value(s).ToString("F2")).ToArray())))
            .Titled(title, "emotion", yTitle);
}

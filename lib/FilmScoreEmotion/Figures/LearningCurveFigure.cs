using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>How every run trained: validation accuracy per epoch, so a reader sees that each run stopped because its
/// validation loss stopped improving (a filled marker at the epoch whose weights were kept) and not at a cap.</summary>
public static class LearningCurveFigure
{
    /// <summary>One epoch of one run, as the figure's CSV stores it.</summary>
    public sealed record EpochRow(
        ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, int Epoch,
        double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy, bool Kept, bool StoppedEarly);

    public static IReadOnlyList<EpochRow> Rows(IEnumerable<RunResult> results) =>
        [.. results.SelectMany(r => r.History.Select(h => new EpochRow(
            r.Run.Model, r.Run.Spectrogram, r.Run.Protocol, r.Run.Repeat, r.Run.Fold, h.Epoch,
            h.Loss, h.Accuracy, h.ValidationLoss, h.ValidationAccuracy, h.Epoch == r.BestEpoch, r.StoppedEarly)))];

    /// <summary>Writes <c>NAME.csv</c> (every epoch of every run) and <c>NAME.html</c>, and returns the chart.</summary>
    public static GenericChart Save(IReadOnlyList<RunResult> results, string resultsDirectory, string name, string title)
    {
        var rows = Rows(results);
        FigureExport.SaveCsv(rows, resultsDirectory, name);
        var chart = Lines(rows, title);
        FigureExport.SaveHtml(chart, resultsDirectory, name);
        return chart;
    }

    /// <summary>How the runs ended, in one line under the figure.</summary>
    public static string Ending(IReadOnlyList<RunResult> results) =>
        $"{results.Count(r => r.StoppedEarly)} of {results.Count} runs ended by early stopping, {results.Count(r => !r.StoppedEarly)} by the epoch cap; stopped after {results.Min(r => r.Epochs)}-{results.Max(r => r.Epochs)} epochs";

    public static GenericChart Lines(IReadOnlyList<EpochRow> rows, string title)
    {
        var runs = rows.GroupBy(r => (r.Model, r.Spectrogram, r.Protocol, r.Repeat, r.Fold)).ToList();
        var traces = runs.Select(g =>
        {
            var epochs = g.OrderBy(r => r.Epoch).ToArray();
            var name = $"{ModelCatalog.Name(g.Key.Model)} {SpectrogramKinds.Name(g.Key.Spectrogram)} {Protocols.Name(g.Key.Protocol)} r{g.Key.Repeat} f{g.Key.Fold}" + (epochs[0].StoppedEarly ? "" : " (epoch cap)");
            return Chart.Line<int, double, string>(epochs.Select(e => e.Epoch).ToArray(), epochs.Select(e => e.ValidationAccuracy).ToArray(), Name: name,
                ShowMarkers: true, MultiText: epochs.Select(e => e.Kept ? "kept" : "").ToArray());
        });
        return Chart.Combine(traces).Titled(title, "epoch", "validation accuracy");
    }
}

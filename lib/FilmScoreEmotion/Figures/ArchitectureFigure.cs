using FilmScoreEmotion.Models;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Figs 2 and 3: each model's layers with output shapes and parameter counts, as a table and as a bar
/// chart of parameters per layer.</summary>
public static class ArchitectureFigure
{
    public sealed record LayerRow(string Model, int Position, string Layer, string Type, string OutputShape, long Parameters);

    public static IReadOnlyList<LayerRow> Rows(ModelSummary summary) =>
        summary.Layers.Select((l, i) => new LayerRow(summary.Model, i + 1, l.Name, l.Type, "(" + string.Join(", ", l.OutputShape) + ")", l.Parameters)).ToList();

    /// <summary>Parameters per layer, one bar per layer labelled with its output shape; the layer table itself is
    /// the CSV beside the figure.</summary>
    public static GenericChart LayerBars(IReadOnlyList<ModelSummary> summaries, string title) =>
        Chart.Combine(summaries.Select(s =>
            {
                var rows = Rows(s);
                return Chart.Column<long, string, string>(
                    rows.Select(r => r.Parameters).ToArray(),
                    rows.Select(r => $"{r.Position}. {r.Layer}").ToArray(),
                    Name: $"{s.Model} ({s.TotalParameters:N0} parameters)",
                    MultiText: rows.Select(r => $"{r.Type} -> {r.OutputShape}").ToArray());
            }))
            .Titled(title, "layer (hover: type and output shape)", "parameters");
}

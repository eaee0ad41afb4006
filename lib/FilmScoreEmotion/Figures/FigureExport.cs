using Deedle;
using FilmScoreEmotion.IO;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace FilmScoreEmotion.Figures;

/// <summary>Writes a figure as the paper's results are kept: an HTML file that opens offline and a CSV of the
/// numbers behind it, both written whole under a temporary name and then renamed.</summary>
public static class FigureExport
{
    /// <summary>plotly.js as embedded in Plotly.NET: written once into the results folder and referenced relatively,
    /// so every figure opens offline without carrying 3.6 MB of script.</summary>
    public const string PlotlyJs = "plotly-2.28.0.min.js";

    public static string EnsurePlotlyJs(string resultsDirectory)
    {
        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, PlotlyJs);
        using var resource =
            typeof(Chart).Assembly.GetManifestResourceStream("Plotly.NET." + PlotlyJs)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds {PlotlyJs}; update FigureExport.PlotlyJs");
        if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
            return path;
        AtomicFile.Write(path, resource.CopyTo);
        return path;
    }

    /// <summary>Saves the chart to <c>resultsDirectory/name.html</c> and returns the path.</summary>
    public static string SaveHtml(GenericChart chart, string resultsDirectory, string name)
    {
        EnsurePlotlyJs(resultsDirectory);
        var path = Path.Combine(resultsDirectory, name + ".html");
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.NewCDN(PlotlyJs)));
        var sized = Chart.withSize(FSharpOption<int>.Some(1000), FSharpOption<int>.Some(600)).Invoke(chart);
        var html = GenericChart.toEmbeddedHTML(Chart.withDisplayOptions(options).Invoke(sized));
        AtomicFile.WriteAllText(path, html);
        return path;
    }

    /// <summary>Saves rows (records) as <c>resultsDirectory/name.csv</c> through Deedle and returns the path.</summary>
    public static string SaveCsv<T>(IEnumerable<T> rows, string resultsDirectory, string name)
    {
        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, name + ".csv");
        var frame = Deedle.Frame.FromRecords(rows.ToList());
        AtomicFile.WriteVia(path, temporary => frame.SaveCsv(temporary, includeRowKeys: false));
        return path;
    }

    /// <summary>The chart as HTML for a notebook's output: small, drawing with plotly.js from the notebook host.</summary>
    public static string NotebookHtml(GenericChart chart) => GenericChart.toChartHTML(chart);

}

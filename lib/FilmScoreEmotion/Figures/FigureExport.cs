using Deedle;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
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

    /// <summary>The word a kind is written as in a CSV: its command-line name, as in the run ids and result files.</summary>
    static readonly IReadOnlyDictionary<Type, Func<object, string>> Words = new Dictionary<Type, Func<object, string>>
    {
        [typeof(ModelKind)] = v => ModelCatalog.Name((ModelKind)v),
        [typeof(SpectrogramKind)] = v => SpectrogramKinds.Name((SpectrogramKind)v),
        [typeof(ProtocolKind)] = v => Protocols.Name((ProtocolKind)v),
    };

    /// <summary>Saves rows (records) as <c>resultsDirectory/name.csv</c> through Deedle and returns the path. A
    /// column of a kind is written as the kind's name (cnn4, cqt, segment-kfold), never its member name.</summary>
    public static string SaveCsv<T>(IEnumerable<T> rows, string resultsDirectory, string name)
    {
        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, name + ".csv");
        var records = Deedle.Frame.FromRecords(rows.ToList());
        var columns = new FrameBuilder.Columns<int, string>();
        foreach (var (key, type) in records.ColumnKeys.Zip(records.ColumnTypes))
            columns.Add(key, type.IsEnum ? records.GetColumn<object>(key).Select(cell => Word(type, cell.Value)) : records.Columns[key]);
        AtomicFile.WriteVia(path, temporary => columns.Frame.SaveCsv(temporary, includeRowKeys: false));
        return path;
    }

    static string Word(Type kind, object value) =>
        Words.TryGetValue(kind, out var word) ? word(value) : throw new InvalidOperationException($"no CSV word for {kind.Name}: add it to FigureExport.Words");

    /// <summary>The chart as HTML for a notebook's output: small, drawing with plotly.js from the notebook host.</summary>
    public static string NotebookHtml(GenericChart chart) => GenericChart.toChartHTML(chart);

}

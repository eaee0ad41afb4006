using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Tests.Foundation;
using Plotly.NET.CSharp;

namespace FilmScoreEmotion.Tests.Figures;

public sealed class FigureExportTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-fig-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public sealed record Row(string Spectrogram, double Accuracy);

    [Fact]
    public void HtmlReferencesTheLocalPlotlyAndCsvHasTheRows()
    {
        var chart = Chart.Column<double, string, string>(new[] { 0.7, 0.8 }, new[] { "STFT", "CQT" });
        var html = FigureExport.SaveHtml(chart, dir, "fig04-test");
        var text = File.ReadAllText(html);
        Assert.Contains($"src=\"{FigureExport.PlotlyJs}\"", text);
        Assert.DoesNotContain("cdn.plot.ly", text);
        Assert.True(new FileInfo(Path.Combine(dir, FigureExport.PlotlyJs)).Length > 3_000_000);
        var csv = FigureExport.SaveCsv(new[] { new Row("STFT", 0.7), new Row("CQT", 0.8) }, dir, "fig04-test");
        var lines = File.ReadAllLines(csv);
        Assert.Equal("Spectrogram,Accuracy", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp*"));
    }

    public sealed record KindRow(ModelKind Model, double Accuracy, ProtocolKind Protocol);

    /// The library carries kinds; a CSV has their command-line names, in the records' column order.
    [Fact]
    public void KindsAreWrittenAsTheirNames()
    {
        var lines = File.ReadAllLines(FigureExport.SaveCsv(new[] { new KindRow(ModelKind.Cnn4Inception, 0.5, ProtocolKind.SegmentKFold) }, dir, "kinds"));
        Assert.Equal(["Model,Accuracy,Protocol", "cnn4inception,0.5,segment-kfold"], lines);
    }

    [SkippableFact]
    public void ASavedFigureDrawsInChromium()
    {
        SystemTools.Require(SystemTools.Chromium);
        var chart = Chart.Column<double, string, string>(new[] { 0.7, 0.8 }, new[] { "STFT", "CQT" });
        var html = FigureExport.SaveHtml(chart, dir, "fig-draw");
        var png = PngRender.Render(html, Path.Combine(dir, "fig-draw.png"));
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(0x89, bytes[0]);
        var blankHtml = Path.Combine(dir, "blank.html");
        File.WriteAllText(blankHtml, "<html><body></body></html>");
        var blank = new FileInfo(PngRender.Render(blankHtml, Path.Combine(dir, "blank.png"))).Length;
        Assert.True(bytes.Length > 3 * blank, $"a drawn chart ({bytes.Length} bytes) compresses to far more than a blank page ({blank} bytes)");
    }
}

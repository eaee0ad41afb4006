using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Example log spectrograms: the first segment of one excerpt per emotion, as the models see them.</summary>
public static class SpectrogramFigure
{
    public sealed record Example(string Emotion, string ExcerptId, float[,] Db);

    /// <summary>The first segment of the first excerpt of each class.</summary>
    public static IReadOnlyList<Example> FirstPerClass(LabelledSegments data) =>
        data.ClassNames.Select((name, c) =>
            {
                var i = Array.IndexOf(data.Labels, c);
                var x = data.X[i, 0].cpu();
                var (bins, frames) = ((int)x.shape[0], (int)x.shape[1]);
                var flat = x.data<float>().ToArray();
                var z = new float[bins, frames];
                Buffer.BlockCopy(flat, 0, z, 0, flat.Length * sizeof(float));
                return new Example(name, data.ExcerptIds[i], z);
            })
            .ToList();

    public static GenericChart Grid(IReadOnlyList<Example> examples, SpectrogramKind kind, string corpusName)
    {
        var charts = examples.Select(e =>
        {
            var rows = Enumerable.Range(0, e.Db.GetLength(0)).Select(b => Enumerable.Range(0, e.Db.GetLength(1)).Select(t => (double)e.Db[b, t]).ToArray()).ToArray();
            return Chart.Heatmap<double, double, int, string>(rows, Name: $"{e.Emotion} ({e.ExcerptId})", ShowScale: false);
        });
        return Chart.Grid(charts, 1, examples.Count, SubPlotTitles: examples.Select(e => $"{e.Emotion}: {e.ExcerptId}").ToArray())
            .Titled($"{kind.ToString().ToUpperInvariant()} (dB, ref = max, top 80 dB) of one 2-s segment per emotion ({corpusName}); y: bin, x: frame");
    }
}

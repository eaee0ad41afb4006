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

    /// <summary>The dB spectrogram of the first 2 s of <paramref name="samples"/> (mono, at <paramref name="sampleRate"/>).</summary>
    public static Example Of(string emotion, string excerptId, float[] samples, int sampleRate, SpectrogramKind kind, SpectrogramConfig config)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var resampled = FilmScoreEmotion.Audio.Resample.ToRate(samples, sampleRate, config.SampleRate);
        var segment = resampled.AsSpan(0, Math.Min(resampled.Length, 2 * config.SampleRate)).ToArray();
        var x = Spectrogram.Compute(TorchSharp.torch.tensor(segment).unsqueeze(0), kind, config, db: true)[0].cpu();
        var (bins, frames) = ((int)x.shape[0], (int)x.shape[1]);
        var z = new float[bins, frames];
        Buffer.BlockCopy(x.data<float>().ToArray(), 0, z, 0, bins * frames * sizeof(float));
        return new Example(emotion, excerptId, z);
    }

    /// <summary>Rows of examples (one row per renderer, say) under one title.</summary>
    public static GenericChart Rows(IReadOnlyList<(string Row, IReadOnlyList<Example> Examples)> rows, string title)
    {
        var charts = rows.SelectMany(r => r.Examples.Select(e =>
        {
            var z = Enumerable.Range(0, e.Db.GetLength(0)).Select(b => Enumerable.Range(0, e.Db.GetLength(1)).Select(t => (double)e.Db[b, t]).ToArray()).ToArray();
            return Chart.Heatmap<double, double, int, string>(z, Name: $"{r.Row}: {e.Emotion}", ShowScale: false);
        }));
        var titles = rows.SelectMany(r => r.Examples.Select(e => $"{r.Row}<br>{e.Emotion} ({e.ExcerptId})")).ToArray();
        return Chart.Grid(charts, rows.Count, rows.Max(r => r.Examples.Count), SubPlotTitles: titles).Titled(title);
    }

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

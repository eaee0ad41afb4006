using System.Globalization;
using FilmScoreEmotion.Corpus;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Fig 1: the excerpts in an emotion space and the class counts per source.</summary>
public static class CorpusFigure
{
    public sealed record ExcerptPoint(string ExcerptId, string Source, string Emotion, double X, double Y, double DurationSec, int Segments);

    public sealed record CountRow(string Source, string Emotion, int Excerpts, int Segments);

    /// <summary>The axes of the emotion space: the raters' valence and energy where the manifest has them (the real
    /// Film Music set), else the generator's tempo and dissonance (the synthetic corpus), the cues its rules use
    /// for arousal and negative valence.</summary>
    public static (string X, string Y) Axes(Manifest manifest)
    {
        var columns = manifest.Entries.SelectMany(e => e.Columns.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return columns.Contains("valence") && columns.Contains("energy") ? ("valence", "energy")
            : columns.Contains("tempo") && columns.Contains("dissonance") ? ("tempo", "dissonance")
            : throw new InvalidDataException("the manifest has neither valence/energy ratings nor tempo/dissonance parameters to place excerpts in an emotion space");
    }

    public static IReadOnlyList<ExcerptPoint> Points(Manifest manifest)
    {
        var (x, y) = Axes(manifest);
        double Value(ManifestEntry e, string column) =>
            double.TryParse(e.Columns.GetValueOrDefault(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        return manifest.Entries.Select(e => new ExcerptPoint(e.ExcerptId, e.Source, e.Emotion.ToName(), Value(e, x), Value(e, y), e.DurationSec, e.SegmentCount())).ToList();
    }

    public static IReadOnlyList<CountRow> Counts(Manifest manifest) =>
        manifest.Entries.GroupBy(e => (e.Source, Emotion: e.Emotion.ToName()))
            .Select(g => new CountRow(g.Key.Source, g.Key.Emotion, g.Count(), g.Sum(e => e.SegmentCount())))
            .OrderBy(r => r.Source, StringComparer.Ordinal)
            .ThenBy(r => EmotionNames.Parse(r.Emotion))
            .ToList();

    public static GenericChart EmotionSpace(Manifest manifest, string corpusName)
    {
        var (x, y) = Axes(manifest);
        var points = Points(manifest);
        var traces = points.GroupBy(p => (p.Emotion, p.Source)).Select(g =>
            Chart.Point<double, double, string>(g.Select(p => p.X).ToArray(), g.Select(p => p.Y).ToArray(), Name: $"{g.Key.Emotion} ({g.Key.Source})", MultiText: g.Select(p => p.ExcerptId).ToArray()));
        return Chart.Combine(traces).Titled($"Fig 1a. Excerpts in emotion space ({corpusName})", x, y);
    }

    public static GenericChart ClassCounts(Manifest manifest, string corpusName)
    {
        var counts = Counts(manifest);
        var traces = counts.GroupBy(r => r.Source).Select(g =>
            Chart.Column<int, string, string>(g.Select(r => r.Segments).ToArray(), g.Select(r => r.Emotion).ToArray(), Name: g.Key));
        return Chart.Combine(traces).Titled($"Fig 1b. Two-second segments per class and source ({corpusName})", "emotion", "segments");
    }
}

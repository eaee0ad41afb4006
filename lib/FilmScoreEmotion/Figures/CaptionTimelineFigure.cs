using FilmScoreEmotion.Captions;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>The true emotion of a montage against the captions made for it, as two bands of coloured segments.</summary>
public static class CaptionTimelineFigure
{
    public sealed record Span(string Track, string Emotion, double Start, double End);

    public static IReadOnlyList<Span> Spans(IReadOnlyList<MontagePart> truth, IReadOnlyList<Cue> cues) =>
        [.. truth.Select(p => new Span("truth", p.Emotion, p.Start, p.End)), .. cues.Select(c => new Span("captions", c.Emotion, c.Start, c.End))];

    public static GenericChart Chart(IReadOnlyList<Span> spans, string title) =>
        Plotly.NET.CSharp.Chart.Combine(spans.GroupBy(s => s.Emotion).Select(g =>
                Plotly.NET.CSharp.Chart.Line<double, string, string>(
                    g.SelectMany(s => new double[] { s.Start, s.End, double.NaN }).ToArray(),
                    g.SelectMany(s => new[] { s.Track, s.Track, s.Track }).ToArray(),
                    Name: g.Key, LineWidth: 18)))
            .Titled(title, "time (s)", "");
}

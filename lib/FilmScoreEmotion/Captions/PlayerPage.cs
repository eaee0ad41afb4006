using System.Net;
using System.Text;
using FilmScoreEmotion.Figures;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Captions;

/// <summary>A page that plays the soundtrack with its captions and shows the emotion timeline. The captions are
/// carried inside the page as a data: URL, because browsers refuse &lt;track&gt; files fetched from file:// pages;
/// plotly.js is the copy written beside the page, so it works offline.</summary>
public static class PlayerPage
{
    static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase) { ".mp4", ".m4v", ".webm", ".mkv", ".mov", ".ogv", ".avi" };

    /// <param name="mediaHref">the media file as the page should reference it (relative to the page)</param>
    /// <param name="probabilities">// (frames, classes): the classifier's output, one row per window</param>
    public static string Build(string title, string mediaHref, string webVtt, double[,] probabilities, IReadOnlyList<string> classNames, IReadOnlyList<Cue> cues, CaptionConfig config)
    {
        var isVideo = VideoExtensions.Contains(Path.GetExtension(mediaHref));
        var element = isVideo ? "video" : "audio";
        var track = "data:text/vtt;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(webVtt));
        var times = Enumerable.Range(0, probabilities.GetLength(0)).Select(t => t * config.HopSeconds + config.WindowSeconds / 2).ToArray();
        var lines = classNames.Select((name, c) =>
            Chart.Line<double, double, string>(times, Enumerable.Range(0, times.Length).Select(t => probabilities[t, c]).ToArray(), Name: name)
        );
        var chart = Chart.Combine(lines).Titled("Emotion probabilities over time (window centres)", "time (s)", "probability");
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.NewCDN(FigureExport.PlotlyJs)));
        var chartHtml = GenericChart.toChartHTML(Plotly.NET.Chart.withDisplayOptions(options).Invoke(chart));
        var cueRows = string.Concat(cues.Select(c =>
            $"<tr><td>{CaptionFormats.Timestamp(c.Start, '.')}</td><td>{CaptionFormats.Timestamp(c.End, '.')}</td><td>{WebUtility.HtmlEncode(c.Text)}</td><td>{c.Confidence:F2}</td></tr>"));
        var t = WebUtility.HtmlEncode(title);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{t}}: music emotion captions</title>
            <script src="{{FigureExport.PlotlyJs}}"></script>
            <style>body{font-family:sans-serif;margin:2em;max-width:1000px} video,audio{width:100%} table{border-collapse:collapse} td,th{padding:2px 10px;border-bottom:1px solid #ddd}</style>
            </head>
            <body>
            <h1>{{t}}</h1>
            <p>Captions of the music's emotional intent for deaf and hard-of-hearing viewers, made by <code>fse caption</code>.</p>
            <{{element}} id="player" controls preload="auto" src="{{WebUtility.HtmlEncode(mediaHref)}}">
            <track id="captions" kind="captions" srclang="en" label="Music emotion" default src="{{track}}">
            </{{element}}>
            <p id="current-cue" aria-live="polite"></p>
            {{chartHtml}}
            <h2>Cues</h2>
            <table><tr><th>start</th><th>end</th><th>caption</th><th>mean probability</th></tr>{{cueRows}}</table>
            <script>
            const player = document.getElementById('player');
            const track = document.getElementById('captions').track;
            track.mode = 'showing';
            track.addEventListener('cuechange', () => {
              const active = track.activeCues;
              document.getElementById('current-cue').textContent = active && active.length ? active[0].text : '';
            });
            </script>
            </body>
            </html>
            """;
    }
}

using System.Diagnostics;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.Tests.Foundation;
using Microsoft.Playwright;

namespace FilmScoreEmotion.Tests.Captions;

/// <summary>The player page in a real browser: Playwright drives Debian's chromium (nothing downloaded).</summary>
public sealed class PlayerPageBrowserTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-player-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public async Task TrackLoadsAndTheActiveCueFollowsSeeking()
    {
        SystemTools.Require(SystemTools.Chromium, SystemTools.Ffmpeg);
        var chromium = PngRender.FindChromium()!;
        var wav = Path.Combine(dir, "score.wav");
        using (var ffmpeg = Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=40", "-ac", "1", "-ar", "16000", wav])!)
            ffmpeg.WaitForExit();
        string[] classes = ["happiness", "sadness", "fear", "peacefulness"];
        var probs = new double[39, 4];
        for (int t = 0; t < 39; t++)
            for (int c = 0; c < 4; c++)
                probs[t, c] = (t < 20 ? c == 0 : c == 2) ? 0.85 : 0.05;
        var config = new CaptionConfig();
        var cues = CueBuilder.Build(probs, classes, 40, config);
        var html = PlayerPage.Build("Test score", "score.wav", CaptionFormats.ToWebVtt(cues), probs, classes, cues, config);
        var page = Path.Combine(dir, "score.html");
        File.WriteAllText(page, html);
        FigureExport.EnsurePlotlyJs(dir);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] });
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForFunctionAsync("() => { const t = document.getElementById('captions').track; return t.cues && t.cues.length > 0; }", null, new() { Timeout = 20000 });
        Assert.Equal(cues.Length, await tab.EvaluateAsync<int>("() => document.getElementById('captions').track.cues.length"));
        await tab.WaitForSelectorAsync(".main-svg", new() { Timeout = 20000 });

        await tab.EvaluateAsync("() => { document.getElementById('player').currentTime = 30; }");
        await tab.WaitForFunctionAsync("() => document.getElementById('current-cue').textContent.includes('fearful')", null, new() { Timeout = 20000 });
        await tab.EvaluateAsync("() => { document.getElementById('player').currentTime = 5; }");
        await tab.WaitForFunctionAsync("() => document.getElementById('current-cue').textContent.includes('joyful')", null, new() { Timeout = 20000 });
    }
}

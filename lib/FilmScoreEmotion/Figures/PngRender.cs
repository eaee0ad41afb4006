using System.Diagnostics;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Figures;

/// <summary>Static PNGs of saved figures through headless Chromium (Plotly.NET.ImageExport is not on the mirror).</summary>
public static class PngRender
{
    public static string? FindChromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Executables.Locate(name)).FirstOrDefault(path => path is not null);

    /// <summary>Renders an HTML file to a PNG of the given size and returns the PNG's path.</summary>
    public static string Render(string htmlPath, string pngPath, int width = 1000, int height = 620, string? chromium = null)
    {
        var exe = chromium ?? FindChromium() ?? throw new FileNotFoundException($"{htmlPath}: cannot render a PNG: chromium is not on PATH (apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("fse-chromium-");
        try
        {
            AtomicFile.WriteVia(pngPath, temporary => Screenshot(exe, profile.FullName, htmlPath, temporary, width, height));
            return pngPath;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    static void Screenshot(string exe, string profile, string htmlPath, string pngPath, int width, int height)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--hide-scrollbars",
            $"--window-size={width},{height}", "--virtual-time-budget=5000", $"--screenshot={pngPath}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{htmlPath}: chromium did not finish rendering in 60 s");
        }
        if (!File.Exists(pngPath))
            throw new InvalidOperationException($"{htmlPath}: chromium wrote no screenshot: {stderr.Result.Split('\n').FirstOrDefault()}");
    }
}

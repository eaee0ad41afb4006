using System.Text.Json;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Spectra;

public class BenchCommandTests
{
    [Fact]
    public void PrintsOneJsonObjectPerKernel()
    {
        var result = CliProcess.Run("bench", "spectra", "--batch", "2", "--seconds", "0.1", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = result.StdOut.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(new[] { "cqt_clips_per_s", "mel_clips_per_s", "stft_clips_per_s" }, lines.Select(l => l.GetProperty("name").GetString()));
        foreach (var line in lines)
        {
            Assert.Equal("clips/s", line.GetProperty("unit").GetString());
            Assert.Equal("cpu", line.GetProperty("device").GetString());
            Assert.True(line.GetProperty("value").GetDouble() > 0);
        }
    }

    [Fact]
    public void RejectsANonPositiveBatch()
    {
        var result = CliProcess.Run("bench", "spectra", "--batch", "0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--batch must be at least 1", result.StdErr);
    }

    [Fact]
    public void CorpusFeaturesTimesTheSmokeCorpusColdAndWarm()
    {
        var manifest = System.IO.Path.Combine(ReproduceScriptTests.RepoRoot(), "data", "synthetic-smoke", "manifest.csv");
        var result = CliProcess.Run("bench", "corpus-features", "--corpus", manifest, "--features", "mel");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var line = JsonDocument.Parse(result.StdOut.Trim()).RootElement;
        Assert.Equal("corpus_features_segments_per_s", line.GetProperty("name").GetString());
        Assert.Equal("mel", line.GetProperty("features").GetString());
        // the smoke corpus's 19 excerpts (223 s) hold 100 whole 2-s windows
        Assert.Equal(100, line.GetProperty("segments").GetInt64());
        Assert.True(line.GetProperty("cold_seconds").GetDouble() > 0 && line.GetProperty("warm_seconds").GetDouble() > 0);
    }

    [SkippableFact]
    public void DecodeTimesEachFormatInProcessAndThroughFfmpeg()
    {
        SystemTools.Require(SystemTools.Ffmpeg);
        var fixtures = System.IO.Path.GetDirectoryName(FilmScoreEmotion.Tests.Audio.CompressedDecodingTests.Fixture("chord.mp3"))!;
        var result = CliProcess.Run("bench", "decode", "--input", fixtures);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = result.StdOut.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            new[] { ("MP3", "NLayer 3.0.1"), ("MP3", "ffmpeg"), ("Ogg Vorbis", "NVorbis 0.10.5"), ("Ogg Vorbis", "ffmpeg") },
            lines.Select(l => (l.GetProperty("format").GetString()!, l.GetProperty("decoder").GetString()!)));
        Assert.All(lines, l => Assert.True(l.GetProperty("value").GetDouble() > 0));
        // The fixtures hold 2 + 1.5 s of MP3 and 2 s of Vorbis, decoded to 16 kHz either way.
        Assert.Equal(new[] { 3.5, 3.5, 2.0, 2.0 }, lines.Select(l => l.GetProperty("audio_s").GetDouble()));
    }
}

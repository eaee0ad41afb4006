using System.Diagnostics;
using System.Text.Json;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Foundation;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Captions;

/// <summary>`fse caption` end to end with a small model trained here, and each bad input it must refuse cleanly.</summary>
public sealed class CaptionCommandTests : IClassFixture<CaptionCommandTests.TinyModel>, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-caption-").FullName;
    readonly TinyModel tiny;

    public CaptionCommandTests(TinyModel tiny) => this.tiny = tiny;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A Cnn4 trained for one epoch on random CQT-shaped inputs: enough to exercise the pipeline.</summary>
    public sealed class TinyModel : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("fse-tiny-model-").FullName;
        public string Json => SavedModel.InfoPath(Folder, "tiny");

        public TinyModel()
        {
            torch.manual_seed(3);
            var x = torch.randn(24, 1, 84, 126);
            var data = new LabelledSegments(x, [.. Enumerable.Range(0, 24).Select(i => i % 4)], [.. Enumerable.Range(0, 24).Select(i => $"e{i % 8}")],
                [.. Enumerable.Range(0, 24).Select(i => $"e{i % 8}")], ["happiness", "sadness", "fear", "peacefulness"]);
            using var trained = Trainer.Fit(ModelKind.Cnn4, data, [.. Enumerable.Range(0, 24)], new TrainerConfig(MaxEpochs: 1, BatchSize: 8, ValidationFraction: 0), torch.CPU, "tiny");
            SavedModel.Save(Folder, "tiny", trained, "cqt", JsonSerializer.Serialize(new SpectrogramConfig()));
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    string Tone(string name, double seconds, string source = "sine=f=440")
    {
        SystemTools.Require(SystemTools.Ffmpeg);
        var path = Path.Combine(dir, name);
        using var p = Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", $"{source}:d={seconds}", "-ac", "1", "-ar", "22050", path])!;
        p.WaitForExit();
        return path;
    }

    [SkippableFact]
    public void CaptionsAnMp3WithValidWebVttSrtAndPage()
    {
        var mp3 = Tone("score.mp3", 30);
        var (vtt, srt, html) = (Path.Combine(dir, "s.vtt"), Path.Combine(dir, "s.srt"), Path.Combine(dir, "s.html"));
        var r = CliProcess.Run("caption", "--input", mp3, "--output", vtt, "--srt", srt, "--html", html, "--model", tiny.Json, "--min-confidence", "0", "--min-cue", "2");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var cues = CaptionFormats.ParseWebVtt(File.ReadAllText(vtt));
        Assert.NotEmpty(cues);
        Assert.All(cues, c => Assert.Matches(@"^♪ \[.+ music\] ♪$", c.Text));
        Assert.True(cues[^1].End <= 30.05);
        Assert.Equal(cues.Count, CaptionFormats.ParseSrt(File.ReadAllText(srt)).Count);
        Assert.Contains("<track id=\"captions\" kind=\"captions\"", File.ReadAllText(html));
        Assert.Contains("real time", r.StdOut);

        var bench = CliProcess.Run("bench", "caption", "--input", mp3, "--model", tiny.Json, "--device", "cpu");
        Assert.True(bench.ExitCode == 0, bench.StdErr);
        var line = System.Text.Json.Nodes.JsonNode.Parse(bench.StdOut.Trim())!;
        Assert.Equal("caption_realtime_factor", (string?)line["name"]);
        Assert.True((double)line["value"]! > 0);
        Assert.Equal(30.0, (double)line["audio_s"]!, 1);
    }

    void AssertRefused(CliProcess.Result r, string expected, string output)
    {
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.False(File.Exists(output), "no caption file is written for bad input");
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp"));
    }

    /// <summary>On a fresh checkout the first caption trains the caption model (here on the smoke corpus, to keep
    /// the test short), and the next caption reuses it.</summary>
    [SkippableFact]
    public void WithoutAModelTheFirstCaptionTrainsOneAndTheNextReusesIt()
    {
        var tone = Tone("first.wav", 8);
        var root = ReproduceScriptTests.RepoRoot();
        var env = new Dictionary<string, string>
        {
            ["FSE_CORPUS"] = Path.Combine(root, "data", "synthetic-smoke", "manifest.csv"),
            ["FSE_RESULTS"] = Path.Combine(dir, "results"),
            ["FSE_DATA"] = Path.Combine(dir, "data"),
        };
        var first = CliProcess.RunIn(root, env, "caption", "--input", tone, "--output", Path.Combine(dir, "first.vtt"), "--device", "cpu");
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("no caption model yet: training cnn4-cqt", first.StdErr);
        Assert.Contains("epoch 1:", first.StdErr);
        var model = Path.Combine(dir, "results", "models", "cnn4-cqt.json");
        Assert.True(File.Exists(model));
        var trained = File.GetLastWriteTimeUtc(model);

        var second = CliProcess.RunIn(root, env, "caption", "--input", tone, "--output", Path.Combine(dir, "second.vtt"), "--device", "cpu");
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.DoesNotContain("no caption model yet", second.StdErr);
        Assert.Equal(trained, File.GetLastWriteTimeUtc(model));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "first.vtt")), File.ReadAllText(Path.Combine(dir, "second.vtt")));
    }

    [SkippableFact]
    public void BadInputsAreRefusedWithOneLineAndNoOutput()
    {
        var vtt = Path.Combine(dir, "out.vtt");
        AssertRefused(CliProcess.Run("caption", "--input", Path.Combine(dir, "nope.mp4"), "--output", vtt, "--model", tiny.Json), "nope.mp4: file not found", vtt);

        var text = Path.Combine(dir, "notes.mp3");
        File.WriteAllText(text, "not audio at all");
        AssertRefused(CliProcess.Run("caption", "--input", text, "--output", vtt, "--model", tiny.Json), "notes.mp3", vtt);

        var truncated = Path.Combine(dir, "cut.mp3");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Tone("whole.mp3", 10))[..200]);
        AssertRefused(CliProcess.Run("caption", "--input", truncated, "--output", vtt, "--model", tiny.Json), "cut.mp3", vtt);

        AssertRefused(CliProcess.Run("caption", "--input", Tone("short.wav", 1.5), "--output", vtt, "--model", tiny.Json), "captioning needs at least 2 s", vtt);
        AssertRefused(CliProcess.Run("caption", "--input", Tone("quiet.wav", 8, "anullsrc=r=22050:cl=mono"), "--output", vtt, "--model", tiny.Json), "the audio is silent", vtt);

        var video = Path.Combine(dir, "silent-film.mp4");
        using (var p = Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=3", "-an", video])!)
            p.WaitForExit();
        AssertRefused(CliProcess.Run("caption", "--input", video, "--output", vtt, "--model", tiny.Json), "silent-film.mp4", vtt);

        var tone = Tone("tone.wav", 6);
        AssertRefused(CliProcess.Run("caption", "--input", tone, "--output", vtt, "--model", Path.Combine(dir, "missing.json")), "missing.json: saved model not found", vtt);
        var corrupt = Path.Combine(dir, "corrupt.json");
        File.WriteAllText(corrupt, "{ not json");
        AssertRefused(CliProcess.Run("caption", "--input", tone, "--output", vtt, "--model", corrupt), "corrupt.json", vtt);

        var info = JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(tiny.Json))!;
        File.WriteAllText(Path.Combine(dir, "mel.json"), JsonSerializer.Serialize(info with { Spectrogram = "mel" }));
        File.Copy(SavedModel.WeightsPath(tiny.Folder, "tiny"), SavedModel.WeightsPath(dir, "mel"));
        AssertRefused(CliProcess.Run("caption", "--input", tone, "--output", vtt, "--model", Path.Combine(dir, "mel.json")), "mel.json: Bins 84, but its mel parameters give 128", vtt);
    }
}

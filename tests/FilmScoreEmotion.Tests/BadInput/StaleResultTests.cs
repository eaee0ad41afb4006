using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>Issue #20's first row: an audio file fixed in place (same length, and here even the same modification
/// time) and `fse train` rerun into the same folder must train on the new audio, not reuse the old corpus's
/// checkpoints or feature index.</summary>
public sealed class StaleResultTests
{
    [Fact]
    public void AnAudioFileEditedInPlaceTrainsAfresh()
    {
        using var s = new Scratch();
        string[] emotions = ["happiness", "sadness", "fear", "peacefulness"];
        var rows = Enumerable.Range(0, 8).Select(i => $"e{i},test,{emotions[i % 4]},e{i}.wav,3").ToArray();
        s.Excerpts(3, [.. Enumerable.Range(0, 8).Select(i => $"e{i}.wav")]);
        var manifest = s.Manifest("excerptId,source,emotion,path,durationSec", rows);
        string[] Train(string output) =>
            ["train", "--corpus", manifest, "--model", "cnn4", "--features", "cqt", "--protocol", "grouped-kfold", "--folds", "2", "--epochs", "1", "--device", "cpu", "--output", output];
        CliProcess.Result Run(string output)
        {
            var r = CliProcess.RunIn(s.Root, null, TimeSpan.FromMinutes(5), Train(output));
            Assert.True(r.ExitCode == 0, r.StdErr);
            return r;
        }
        string Model(string output, string extension) => Convert.ToHexString(File.ReadAllBytes(Path.Combine(output, "models", "cnn4-cqt" + extension)));

        Run(s["same"]);
        var before = (Weights: Model(s["same"], ".weights"), Json: Model(s["same"], ".json"));

        var edited = s["corpus/e0.wav"];
        var modified = File.GetLastWriteTimeUtc(edited);
        var length = new FileInfo(edited).Length;
        WavWriter.WritePcm16(edited, BadInputFiles.Signal(3, 1760), 16000);
        File.SetLastWriteTimeUtc(edited, modified);
        Assert.Equal(length, new FileInfo(edited).Length);

        var again = Run(s["same"]);
        Assert.Contains("epoch 1", again.StdErr);
        Run(s["fresh"]);
        Assert.NotEqual(before.Weights, Model(s["same"], ".weights"));
        Assert.Equal(Model(s["fresh"], ".weights"), Model(s["same"], ".weights"));
        Assert.Equal(Model(s["fresh"], ".json"), Model(s["same"], ".json"));
    }
}

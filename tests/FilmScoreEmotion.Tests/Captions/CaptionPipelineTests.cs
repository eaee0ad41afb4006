using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Evaluation;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Captions;

/// <summary>The batched, multi-worker caption pipeline gives the probabilities of one batch of 64 windows on one
/// thread (the pipeline before #23), within float rounding: a window's spectrogram and prediction do not depend on
/// the windows classified beside it.</summary>
public sealed class CaptionPipelineTests : IClassFixture<CaptionCommandTests.TinyModel>, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-caption-pipeline-").FullName;
    readonly CaptionCommandTests.TinyModel tiny;

    public CaptionPipelineTests(CaptionCommandTests.TinyModel tiny) => this.tiny = tiny;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>93.5 s at 22.05 kHz: gliding tones under noise, a silent stretch, and a tail shorter than a window.</summary>
    string Score()
    {
        const int rate = 22050;
        var random = new Random(5);
        var samples = new float[(int)(93.5 * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)rate;
            var silent = t is > 30 and < 36;
            samples[i] = silent
                ? 0f
                : (float)(
                    0.3 * Math.Sin(2 * Math.PI * (220 + 8 * t) * t)
                    + 0.1 * Math.Sin(2 * Math.PI * 1320 * t) * Math.Sin(t)
                    + 0.02 * (random.NextDouble() - 0.5)
                );
        }
        var path = Path.Combine(dir, "score.wav");
        WavWriter.WritePcm16(path, samples, rate);
        return path;
    }

    [Fact]
    public void WorkersAndSmallBatchesGiveTheOneBatchProbabilities()
    {
        var path = Score();
        using var model = SavedModel.Load(tiny.Folder, "tiny", torch.CPU);
        var config = new CaptionConfig();
        var before = CaptionPipeline.Run(
            path,
            model,
            config,
            torch.CPU,
            batchWindows: 64,
            workers: 1
        );
        var now = CaptionPipeline.Run(path, model, config, torch.CPU, workers: 2);
        var odd = CaptionPipeline.Run(path, model, config, torch.CPU, batchWindows: 5, workers: 3);

        Assert.Equal(93, before.Probabilities.GetLength(0));
        Assert.Equal(before.SilentWindows, now.SilentWindows);
        Assert.Equal(before.SilentWindows, odd.SilentWindows);
        Assert.True(before.SilentWindows >= 4);
        foreach (var other in new[] { now, odd })
        {
            Assert.Equal(before.DurationSeconds, other.DurationSeconds);
            Assert.Equal(before.Probabilities.GetLength(0), other.Probabilities.GetLength(0));
            var largest = before
                .Probabilities.Cast<double>()
                .Zip(other.Probabilities.Cast<double>(), (a, b) => Math.Abs(a - b))
                .Max();
            // measured 3.0e-8 (a float32 rounding step of a probability near 0.5): convolutions of another batch size or
            // thread count may round differently
            Assert.True(largest <= 1e-6, $"largest probability difference {largest:E2}");
            Assert.Equal(before.Cues, other.Cues);
        }
    }

    [Fact]
    public void ABadFileStopsTheWorkersAndNamesTheFile()
    {
        var path = Path.Combine(dir, "broken.wav");
        File.WriteAllBytes(path, [.. "RIFF"u8, 1, 2, 3]);
        using var model = SavedModel.Load(tiny.Folder, "tiny", torch.CPU);
        var e = Assert.ThrowsAny<Exception>(() =>
            CaptionPipeline.Run(path, model, new CaptionConfig(), torch.CPU, workers: 2)
        );
        Assert.Contains("broken.wav", e.Message);
    }
}

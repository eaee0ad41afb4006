using System.Text.Json;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
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

    /// <summary>A model of two networks hears the audio once: each network's timeline from that one pass is the one it
    /// makes captioning alone, and the model's probabilities are their mean.</summary>
    [Fact]
    public void EachNetworkAloneIsReadFromTheOnePass()
    {
        var path = Score();
        var folder = Path.Combine(dir, "two");
        var networks = new[] { 3, 4 }
            .Select(seed =>
            {
                torch.manual_seed(seed);
                var x = torch.randn(24, 1, 84, 126);
                var data = new LabelledSegments(x, [.. Enumerable.Range(0, 24).Select(i => i % 4)], [.. Enumerable.Range(0, 24).Select(i => $"e{i % 8}")],
                    [.. Enumerable.Range(0, 24).Select(i => $"e{i % 8}")], ["happiness", "sadness", "fear", "peacefulness"]);
                return new ModelMember(Trainer.Fit(ModelKind.Cnn4, data, [.. Enumerable.Range(0, 24)], new TrainerConfig(MaxEpochs: 1, BatchSize: 8, ValidationFraction: 0), torch.CPU, "tiny"), seed);
            })
            .ToList();
        SavedModel.Save(folder, "two", networks, "cqt", JsonSerializer.Serialize(new SpectrogramConfig()));
        foreach (var n in networks)
            n.Trained.Dispose();
        using var model = SavedModel.Load(folder, "two", torch.CPU);
        var config = new CaptionConfig() with { MinConfidence = 0, MinCueSeconds = 1 };

        var timeline = CaptionPipeline.Run(path, model, config, torch.CPU, workers: 2);

        Assert.Equal(2, timeline.MemberProbabilities.Length);
        for (var m = 0; m < 2; m++)
        {
            var one = model with { Info = model.Info with { Members = [model.Info.Members[m]] }, Members = [model.Members[m]] };
            var expected = CaptionPipeline.Run(path, one, config, torch.CPU, workers: 2);
            var alone = timeline.Alone(m, config);
            Assert.True(Largest(expected.Probabilities, alone.Probabilities) <= 1e-6);
            Assert.Equal(expected.Cues, alone.Cues);
            Assert.Equal(timeline.Silent, alone.Silent);
        }
        var mean = new double[timeline.Probabilities.GetLength(0), timeline.Probabilities.GetLength(1)];
        for (var w = 0; w < mean.GetLength(0); w++)
            for (var c = 0; c < mean.GetLength(1); c++)
                mean[w, c] = (timeline.MemberProbabilities[0][w, c] + timeline.MemberProbabilities[1][w, c]) / 2;
        Assert.True(Largest(mean, timeline.Probabilities) <= 1e-6);
        Assert.True(Largest(timeline.MemberProbabilities[0], timeline.MemberProbabilities[1]) > 1e-3, "the two networks answer alike");
    }

    /// <summary>With a tonal expert the model's probabilities are its networks' fused with what the expert heard, silent
    /// windows left as they were; the settings can leave the expert out, and the timeline still gives the networks'
    /// own answer.</summary>
    [Fact]
    public void TheTonalExpertJoinsTheNetworksUnlessLeftOut()
    {
        var path = Score();
        using var model = SavedModel.Load(tiny.Folder, "tiny", torch.CPU);
        var classes = model.Info.ClassNames;
        var expert = new TonalContext.Expert(classes, [.. classes.Select((_, c) => new[] { c == 0 ? 4.0 : 0, c == 1 ? 4.0 : 0, 0 })], [.. classes.Select(_ => 1.0 / classes.Length)], TonalContext.ContextSeconds);
        var withExpert = model with { Info = model.Info with { Tonal = expert } };
        var config = new CaptionConfig { MinConfidence = 0, MinCueSeconds = 1 };

        var fused = CaptionPipeline.Run(path, withExpert, config, torch.CPU, workers: 2);
        var leftOut = CaptionPipeline.Run(path, withExpert, config with { TonalContext = false }, torch.CPU, workers: 2);
        var plain = CaptionPipeline.Run(path, model, config, torch.CPU, workers: 2);

        Assert.Null(plain.TonalEvidence);
        Assert.Null(leftOut.TonalEvidence);
        Assert.True(Largest(plain.Probabilities, leftOut.Probabilities) <= 1e-6);
        var evidence = fused.TonalEvidence!;
        Assert.True(Largest(TonalContext.Fuse(plain.Probabilities, evidence), fused.Probabilities) <= 1e-6);
        Assert.True(Largest(plain.Probabilities, fused.Probabilities) > 1e-2, "the expert changed nothing");
        Assert.All(Enumerable.Range(0, evidence.GetLength(0)).Where(w => fused.Silent[w]), w => Assert.All(Enumerable.Range(0, classes.Length), c => Assert.Equal(1, evidence[w, c])));
        var without = fused.WithoutTonalContext(config);
        Assert.True(Largest(plain.Probabilities, without.Probabilities) <= 1e-6);
        Assert.Equal(plain.Cues, without.Cues);
        Assert.True(Largest(fused.Probabilities, fused.Alone(0, config).Probabilities) <= 1e-6); // one network: alone, it is the model
        // what each window holds is heard with the expert or without it, from the networks' own input
        Assert.All(new[] { fused, leftOut, plain }, t =>
        {
            Assert.Equal(t.Silent.Length, t.Heard!.Cues.GetLength(0));
            Assert.Equal(t.Silent.Length, t.Heard.Chroma.GetLength(0));
            Assert.Equal(config.HopSeconds, t.Heard.HopSeconds);
        });
        Assert.Equal(fused.Heard!.Cues.Cast<double>(), plain.Heard!.Cues.Cast<double>());
        Assert.All(Enumerable.Range(0, plain.Silent.Length).Where(w => !plain.Silent[w]), w => Assert.True(plain.Heard!.Cues[w, 2] > 0, "a heard window lies somewhere above the lowest bin"));
    }

    static double Largest(double[,] a, double[,] b) => a.Cast<double>().Zip(b.Cast<double>(), (x, y) => Math.Abs(x - y)).Max();

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

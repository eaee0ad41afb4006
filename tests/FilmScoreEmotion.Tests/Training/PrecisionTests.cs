using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class PrecisionTests
{
    [Theory]
    [InlineData("fp32", Precision.Fp32)]
    [InlineData(" TF32", Precision.Tf32)]
    [InlineData("bf16", Precision.Bf16)]
    public void ParsesTheThreeNames(string text, Precision expected) => Assert.Equal(expected, Precisions.Parse(text));

    [Fact]
    public void AnUnknownPrecisionIsNamed() =>
        Assert.Equal("unknown precision 'fp16': use fp32, tf32, bf16", Assert.Throws<ArgumentException>(() => Precisions.Parse("fp16")).Message);

    /// Run ids and checkpoints made before the setting existed must stay valid: fp32 adds nothing to the fingerprint.
    [Fact]
    public void TheDefaultPrecisionLeavesTheFingerprintAsItWas()
    {
        Assert.Equal("lr=0.001;batch=32;epochs=30;patience=5;val=0.1;seed=0", new TrainerConfig().Fingerprint);
        Assert.EndsWith(";precision=bf16", new TrainerConfig { Precision = Precision.Bf16 }.Fingerprint);
        Assert.NotEqual(new TrainerConfig().Fingerprint, new TrainerConfig { Precision = Precision.Tf32 }.Fingerprint);
    }

    /// bf16 trains the network in bfloat16 and hands it back in float32, so prediction and saving work as for fp32.
    [Fact]
    public void Bf16TrainsAndHandsBackAFloat32Network()
    {
        var data = SyntheticSegments.Blobs(excerptsPerClass: 3, segmentsPerExcerpt: 4);
        var fold = Protocols.GroupedSplit(data.Labels, data.ExcerptIds, 1, 0.25, seed: 0)[0];
        var config = new TrainerConfig { MaxEpochs = 2, Patience = 2, BatchSize = 8, Precision = Precision.Bf16 };
        using var trained = Trainer.Fit(ModelKind.Basic, data, fold.Train, config, torch.CPU, "bf16");
        Assert.All(trained.Network.parameters(), p => Assert.Equal(torch.ScalarType.Float32, p.dtype));
        Assert.All(trained.History, h => Assert.True(double.IsFinite(h.Loss) && double.IsFinite(h.ValidationLoss)));
        var predicted = GridRunner.Predict(trained, data, fold.Test, 16, torch.CPU);
        Assert.Equal(fold.Test.Length, predicted.Length);
    }
}

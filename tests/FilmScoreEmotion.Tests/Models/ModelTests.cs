using FilmScoreEmotion.Models;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Models;

public class ModelTests
{
    /// Output shapes and parameter counts of every layer of lib/build/pytorch_basic_cnn.py at 84 x 63 (4 classes),
    /// printed by running that file's model in PyTorch 1.13: the same network, so speeds compare like for like.
    static readonly (string Name, long[] Shape, long Parameters)[] PyTorchBasic84x63 =
    [
        ("conv1", [1, 32, 84, 63], 320), ("bn1", [1, 32, 84, 63], 64), ("relu1", [1, 32, 84, 63], 0),
        ("conv2", [1, 32, 84, 63], 9248), ("bn2", [1, 32, 84, 63], 64), ("relu2", [1, 32, 84, 63], 0), ("pool2", [1, 32, 42, 31], 0),
        ("conv3", [1, 64, 42, 31], 18496), ("bn3", [1, 64, 42, 31], 128), ("relu3", [1, 64, 42, 31], 0),
        ("conv4", [1, 64, 42, 31], 36928), ("bn4", [1, 64, 42, 31], 128), ("relu4", [1, 64, 42, 31], 0), ("pool4", [1, 64, 21, 15], 0),
        ("conv5", [1, 128, 21, 15], 73856), ("bn5", [1, 128, 21, 15], 256), ("relu5", [1, 128, 21, 15], 0), ("pool5", [1, 128, 10, 7], 0),
        ("flatten", [1, 8960], 0), ("dense300", [1, 300], 2688300), ("relu_d1", [1, 300], 0), ("dropout1", [1, 300], 0),
        ("dense150", [1, 150], 45150), ("relu_d2", [1, 150], 0), ("dropout2", [1, 150], 0), ("logits", [1, 4], 604),
    ];

    [Fact]
    public void BasicCnnMatchesThePyTorchReferenceLayerByLayer()
    {
        using var reference = BasicCnn.Create(84, 63, 4, widths: BasicCnn.ReferenceWidths);
        var summary = ModelSummary.Of("basic", reference, 84, 63);
        Assert.Equal(PyTorchBasic84x63.Select(l => l.Name), summary.Layers.Select(l => l.Name));
        Assert.Equal(PyTorchBasic84x63.Select(l => l.Shape), summary.Layers.Select(l => l.OutputShape));
        Assert.Equal(PyTorchBasic84x63.Select(l => l.Parameters), summary.Layers.Select(l => l.Parameters));
        Assert.Equal(2873542, summary.TotalParameters);
    }

    [Theory]
    [InlineData(ModelKind.Basic, 84, 126)]
    [InlineData(ModelKind.Cnn4, 84, 126)]
    [InlineData(ModelKind.Cnn3, 128, 126)]
    [InlineData(ModelKind.Cnn4Res, 257, 126)]
    [InlineData(ModelKind.Cnn4Inception, 84, 126)]
    [InlineData(ModelKind.Cnn4, 5, 9)]
    public void EveryModelMapsABatchToOneLogitPerClass(ModelKind kind, int bins, int frames)
    {
        using var scope = torch.NewDisposeScope();
        var classes = kind == ModelKind.Cnn3 ? 3 : 4;
        var model = ModelCatalog.Create(kind, bins, frames, classes);
        model.train();
        var logits = model.forward(torch.randn(3, 1, bins, frames));
        Assert.Equal(new long[] { 3, classes }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    /// An 84-bin CQT halves only six times; the seventh pooling must leave the bins axis at 1 instead of 0.
    [Fact]
    public void ShortChunkPoolingStopsHalvingAnAxisOfOne()
    {
        var summary = ModelSummary.Of(ModelKind.Cnn4, 84, 126, 4);
        var convShapes = summary.Layers.Where(l => l.Name.StartsWith("layer")).Select(l => (l.OutputShape[2], l.OutputShape[3])).ToArray();
        Assert.Equal(new (long, long)[] { (42, 63), (21, 31), (10, 15), (5, 7), (2, 3), (1, 1), (1, 1) }, convShapes);
        Assert.Equal(new long[] { 1, 4 }, summary.Layers[^1].OutputShape);
    }

    [Fact]
    public void VariantsKeepCnn4sWidths()
    {
        var widths = (ModelKind k) => ModelSummary.Of(k, 84, 126, 4).Layers.Where(l => l.Name.StartsWith("layer")).Select(l => l.OutputShape[1]).ToArray();
        Assert.Equal(widths(ModelKind.Cnn4), widths(ModelKind.Cnn4Res));
        Assert.Equal(widths(ModelKind.Cnn4), widths(ModelKind.Cnn4Inception));
        Assert.True(ModelSummary.Of(ModelKind.Cnn4Res, 84, 126, 4).TotalParameters > ModelSummary.Of(ModelKind.Cnn4, 84, 126, 4).TotalParameters);
    }

    [Theory]
    [InlineData(ModelKind.Basic, 7, 100, "at least 8 x 8")]
    [InlineData(ModelKind.Cnn4, 84, 3, "at least 4 x 4")]
    public void TooSmallASpectrogramIsAnErrorNamingTheMinimum(ModelKind kind, int bins, int frames, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Create(kind, bins, frames, 4));
        Assert.Contains(expected, e.Message);
        Assert.Contains($"{bins} bins x {frames} frames", e.Message);
    }

    [Fact]
    public void ModelNamesRoundTripAndUnknownNamesAreErrors()
    {
        foreach (var kind in ModelCatalog.All)
            Assert.Equal(kind, ModelCatalog.Parse(ModelCatalog.Name(kind)));
        Assert.Contains("cnn4inception", Assert.Throws<ArgumentException>(() => ModelCatalog.Parse("resnet50")).Message);
    }
}

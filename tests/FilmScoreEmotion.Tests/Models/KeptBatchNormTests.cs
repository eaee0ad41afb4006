using FilmScoreEmotion.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Models;

public class KeptBatchNormTests
{
    /// Ours is TorchSharp's BatchNorm to the bit: the same outputs and gradients in training and evaluation, the same
    /// running statistics and batch count after several training batches, and the same state-dict and type names, so
    /// weights saved by either load into the other and the networks' fingerprints stay as they were.
    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void ItIsTorchSharpsBatchNormWithTheSameStateNames(int dimensions)
    {
        using var scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> kept = dimensions == 4 ? new BatchNorm2d(3) : new BatchNorm1d(3);
        using nn.Module<Tensor, Tensor> stock = dimensions == 4 ? nn.BatchNorm2d(3) : nn.BatchNorm1d(3);
        Assert.Equal(stock.state_dict().Keys.Order(), kept.state_dict().Keys.Order());
        Assert.Equal(stock.GetType().Name, kept.GetType().Name); // what ModelSummary.Fingerprint records
        var generator = new Generator(5);
        long[] shape = dimensions == 4 ? [6, 3, 5, 4] : [6, 3]; // (batch, channels, bins, frames) or (batch, features)
        foreach (var training in new[] { true, true, true, false })
        {
            kept.train(training);
            stock.train(training);
            var x = torch.randn(shape, generator: generator);
            var (a, b) = (x.clone().requires_grad_(), x.clone().requires_grad_());
            var (outKept, outStock) = (kept.call(a), stock.call(b));
            Assert.True(outKept.allclose(outStock, rtol: 0, atol: 0));
            outKept.mul(outKept).sum().backward();
            outStock.mul(outStock).sum().backward();
            Assert.True(a.grad!.allclose(b.grad!, rtol: 0, atol: 0));
        }
        foreach (var (name, buffer) in stock.state_dict())
            Assert.True(kept.state_dict()[name].allclose(buffer, rtol: 0, atol: 0), name);
        Assert.Equal(3, kept.state_dict()["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void AnInputOfTheWrongRankIsRefused()
    {
        using var norm = new BatchNorm2d(3);
        Assert.Contains("expected 4D input", Assert.Throws<ArgumentException>(() => norm.call(torch.zeros(2, 3))).Message);
    }
}

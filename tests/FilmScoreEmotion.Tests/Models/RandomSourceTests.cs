using FilmScoreEmotion.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Models;

public class RandomSourceTests
{
    [Fact]
    public void DropoutKeepsTheExpectedMeanAndDropsAboutP()
    {
        using var scope = torch.NewDisposeScope();
        using var random = new Generator(3, torch.CPU);
        var dropout = new GeneratorDropout(0.5, random);
        dropout.train();
        var y = dropout.forward(torch.ones(200_000));
        var dropped = y.eq(0).to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(dropped, 0.49, 0.51); // binomial sd 0.0011 at n = 200,000
        Assert.InRange(y.mean().item<float>(), 0.98, 1.02); // inverted dropout: survivors are scaled by 1 / (1 - p)
        Assert.True(y.eq(0).logical_or(y.eq(2)).all().item<bool>());
    }

    [Fact]
    public void DropoutMasksFollowTheirGeneratorOnlyAndEvaluationIsIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1000);
        Tensor Draw(long seed, long globalSeed)
        {
            torch.manual_seed(globalSeed);
            using var random = new Generator((ulong)seed, torch.CPU);
            var dropout = new GeneratorDropout(0.3, random);
            dropout.train();
            return dropout.forward(x);
        }
        Assert.True(Draw(7, 1).equal(Draw(7, 2)).all().item<bool>(), "same generator seed, other global seed: same mask");
        Assert.False(Draw(7, 1).equal(Draw(8, 1)).all().item<bool>(), "other generator seed: other mask");
        var eval = new GeneratorDropout(0.3, null);
        eval.eval();
        Assert.True(eval.forward(x).equal(x).all().item<bool>());
    }

    [Fact]
    public void RedrawnWeightsArePyTorchsDefaultBoundsAndFollowTheSeed()
    {
        using var scope = torch.NewDisposeScope();
        Sequential Drawn(ulong seed, long globalSeed)
        {
            torch.manual_seed(globalSeed);
            var model = ModelCatalog.Create(ModelKind.Cnn4Res, 32, 32, 4);
            using var random = new Generator(seed, torch.CPU);
            Initialisation.Redraw(model, random);
            return model;
        }
        var a = Drawn(1, 10);
        var b = Drawn(1, 20);
        var c = Drawn(2, 10);
        var (pa, pb, pc) = (a.parameters().ToArray(), b.parameters().ToArray(), c.parameters().ToArray());
        Assert.All(pa.Zip(pb), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        Assert.Contains(pa.Zip(pc), p => !p.First.equal(p.Second).all().item<bool>());
        foreach (var (_, layer) in a.named_modules())
        {
            if (layer is not Conv2d conv)
                continue;
            var fanIn = conv.weight!.numel() / conv.weight.shape[0];
            var bound = 1 / Math.Sqrt(fanIn);
            Assert.True(conv.weight.abs().max().item<float>() <= bound + 1e-6);
            if (conv.weight.numel() >= 5000) // a uniform on [-b, b] has sd b / sqrt(3)
                Assert.InRange(conv.weight.std().item<float>() / (bound / Math.Sqrt(3)), 0.95, 1.05);
        }
    }
}

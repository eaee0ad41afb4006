using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Foundation;

public class TorchSharpTests
{
    /// Central differences in float64 agree with autograd to about 1e-8; 1e-6 leaves room without hiding a wrong gradient.
    [Fact]
    public void Conv2dBackwardMatchesNumericalGradient()
    {
        torch.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        var conv = nn.Conv2d(2, 3, kernel_size: 3, padding: 1).to(ScalarType.Float64);
        var x = torch.randn(new long[] { 2, 2, 5, 6 }, dtype: ScalarType.Float64).requires_grad_(true);
        var loss = conv.forward(x).pow(2).sum();
        loss.backward();
        var grad = x.grad!.clone();
        Assert.Equal(new long[] { 2, 3, 5, 6 }, conv.forward(x).shape);

        const double h = 1e-5;
        using var noGrad = torch.no_grad();
        var flat = x.detach().clone().reshape(-1);
        foreach (var i in new[] { 0L, 7L, 23L, 41L, 59L, 119L })
        {
            var plus = flat.clone();
            plus[i] += h;
            var minus = flat.clone();
            minus[i] -= h;
            var fPlus = conv.forward(plus.reshape(x.shape)).pow(2).sum().item<double>();
            var fMinus = conv.forward(minus.reshape(x.shape)).pow(2).sum().item<double>();
            var numeric = (fPlus - fMinus) / (2 * h);
            var analytic = grad.reshape(-1)[i].item<double>();
            Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(analytic)), $"element {i}: numeric {numeric}, autograd {analytic}");
        }
    }

    [Fact]
    public void WeightGradientsFlowThroughConv2d()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        var conv = nn.Conv2d(1, 4, kernel_size: 3);
        conv.forward(torch.randn(3, 1, 8, 8)).mean().backward();
        Assert.NotNull(conv.weight!.grad);
        Assert.True(conv.weight.grad!.abs().sum().item<float>() > 0);
    }
}

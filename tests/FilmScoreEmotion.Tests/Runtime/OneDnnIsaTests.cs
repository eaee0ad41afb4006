using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Tests.Foundation;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Runtime;

public class OneDnnIsaTests
{
    static string? UserChoice => Environment.GetEnvironmentVariable(OneDnnIsa.NewVariable) ?? Environment.GetEnvironmentVariable(OneDnnIsa.Variable);

    /// The cap is in the native environment, where oneDNN reads it, as soon as the library is loaded; a user's own
    /// choice is left as it is.
    [Fact]
    public void TheCapReachesTheNativeEnvironmentUnlessTheUserChoseOne()
    {
        var expected = Environment.GetEnvironmentVariable(OneDnnIsa.NewVariable) is null ? UserChoice ?? OneDnnIsa.Cap : Environment.GetEnvironmentVariable(OneDnnIsa.Variable);
        Assert.Equal(expected, OneDnnIsa.NativeValue(OneDnnIsa.Variable));
        Assert.StartsWith(UserChoice is null ? "AVX2 (set by fse" : $"{UserChoice} (from the environment)", OneDnnIsa.Describe());
    }

    /// The failure the cap prevents: the basic network's 8-channel convolutions on a 257-bin STFT batch, whose backward
    /// pass filled the first layer's gradients with NaN now and then under oneDNN's AVX-512 kernels.
    [Fact]
    public void TheBasicNetworksGradientsStayFinite()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        using var model = BasicCnn.Create(257, 126, 4);
        model.train();
        var x = torch.randn(8, 1, 257, 126); // (batch, 1, bins, frames)
        var y = torch.tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var nonFinite = new List<string>();
        for (var step = 0; step < 24; step++)
        {
            model.zero_grad();
            nn.functional.cross_entropy(model.forward(x), y).backward();
            nonFinite.AddRange(model.named_parameters().Where(p => !p.parameter.grad!.isfinite().all().item<bool>()).Select(p => $"step {step}: {p.name}"));
        }
        Assert.Empty(nonFinite);
    }

    [Fact]
    public void InfoNamesTheCap()
    {
        var r = CliProcess.Run("info", "--device", "cpu");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"oneDNN ISA          {OneDnnIsa.Describe()}", r.StdOut);
    }
}

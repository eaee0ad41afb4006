using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>Inverted dropout like nn.Dropout, but drawing its masks from the run's own generator rather than libtorch's
/// global one: runs trained side by side on threads would otherwise interleave their draws, and no run would be the
/// same as when trained alone. Without a generator it draws from the global one, as nn.Dropout does.</summary>
public sealed class GeneratorDropout : nn.Module<Tensor, Tensor>
{
    readonly double p;
    readonly Scalar keepFraction;
    readonly Generator? generator;

    public GeneratorDropout(double p, Generator? generator)
        : base(nameof(GeneratorDropout))
    {
        if (p is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
        this.p = p;
        keepFraction = 1 - p; // held by the module, so no call ever gets a Scalar the GC may free: see Runtime.KeptScalars
        this.generator = generator;
    }

    public override Tensor forward(Tensor input) // same shape in and out
    {
        if (!training || p == 0)
            return input.alias();
        using var scope = torch.NewDisposeScope();
        var keep = torch.empty_like(input).bernoulli_(1 - p, generator).div_(keepFraction);
        return (input * keep).MoveToOuterDisposeScope();
    }
}

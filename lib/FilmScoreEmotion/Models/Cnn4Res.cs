using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's "CNN + ResNet" variant: CNN-4 with its convolution layers "replaced with ResNet blocks,
/// maintaining the same number of filters and size". The paper shows no block; this one is the basic block of
/// Won et al.'s short-chunk ResNet (conv 3x3, BatchNorm, ReLU, conv 3x3, BatchNorm, plus the input through a 1x1
/// convolution and BatchNorm where the width changes, ReLU), followed by the same guarded 2x2 max pooling as Cnn4.</summary>
public static class Cnn4Res
{
    public static Sequential Create(int bins, int frames, int classes = 4, Generator? dropoutRandom = null) =>
        ShortChunk.Build("cnn4res", bins, frames, classes, (_, inChannels, outChannels, kernel) =>
            nn.Sequential(("residual", new ResidualBlock(inChannels, outChannels)), ("pool", ShortChunk.Pool(kernel))), dropoutRandom);
}

/// <summary>Two 3x3 convolutions with a skip connection; the output has the input's spatial size.</summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Sequential? projection;

    public ResidualBlock(int inChannels, int outChannels)
        : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        bn2 = nn.BatchNorm2d(outChannels);
        projection = inChannels == outChannels
            ? null
            : nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels, 1)), ("bn", nn.BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) // (batch, in, bins, frames) -> (batch, out, bins, frames)
    {
        using var scope = torch.NewDisposeScope();
        var main = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
        var skip = projection?.forward(input) ?? input;
        return nn.functional.relu(main + skip).MoveToOuterDisposeScope();
    }
}

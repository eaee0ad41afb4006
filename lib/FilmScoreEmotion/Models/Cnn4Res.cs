using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's "CNN + ResNet" variant: CNN-4 with its convolution layers "replaced with ResNet blocks,
/// maintaining the same number of filters and size". The paper shows no block; this one is Won et al.'s short-chunk
/// ResNet block (<c>Res_2d</c>): a 3x3 convolution with stride 2, BatchNorm, ReLU, a 3x3 convolution, BatchNorm, plus
/// the input through a strided 3x3 convolution and BatchNorm, ReLU. The stride takes the place of Cnn4's max pooling
/// and is guarded the same way (1 along an axis already at 1), so the layers keep Cnn4's widths and halvings.</summary>
public static class Cnn4Res
{
    public static Sequential Create(int bins, int frames, int classes = 4, Generator? dropoutRandom = null) =>
        ShortChunk.Build("cnn4res", bins, frames, classes, (_, inChannels, outChannels, stride) => new ResidualBlock(inChannels, outChannels, stride), dropoutRandom);
}

/// <summary>Two 3x3 convolutions, the first strided, with a skip connection that is strided and projected to the
/// new width where the shape changes.</summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Sequential? projection;

    public ResidualBlock(int inChannels, int outChannels, (long Bins, long Frames) stride)
        : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: (3, 3), stride: stride, padding: (1, 1));
        bn1 = new BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        bn2 = new BatchNorm2d(outChannels);
        projection = inChannels == outChannels && stride == (1, 1)
            ? null
            : nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels, kernel_size: (3, 3), stride: stride, padding: (1, 1))), ("bn", new BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) // (batch, in, bins, frames) -> (batch, out, ceil(bins / stride), ceil(frames / stride))
    {
        using var scope = torch.NewDisposeScope();
        var main = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
        var skip = projection?.forward(input) ?? input;
        return nn.functional.relu(main.add(skip, Runtime.KeptScalars.One)).MoveToOuterDisposeScope();
    }
}

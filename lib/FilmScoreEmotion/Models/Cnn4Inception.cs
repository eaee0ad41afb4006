using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's "CNN + Inception" variant: CNN-4 whose first convolutional layer is replaced by "parallel
/// convolutions with varying filter sizes". The paper does not give the sizes or widths; we use 1x1, 3x3 and 5x5
/// paths (the sizes of GoogLeNet's inception module) of a quarter, a half and a quarter of the first layer's width,
/// concatenated so the rest of the network (Cnn4 from layer 2 on) is unchanged.</summary>
public static class Cnn4Inception
{
    public static Sequential Create(int bins, int frames, int classes = 4, Generator? dropoutRandom = null) =>
        ShortChunk.Build("cnn4inception", bins, frames, classes, (layer, inChannels, outChannels, kernel) =>
            layer == 0
                ? nn.Sequential(
                    ("inception", new InceptionStem(inChannels, outChannels)),
                    ("bn", new BatchNorm2d(outChannels)),
                    ("relu", nn.ReLU()),
                    ("pool", ShortChunk.Pool(kernel)))
                : ShortChunk.ConvBlock(inChannels, outChannels, kernel), dropoutRandom);
}

/// <summary>1x1, 3x3 and 5x5 convolutions side by side, padded to keep the spatial size, concatenated on channels.</summary>
public sealed class InceptionStem : nn.Module<Tensor, Tensor>
{
    readonly Conv2d path1;
    readonly Conv2d path3;
    readonly Conv2d path5;

    public InceptionStem(int inChannels, int outChannels)
        : base(nameof(InceptionStem))
    {
        var quarter = outChannels / 4;
        path1 = nn.Conv2d(inChannels, quarter, 1);
        path3 = nn.Conv2d(inChannels, outChannels - 2 * quarter, 3, padding: 1);
        path5 = nn.Conv2d(inChannels, quarter, 5, padding: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => // (batch, in, bins, frames) -> (batch, out, bins, frames)
        torch.cat([path1.forward(input), path3.forward(input), path5.forward(input)], dim: 1);
}

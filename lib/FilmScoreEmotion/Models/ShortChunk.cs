using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>What Cnn4 and its variants share with Won et al. (2020), "Evaluation of CNN-based automatic music tagging
/// models", short-chunk CNN: every 3x3 convolution is followed by BatchNorm, ReLU and a 2x2 max pooling; a global max
/// pooling over what is left; a dense head (dense, BatchNorm, ReLU, dropout 0.5, dense to the classes).
/// Won et al. use seven convolutions of widths c, c, 2c, 2c, 2c, 2c, 4c with c = 128 on 128-band mel inputs of 3.7 s;
/// we keep the pattern with c = 32 so that the whole 5 x 3 grid trains on two CPU cores (the paper gives no widths).
/// Their inputs halve seven times; a CQT of 84 x 126 halves only six times along bins, so a pooling step halves an axis
/// only while it is at least 2 long (a 1 x 2 or 2 x 1 pooling otherwise), which keeps every layer of the same network
/// valid for STFT, Mel and CQT inputs alike.</summary>
public static class ShortChunk
{
    public const int BaseChannels = 32;
    public static readonly int[] Widths = [BaseChannels, BaseChannels, 2 * BaseChannels, 2 * BaseChannels, 2 * BaseChannels, 2 * BaseChannels, 4 * BaseChannels];

    /// <summary>Two poolings per axis at least, so time and frequency are both summarised before the global pooling.</summary>
    public const int MinBins = 4;
    public const int MinFrames = 4;

    /// <summary>The pooling kernel for the current (bins, frames) and the size after it.</summary>
    public static ((long, long) Kernel, int Bins, int Frames) GuardedPool(int bins, int frames)
    {
        var kb = bins >= 2 ? 2 : 1;
        var kf = frames >= 2 ? 2 : 1;
        return ((kb, kf), bins / kb, frames / kf);
    }

    public static MaxPool2d Pool((long, long) kernel) => nn.MaxPool2d(kernel_size: kernel, stride: kernel);

    /// <summary>Global max pooling then Won et al.'s head.</summary>
    public static IEnumerable<(string, nn.Module<Tensor, Tensor>)> Head(int channels, int classes, Generator? dropoutRandom) =>
        [
            ("global_max", nn.AdaptiveMaxPool2d(new long[] { 1, 1 })),
            ("flatten", nn.Flatten()),
            ("dense", nn.Linear(channels, channels)),
            ("bn_dense", new BatchNorm1d(channels)),
            ("relu_dense", nn.ReLU()),
            ("dropout", new GeneratorDropout(0.5, dropoutRandom)),
            ("logits", nn.Linear(channels, classes)),
        ];

    /// <summary>conv 3x3, BatchNorm, ReLU, guarded max pool: one layer of the plain network, as one named block.</summary>
    public static Sequential ConvBlock(int inChannels, int outChannels, (long, long) poolKernel) =>
        nn.Sequential(
            ("conv", nn.Conv2d(inChannels, outChannels, 3, padding: 1)),
            ("bn", new BatchNorm2d(outChannels)),
            ("relu", nn.ReLU()),
            ("pool", Pool(poolKernel))
        );

    /// <summary>Builds the seven-layer stack with <paramref name="layer"/> making layer i from its in/out widths and
    /// pool kernel (layer 0 gets 1 input channel), then the head.</summary>
    public static Sequential Build(
        string model,
        int bins,
        int frames,
        int classes,
        Func<int, int, int, (long, long), nn.Module<Tensor, Tensor>> layer,
        Generator? dropoutRandom)
    {
        ModelCatalog.RequireInput(model, bins, frames, MinBins, MinFrames, "two 2x2 poolings per axis");
        ModelCatalog.RequireClasses(model, classes);
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = 1;
        for (var i = 0; i < Widths.Length; i++)
        {
            var (kernel, b, f) = GuardedPool(bins, frames);
            blocks.Add(($"layer{i + 1}", layer(i, inChannels, Widths[i], kernel)));
            (bins, frames, inChannels) = (b, f, Widths[i]);
        }
        blocks.AddRange(Head(inChannels, classes, dropoutRandom));
        return nn.Sequential(blocks);
    }
}

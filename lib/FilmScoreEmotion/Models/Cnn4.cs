using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's CNN-4 (its Fig 3): "a standard CNN architecture" after [17], which is Won et al.'s short-chunk
/// CNN; the paper says only that it has about eight convolutional layers with 3x3 filters, BatchNorm, ReLU and 2x2 max
/// pooling. Everything else follows Won et al. (see <see cref="ShortChunk"/>): seven conv layers, global max pooling,
/// dense head.</summary>
public static class Cnn4
{
    public static Sequential Create(int bins, int frames, int classes = 4, Generator? dropoutRandom = null) =>
        ShortChunk.Build("cnn4", bins, frames, classes, (_, inChannels, outChannels, kernel) => ShortChunk.ConvBlock(inChannels, outChannels, kernel), dropoutRandom);
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's CNN-3: CNN-4's architecture trained on happiness, sadness and fear only (peacefulness dropped,
/// see <see cref="ModelCatalog.ClassesKept"/>).</summary>
public static class Cnn3
{
    public static Sequential Create(int bins, int frames, int classes = 3, Generator? dropoutRandom = null) =>
        ShortChunk.Build("cnn3", bins, frames, classes, (_, inChannels, outChannels, kernel) => ShortChunk.ConvBlock(inChannels, outChannels, kernel), dropoutRandom);
}

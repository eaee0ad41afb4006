using TorchSharp.Modules;
using static TorchSharp.torch;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Models;

/// <summary>The five networks of the paper, as the command line and the results tables name them.</summary>
public enum ModelKind
{
    Basic,
    Cnn4,
    Cnn3,
    Cnn4Res,
    Cnn4Inception,
}

public static class ModelCatalog
{
    public static readonly IReadOnlyList<ModelKind> All = Enum.GetValues<ModelKind>();

    public static string Name(ModelKind kind) => EnumNames.Lower(kind);

    public static ModelKind Parse(string text) => EnumNames.Parse<ModelKind>(text, Name, "model");

    /// <summary>Cnn3 drops peacefulness (the paper's CNN-3 classifies happiness, sadness and fear); the others keep all four.</summary>
    public static IReadOnlyList<string>? ClassesKept(ModelKind kind) =>
        kind == ModelKind.Cnn3 ? ["happiness", "sadness", "fear"] : null;

    /// <summary>A freshly initialised network for (batch, 1, bins, frames) inputs whose dropout draws from
    /// <paramref name="dropoutRandom"/> (libtorch's global generator when null); throws when the input is smaller
    /// than the model's pooling needs.</summary>
    public static Sequential Create(ModelKind kind, int bins, int frames, int classes, Generator? dropoutRandom = null) =>
        kind switch
        {
            ModelKind.Basic => BasicCnn.Create(bins, frames, classes, dropoutRandom),
            ModelKind.Cnn4 => Cnn4.Create(bins, frames, classes, dropoutRandom),
            ModelKind.Cnn3 => Cnn3.Create(bins, frames, classes, dropoutRandom),
            ModelKind.Cnn4Res => Cnn4Res.Create(bins, frames, classes, dropoutRandom),
            ModelKind.Cnn4Inception => Cnn4Inception.Create(bins, frames, classes, dropoutRandom),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
        };

    internal static void RequireInput(string model, int bins, int frames, int minBins, int minFrames, string why)
    {
        if (bins < minBins || frames < minFrames)
            throw new ArgumentException(
                $"spectrogram of {bins} bins x {frames} frames is too small for {model}: it needs at least {minBins} x {minFrames} ({why})");
    }

    internal static void RequireClasses(string model, int classes)
    {
        if (classes < 2)
            throw new ArgumentException($"{model} needs at least 2 classes, got {classes}");
    }
}

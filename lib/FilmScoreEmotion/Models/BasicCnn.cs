using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's first model (its Fig 2): five 3x3 convolutions with BatchNorm and ReLU, 2x2 max pooling
/// "after every two convolutions", flatten, dense 300 and 150 with ReLU and dropout, softmax output.
/// The paper gives no channel widths. The experiments use 8, 8, 16, 16, 32 (<see cref="Widths"/>), a quarter of the
/// PyTorch reference's 32, 32, 64, 64, 128 (<see cref="ReferenceWidths"/>, lib/build/pytorch_basic_cnn.py, the network
/// of the speed comparison). Measured on 2 CPU cores: the reference widths train at about 8 samples/s on the 257-bin
/// STFT, and at half of them an STFT run of the default profile still took about 40 s an epoch for 20 epochs under
/// load, too slow for every run to reach early stopping within the hour; a quarter of the widths is about a sixteenth
/// of the convolution work. Pooling follows convolutions 2, 4 and 5 in both.
/// The output is logits: the softmax lives in the cross-entropy loss and in prediction. Dropout draws from
/// <paramref name="dropoutRandom"/> (see <see cref="GeneratorDropout"/>).</summary>
public static class BasicCnn
{
    public const int MinBins = 8;
    public const int MinFrames = 8;
    public static readonly int[] Widths = [8, 8, 16, 16, 32];
    public static readonly int[] ReferenceWidths = [32, 32, 64, 64, 128];

    /// <summary>Flattened feature length: three floor-halvings of each axis, times the last width.</summary>
    public static long FlatSize(int bins, int frames, int[] widths) => (long)widths[^1] * (bins / 8) * (frames / 8);

    public static Sequential Create(int bins, int frames, int classes, Generator? dropoutRandom = null, double dropout = 0.5, int[]? widths = null)
    {
        widths ??= Widths;
        ModelCatalog.RequireInput("basic", bins, frames, MinBins, MinFrames, "three 2x2 max poolings");
        ModelCatalog.RequireClasses("basic", classes);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = 1;
        for (var i = 0; i < widths.Length; i++)
        {
            layers.Add(($"conv{i + 1}", nn.Conv2d(inChannels, widths[i], 3, padding: 1)));
            layers.Add(($"bn{i + 1}", new BatchNorm2d(widths[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            if (i is 1 or 3 or 4)
                layers.Add(($"pool{i + 1}", nn.MaxPool2d(2)));
            inChannels = widths[i];
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dense300", nn.Linear(FlatSize(bins, frames, widths), 300)));
        layers.Add(("relu_d1", nn.ReLU()));
        layers.Add(("dropout1", new GeneratorDropout(dropout, dropoutRandom)));
        layers.Add(("dense150", nn.Linear(300, 150)));
        layers.Add(("relu_d2", nn.ReLU()));
        layers.Add(("dropout2", new GeneratorDropout(dropout, dropoutRandom)));
        layers.Add(("logits", nn.Linear(150, classes)));
        return nn.Sequential(layers);
    }
}

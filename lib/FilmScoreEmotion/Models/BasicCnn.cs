using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>The paper's first model (its Fig 2): five 3x3 convolutions with BatchNorm and ReLU, 2x2 max pooling
/// "after every two convolutions", flatten, dense 300 and 150 with ReLU and dropout, softmax output.
/// The paper gives no channel widths; 32, 32, 64, 64, 128 with pooling after convolutions 2, 4 and 5 is the layer-by-layer
/// shape of the PyTorch reference in lib/build/pytorch_basic_cnn.py, so the speed comparison is on the same network.
/// The output is logits: the softmax lives in the cross-entropy loss and in prediction. Dropout draws from
/// <paramref name="dropoutRandom"/> (see <see cref="GeneratorDropout"/>).</summary>
public static class BasicCnn
{
    public const int MinBins = 8;
    public const int MinFrames = 8;
    static readonly int[] Widths = [32, 32, 64, 64, 128];

    /// <summary>Flattened feature length: three floor-halvings of each axis, times the last width.</summary>
    public static long FlatSize(int bins, int frames) => (long)Widths[^1] * (bins / 8) * (frames / 8);

    public static Sequential Create(int bins, int frames, int classes, Generator? dropoutRandom = null, double dropout = 0.5)
    {
        ModelCatalog.RequireInput("basic", bins, frames, MinBins, MinFrames, "three 2x2 max poolings");
        ModelCatalog.RequireClasses("basic", classes);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = 1;
        for (var i = 0; i < Widths.Length; i++)
        {
            layers.Add(($"conv{i + 1}", nn.Conv2d(inChannels, Widths[i], 3, padding: 1)));
            layers.Add(($"bn{i + 1}", nn.BatchNorm2d(Widths[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            if (i is 1 or 3 or 4)
                layers.Add(($"pool{i + 1}", nn.MaxPool2d(2)));
            inChannels = Widths[i];
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dense300", nn.Linear(FlatSize(bins, frames), 300)));
        layers.Add(("relu_d1", nn.ReLU()));
        layers.Add(("dropout1", new GeneratorDropout(dropout, dropoutRandom)));
        layers.Add(("dense150", nn.Linear(300, 150)));
        layers.Add(("relu_d2", nn.ReLU()));
        layers.Add(("dropout2", new GeneratorDropout(dropout, dropoutRandom)));
        layers.Add(("logits", nn.Linear(150, classes)));
        return nn.Sequential(layers);
    }
}

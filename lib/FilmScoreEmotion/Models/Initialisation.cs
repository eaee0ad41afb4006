using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>PyTorch's default initialisation of convolutions and dense layers (weights by Kaiming-uniform with
/// a = sqrt(5), biases uniform, both within 1/sqrt(fan_in)), redrawn from a given generator. The constructors draw
/// from libtorch's global generator, which threads training side by side share; a run redrawn from its own seeded
/// generator starts from the same weights whatever else the process does. BatchNorm starts at 1 and 0, with nothing to draw.</summary>
public static class Initialisation
{
    public static void Redraw(nn.Module module, Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, layer) in module.named_modules())
        {
            var (weight, bias) = layer switch
            {
                Conv2d conv => (conv.weight, conv.bias),
                Linear dense => (dense.weight, dense.bias),
                _ => (null, null),
            };
            if (weight is null)
                continue;
            var bound = 1 / Math.Sqrt(weight.numel() / weight.shape[0]); // fan_in: inputs x kernel area per output
            weight.uniform_(-bound, bound, generator);
            bias?.uniform_(-bound, bound, generator);
        }
    }
}

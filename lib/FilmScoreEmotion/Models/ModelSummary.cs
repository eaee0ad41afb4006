using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>One row of a model's layer table (Figs 2 and 3): the output shape for one input and its parameter count.</summary>
public sealed record LayerSummary(string Name, string Type, long[] OutputShape, long Parameters);

public sealed record ModelSummary(string Model, int Bins, int Frames, IReadOnlyList<LayerSummary> Layers)
{
    public long TotalParameters => Layers.Sum(l => l.Parameters);

    /// <summary>Every layer's name, type, output shape and parameter count in one line: what a stored result's key
    /// needs so that a changed network never reuses results of the old one.</summary>
    public string Fingerprint =>
        string.Join(';', Layers.Select(l => $"{l.Name}:{l.Type}:{string.Join('x', l.OutputShape)}:{l.Parameters}"));

    /// <summary>Runs one zero input of (1, 1, bins, frames) through the top-level blocks in evaluation mode (BatchNorm
    /// on running statistics, which a batch of one needs) and records each block's output shape.</summary>
    public static ModelSummary Of(ModelKind kind, int bins, int frames, int classes)
    {
        using var model = ModelCatalog.Create(kind, bins, frames, classes);
        return Of(ModelCatalog.Name(kind), model, bins, frames);
    }

    public static ModelSummary Of(string modelName, Sequential model, int bins, int frames)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var x = torch.zeros(1, 1, bins, frames); // (1, 1, bins, frames)
        var layers = new List<LayerSummary>();
        foreach (var (name, module) in model.named_children())
        {
            x = ((nn.Module<Tensor, Tensor>)module).forward(x);
            var parameters = module.parameters().Sum(p => p.numel());
            layers.Add(new LayerSummary(name, module.GetType().Name, x.shape, parameters));
        }
        return new ModelSummary(modelName, bins, frames, layers);
    }
}

using FilmScoreEmotion.Runtime;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Models;

/// <summary>TorchSharp's BatchNorm (momentum 0.1, eps 1e-5, affine, running statistics; the same parameters, buffers
/// and names, so saved weights load either way) with its batch count advanced by <see cref="KeptScalars.One"/>.
/// TorchSharp 0.107's <c>BatchNorm.forward</c> counts a training batch with <c>num_batches_tracked.add_(1)</c>, which
/// makes two Scalars on the spot (the 1 and <c>add_</c>'s alpha) that the finalizer thread may free while libtorch reads
/// them (<see cref="KeptScalars"/>). Seen once in a CI run: "Unknown scalar type" from <c>at::native::add_</c> inside
/// <c>BatchNorm.forward</c> while a network trained. The two kinds keep TorchSharp's type names, which the networks'
/// fingerprints (<see cref="ModelSummary.Fingerprint"/>) hold: the same computation keeps its saved results.</summary>
public abstract class KeptBatchNorm : TorchSharp.Modules.BatchNorm
{
    readonly int dimensions;

    private protected KeptBatchNorm(long numFeatures, int dimensions, string name)
        : base(numFeatures, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name) =>
        this.dimensions = dimensions;

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != dimensions)
            throw new ArgumentException($"expected {dimensions}D input, but got {input.ndim}D input.");
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training)
            num_batches_tracked!.add_(KeptScalars.One, KeptScalars.One);
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum!.Value, eps);
    }
}

/// <summary>For (batch, channels, bins, frames), as <c>nn.BatchNorm2d</c>.</summary>
public sealed class BatchNorm2d(long channels) : KeptBatchNorm(channels, 4, nameof(BatchNorm2d));

/// <summary>For (batch, features), as <c>nn.BatchNorm1d</c> on a dense layer's output.</summary>
public sealed class BatchNorm1d(long features) : KeptBatchNorm(features, 2, nameof(BatchNorm1d));

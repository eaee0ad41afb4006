using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Per-frequency-bin standardisation: each bin's mean and standard deviation over all training segments and
/// frames. Fitted on the training part only, so no statistic of a test segment leaks into training.</summary>
public sealed record BinStandardiser(float[] Mean, float[] Std)
{
    /// <summary>A bin that never varies (silence, a band above Nyquist) would divide by zero; it is left centred.</summary>
    const float MinStd = 1e-6f;

    public static BinStandardiser Fit(Tensor x) // (n, 1, bins, frames)
    {
        using var scope = torch.NewDisposeScope();
        using Scalar minStd = MinStd; // kept until the call returns: see Runtime.KeptScalars
        var perBin = x.to(ScalarType.Float64).transpose(0, 2).reshape(x.shape[2], -1); // (bins, n * frames)
        var mean = perBin.mean([1L]).to(ScalarType.Float32).cpu().data<float>().ToArray();
        var std = perBin.std(1, unbiased: false).clamp_min(minStd).to(ScalarType.Float32).cpu().data<float>().ToArray();
        return new BinStandardiser(mean, std);
    }

    public Tensor Apply(Tensor x) // (n, 1, bins, frames) -> same
    {
        if (x.shape[2] != Mean.Length)
            throw new ArgumentException($"standardiser was fitted on {Mean.Length} bins, input has {x.shape[2]}");
        using var scope = torch.NewDisposeScope();
        var mean = torch.tensor(Mean, device: x.device).reshape(1, 1, -1, 1);
        var std = torch.tensor(Std, device: x.device).reshape(1, 1, -1, 1);
        return ((x - mean) / std).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Training;

/// <summary>The arithmetic a run trains in. Fp32 is the default because it is reproducible: it turns libtorch's TF32
/// switches off, which PyTorch leaves on for cuDNN convolutions. Tf32 turns them on for CUDA convolutions and matrix
/// products (the CPU has no TF32, so there it is Fp32). Bf16 keeps weights, activations and gradients in bfloat16 and
/// computes the loss in float32; TorchSharp 0.107 exposes neither autocast nor the channels-last memory format (its native
/// glue exports no symbol for either), so this is whole-network bf16, not PyTorch's mixed precision. The trained network
/// is handed back in float32.</summary>
public enum Precision
{
    Fp32,
    Tf32,
    Bf16,
}

public static class Precisions
{
    public static readonly IReadOnlyList<Precision> All = Enum.GetValues<Precision>();

    public static string Name(Precision precision) => EnumNames.Lower(precision);

    public static Precision Parse(string text) => EnumNames.Parse<Precision>(text, Name, "precision");

    public static ScalarType ElementType(Precision precision) => precision == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>Sets libtorch's process-wide TF32 switches; every run of one process trains in the same precision.</summary>
    public static void Apply(Precision precision, Device device)
    {
        if (device.type != DeviceType.CUDA)
            return;
        var tf32 = precision == Precision.Tf32;
        torch.backends.cudnn.allow_tf32 = tf32;
        torch.backends.cuda.matmul.allow_tf32 = tf32;
    }
}

using TorchSharp;

namespace FilmScoreEmotion.Runtime;

/// <summary>Scalars that live as long as the process. TorchSharp 0.107's <c>Tensor.add(Tensor)</c> and
/// <c>add(Scalar)</c> (alpha 1, also behind <c>+</c>; the same for <c>add_</c>) and every number passed where a Scalar
/// is expected make a Scalar on the spot and hand libtorch its handle without keeping the object alive through the
/// native call, so the finalizer thread can free it while libtorch reads it. Seen here computing mel features after
/// corpus synthesis had left garbage to collect: "Expected false to be true ... Exception raised from toFloat" inside
/// at::_ops::add_Tensor, and once a segmentation fault (exit 139). Every add in the library passes <see cref="One"/> as
/// alpha (<c>sub</c> and <c>-</c> of tensors pass no Scalar); other numbers are Scalars held in a <c>using</c> variable
/// until the call has returned.</summary>
public static class KeptScalars
{
    public static readonly Scalar One = 1;
}

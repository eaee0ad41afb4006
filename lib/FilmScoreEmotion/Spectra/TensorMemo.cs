using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Filterbanks built once per parameter set and device and kept for the life of the process, so a batch loop
/// does not rebuild them; they are detached from every dispose scope because callers share them.</summary>
internal static class TensorMemo
{
    static readonly ConcurrentDictionary<(object Key, string Device), Lazy<Tensor>> Entries = new();

    public static Tensor Get(object key, Device device, Func<Tensor> build) =>
        Entries.GetOrAdd((key, device.ToString()), _ => new Lazy<Tensor>(() =>
        {
            using var scope = NewDisposeScope();
            return build().to(device).DetachFromDisposeScope();
        })).Value;
}

using TorchSharp;

namespace FilmScoreEmotion.Tests.Training;

/// <summary>The synthetic test data draw from libtorch's one global generator (training draws from its own), so a test
/// that expects the same seed to give the same data must not share the process with another test drawing from it: this
/// collection runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection : ICollectionFixture<SingleTorchThread>
{
    public const string Name = "torch global generator";
}

/// <summary>The tests' tensors are tiny: with two intra-op threads on a loaded two-core machine, libtorch's threads spend
/// most of each small operation waiting for each other (measured: 1 min 40 s for these tests against 13 s on one thread).
/// The collection runs alone, so changing the process-wide thread count here touches no other test.</summary>
public sealed class SingleTorchThread : IDisposable
{
    readonly int threads = torch.get_num_threads();

    public SingleTorchThread() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(threads);
}

namespace FilmScoreEmotion.Tests.Training;

/// <summary>Dropout and the synthetic data draw from libtorch's one global generator, so a test that expects the same
/// seed to give the same run must not share the process with another test drawing from it: this collection runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch global generator";
}

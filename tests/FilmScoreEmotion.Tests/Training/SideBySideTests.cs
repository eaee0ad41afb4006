using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class SideBySideTests
{
    static readonly TrainerConfig Quick = new() { MaxEpochs = 2, Patience = 2, BatchSize = 8, Seed = 5 };

    static (double Loss, double ValidationLoss)[][] Histories(IReadOnlyList<RunResult> results) =>
        [.. results.Select(r => r.History.Select(h => (h.Loss, h.ValidationLoss)).ToArray())];

    /// The whole point of per-run generators: folds trained on threads side by side are bit for bit the folds trained
    /// one after another (losses compared exactly, not within a tolerance).
    [Theory]
    [InlineData(ModelKind.Basic)]
    [InlineData(ModelKind.Cnn4Inception)]
    public void FoldsTrainedSideBySideEqualSequentialFolds(ModelKind kind)
    {
        var data = SyntheticSegments.Blobs(excerptsPerClass: 3, segmentsPerExcerpt: 3);
        var planned = GridPlan.Plan(new ExperimentSpec(kind, SpectrogramKind.Cqt, ProtocolKind.GroupedKFold, Folds: 3), data, Quick);
        var folder = Directory.CreateTempSubdirectory("fse-side-").FullName;
        try
        {
            var sequential = Grid.Execute(planned, Quick, torch.CPU, Path.Combine(folder, "one"));
            var sideBySide = Grid.Execute(planned, Quick, torch.CPU, Path.Combine(folder, "three"), parallel: 3);
            Assert.Equal(Histories(sequential), Histories(sideBySide));
            Assert.Equal(sequential.Select(r => r.Confusion.SelectMany(c => c)), sideBySide.Select(r => r.Confusion.SelectMany(c => c)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// Dropout and initial weights no longer come from libtorch's global generator, so drawing from it between runs
    /// (as another thread's run would) changes nothing.
    [Fact]
    public void ARunIgnoresTheGlobalGenerator()
    {
        var data = SyntheticSegments.Blobs(2, 3);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var runs = new[] { 1L, 99L }.Select(globalSeed =>
        {
            torch.manual_seed(globalSeed);
            using var t = Trainer.Fit(ModelKind.Basic, data, all, Quick, torch.CPU, "global");
            return t.History.Select(h => (h.Loss, h.ValidationLoss)).ToArray();
        }).ToArray();
        Assert.Equal(runs[0], runs[1]);
    }

    [Fact]
    public void MapKeepsIndexOrderAndUsesSeveralThreads()
    {
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        using var together = new Barrier(3);
        var squares = SideBySide.Map(6, 3, i =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            if (i < 3)
                Assert.True(together.SignalAndWait(TimeSpan.FromSeconds(30)), "the first three ran at the same time");
            return i * i;
        });
        Assert.Equal([0, 1, 4, 9, 16, 25], squares);
        Assert.Equal(3, threads.Count);
    }

    [Fact]
    public void MapRethrowsTheFirstFailureUnwrapped()
    {
        var e = Assert.Throws<InvalidDataException>(() => SideBySide.Map(4, 2, i => i == 1 ? throw new InvalidDataException("run 1 is broken") : i));
        Assert.Equal("run 1 is broken", e.Message);
    }

    [Theory]
    [InlineData(0, 5, "--parallel must be at least 1, got 0")]
    [InlineData(-2, 5, "--parallel must be at least 1, got -2")]
    [InlineData(6, 5, "--parallel 6 is more than the 5 runs left to train")]
    [InlineData(2, 1, "--parallel 2 is more than the 1 run left to train")]
    [InlineData(2, 0, "--parallel 2 is more than the 0 runs left to train")]
    public void BadParallelIsNamed(int parallel, int runsLeft, string expected) =>
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => SideBySide.Require(parallel, runsLeft)).Message);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(3, 3)]
    public void ParallelWithinTheRunsLeftIsAccepted(int parallel, int runsLeft) => SideBySide.Require(parallel, runsLeft);
}

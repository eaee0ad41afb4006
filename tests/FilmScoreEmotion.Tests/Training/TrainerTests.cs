using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class TrainerTests
{
    static readonly TrainerConfig Quick = new() { MaxEpochs = 3, BatchSize = 16, Seed = 11 };

    [Fact]
    public void StandardisedBinsHaveZeroMeanAndUnitDeviationOnTheFittedData()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(20, 1, 6, 9) * torch.arange(1, 7).reshape(1, 1, 6, 1) + 5;
        x[.., .., 3, ..] = torch.tensor(-80f); // a silent band: constant
        var s = BinStandardiser.Fit(x);
        var z = s.Apply(x).transpose(0, 2).reshape(6, -1);
        var mean = z.mean([1L]).data<float>().ToArray();
        var std = z.std(1, unbiased: false).data<float>().ToArray();
        Assert.All(mean, m => Assert.True(Math.Abs(m) < 1e-4));
        Assert.All(std.Where((_, b) => b != 3), v => Assert.True(Math.Abs(v - 1) < 1e-4));
        Assert.Equal(0f, std[3]);
        Assert.False(z.isnan().any().item<bool>());
    }

    /// Both need some steps before the BatchNorm running statistics that evaluation uses catch up with the batch
    /// statistics of training (the short-chunk networks have seven BatchNorm layers, three of them on 1 x 1 maps here;
    /// BasicCnn at its experiment widths, 8 channels first, needs as many steps as they do).
    [Theory]
    [InlineData(ModelKind.Basic, 8, 8)]
    [InlineData(ModelKind.Cnn4, 8, 8)]
    public void TrainingSeparatesClassDependentBlobs(ModelKind kind, int batchSize, int epochs)
    {
        var data = SyntheticSegments.Blobs(excerptsPerClass: 6, segmentsPerExcerpt: 4);
        var fold = Protocols.GroupedSplit(data.Labels, data.ExcerptIds, 1, 0.25, seed: 0)[0];
        using var trained = Trainer.Fit(kind, data, fold.Train, Quick with { MaxEpochs = epochs, BatchSize = batchSize, Patience = epochs }, torch.CPU, "blobs");
        var predicted = GridRunner.Predict(trained, data, fold.Test, 16, torch.CPU);
        var accuracy = Metrics.Compute(fold.Test.Select(i => data.Labels[i]).ToArray(), predicted, 4).Accuracy;
        Assert.True(accuracy >= 0.75, $"accuracy {accuracy} on held-out excerpts; " + string.Join("; ", trained.History));
        Assert.True(trained.History[^1].Loss < trained.History[0].Loss);
    }

    [Fact]
    public void SameSeedGivesTheSameRunOnCpu()
    {
        var data = SyntheticSegments.Blobs(3, 3);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var runs = Enumerable.Range(0, 2).Select(_ =>
        {
            using var t = Trainer.Fit(ModelKind.Basic, data, all, Quick with { MaxEpochs = 2 }, torch.CPU, "seeded");
            return t.History.Select(h => (h.Loss, h.ValidationLoss)).ToArray();
        }).ToArray();
        Assert.Equal(runs[0], runs[1]);
        using var other = Trainer.Fit(ModelKind.Basic, data, all, Quick with { MaxEpochs = 2, Seed = 12 }, torch.CPU, "seeded");
        Assert.NotEqual(runs[0], other.History.Select(h => (h.Loss, h.ValidationLoss)).ToArray());
    }

    sealed class StopAfter(int epoch) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value)
        {
            if (value.Epoch == epoch)
                throw new OperationCanceledException("interrupted");
        }
    }

    /// An interrupted run (Ctrl+C reaches the trainer as an exception from its progress callback) or a corrupt
    /// checkpoint must free the networks and the optimizer as a finished run's caller does, not leave them to the
    /// finaliser: a long grid interrupts and resumes many runs in one process. TorchSharp counts the tensor wrappers
    /// alive on this thread; a finished run leaves a few (parameter views) that are not the trainer's to free.
    [Fact]
    public void ARunThatThrowsFreesItsNetworksAsAFinishedOneDoes()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var once = Quick with { MaxEpochs = 1 };
        var folder = Directory.CreateTempSubdirectory("fse-ckpt-").FullName;
        static long LeftAlive(Action run)
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            run();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }
        try
        {
            var finished = LeftAlive(() => Trainer.Fit(ModelKind.Cnn4, data, all, once, torch.CPU, "stop").Dispose());
            var interrupted = LeftAlive(() => Assert.Throws<OperationCanceledException>(() => Trainer.Fit(ModelKind.Cnn4, data, all, once, torch.CPU, "stop", progress: new StopAfter(1))));
            Assert.Equal(finished, interrupted);

            var corrupt = Path.Combine(folder, "bad.ckpt");
            File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5]);
            var finishedBasic = LeftAlive(() => Trainer.Fit(ModelKind.Basic, data, all, once, torch.CPU, "bad").Dispose());
            var refused = LeftAlive(() => Assert.Throws<InvalidDataException>(() => Trainer.Fit(ModelKind.Basic, data, all, once, torch.CPU, "bad", corrupt)));
            Assert.True(refused <= finishedBasic, $"{refused} tensors left by a refused checkpoint, {finishedBasic} by a finished run");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AnInterruptedRunResumesFromItsCheckpointAsIfNeverStopped()
    {
        var data = SyntheticSegments.Blobs(3, 3);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var folder = Directory.CreateTempSubdirectory("fse-ckpt-").FullName;
        try
        {
            var path = Path.Combine(folder, "run.ckpt");
            using var straight = Trainer.Fit(ModelKind.Cnn4, data, all, Quick, torch.CPU, "run");
            Assert.Throws<OperationCanceledException>(() => Trainer.Fit(ModelKind.Cnn4, data, all, Quick, torch.CPU, "run", path, new StopAfter(2)));
            Assert.True(File.Exists(path));
            using var resumed = Trainer.Fit(ModelKind.Cnn4, data, all, Quick, torch.CPU, "run", path);
            Assert.Equal(straight.History.Select(h => (h.Epoch, h.Loss, h.ValidationLoss)), resumed.History.Select(h => (h.Epoch, h.Loss, h.ValidationLoss)));
            using var finished = Trainer.Fit(ModelKind.Cnn4, data, all, Quick, torch.CPU, "run", path, new StopAfter(1));
            Assert.Equal(resumed.Epochs, finished.Epochs);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACorruptOrForeignCheckpointIsAnErrorNamingTheFile()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var folder = Directory.CreateTempSubdirectory("fse-ckpt-").FullName;
        try
        {
            var path = Path.Combine(folder, "bad.ckpt");
            File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
            var corrupt = Assert.Throws<InvalidDataException>(() => Trainer.Fit(ModelKind.Basic, data, all, Quick, torch.CPU, "bad", path));
            Assert.Contains(path, corrupt.Message);
            Assert.Contains("corrupt checkpoint", corrupt.Message);

            File.Delete(path);
            using (Trainer.Fit(ModelKind.Basic, data, all, Quick with { MaxEpochs = 1 }, torch.CPU, "bad", path)) { }
            var foreign = Assert.Throws<InvalidDataException>(() => Trainer.Fit(ModelKind.Basic, data, all, Quick with { MaxEpochs = 2 }, torch.CPU, "bad", path));
            Assert.Contains(path, foreign.Message);
            Assert.Contains("another run or setting", foreign.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WithoutAValidationPartTrainingRunsAllEpochsAndStillCheckpoints()
    {
        var data = SyntheticSegments.Blobs(2, 2);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var folder = Directory.CreateTempSubdirectory("fse-ckpt-").FullName;
        try
        {
            var path = Path.Combine(folder, "noval.ckpt");
            var config = Quick with { MaxEpochs = 2, ValidationFraction = 0 };
            using var first = Trainer.Fit(ModelKind.Basic, data, all, config, torch.CPU, "noval", path);
            Assert.Equal(2, first.Epochs);
            Assert.All(first.History, h => Assert.True(double.IsNaN(h.ValidationLoss)));
            using var again = Trainer.Fit(ModelKind.Basic, data, all, config, torch.CPU, "noval", path);
            Assert.Equal(first.History.Select(h => h.Loss), again.History.Select(h => h.Loss));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EarlyStoppingNeverRunsPastPatienceEpochsWithoutImprovement()
    {
        var data = SyntheticSegments.Blobs(4, 3, strength: 0f);
        var all = Enumerable.Range(0, data.Count).ToArray();
        using var t = Trainer.Fit(ModelKind.Basic, data, all, Quick with { MaxEpochs = 12, Patience = 2, LearningRate = 3e-3 }, torch.CPU, "noise");
        var bestEpoch = t.History.MinBy(h => h.ValidationLoss)!.Epoch;
        Assert.True(t.Epochs == 12 || t.Epochs == bestEpoch + 2, $"stopped at {t.Epochs}, best {bestEpoch}");
        Assert.All(t.History, h => Assert.False(double.IsNaN(h.ValidationLoss)));
    }

    [Fact]
    public void KeepClassesRelabelsAndDropsTheRest()
    {
        var data = SyntheticSegments.Blobs(2, 2);
        var three = data.KeepClasses(ModelCatalog.ClassesKept(ModelKind.Cnn3)!);
        Assert.Equal(["happiness", "sadness", "fear"], three.ClassNames);
        Assert.Equal(12, three.Count);
        Assert.Equal(12, three.X.shape[0]);
        Assert.DoesNotContain(three.ExcerptIds, e => e.StartsWith("peacefulness"));
        Assert.Contains("no class anger", Assert.Throws<ArgumentException>(() => data.KeepClasses(["anger"])).Message);
    }
}

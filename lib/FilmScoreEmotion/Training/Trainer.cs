using System.Collections.Immutable;
using System.Diagnostics;
using FilmScoreEmotion.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>A network trained on part of a corpus, with what prediction needs: the standardiser fitted on that part.</summary>
public sealed record TrainedModel(
    ModelKind Kind,
    Sequential Network,
    BinStandardiser Standardiser,
    string[] ClassNames,
    int Bins,
    int Frames,
    int Epochs,
    double Seconds,
    IReadOnlyList<EpochProgress> History
) : IDisposable
{
    /// <summary>The epoch whose weights were kept: the lowest validation loss (the last epoch without validation).</summary>
    public int BestEpoch =>
        History.Count == 0 || History.Any(h => double.IsNaN(h.ValidationLoss)) ? Epochs : History.MinBy(h => h.ValidationLoss)!.Epoch;

    /// <summary>Whether early stopping ended the training (patience epochs without a better validation loss) rather
    /// than the epoch cap.</summary>
    public bool StoppedEarly(TrainerConfig config) => History.Count > 0 && Epochs - BestEpoch >= config.Patience;

    public void Dispose() => Network.Dispose();
}

public static class Trainer
{
    /// <summary>Trains a fresh <paramref name="kind"/> network on the segments <paramref name="trainIndices"/> of
    /// <paramref name="data"/>: a validation part of about <see cref="TrainerConfig.ValidationFraction"/> of the training
    /// excerpts is carved off, per-bin standardisation is fitted on the rest, Adam minimises cross-entropy over shuffled
    /// mini-batches, and training stops after <see cref="TrainerConfig.Patience"/> epochs without a lower validation
    /// loss, keeping the best weights. With <paramref name="checkpointPath"/>, the state after every epoch is saved there
    /// and a later call with the same run resumes from it (a finished run returns at once). The initial weights, the
    /// shuffles and the dropout masks come from the run's own generators seeded from <see cref="TrainerConfig.Seed"/>, so on
    /// the CPU the same seed gives the same run, even while other runs train on other threads of the process.</summary>
    public static TrainedModel Fit(
        ModelKind kind,
        LabelledSegments data,
        IReadOnlyList<int> trainIndices,
        TrainerConfig config,
        Device device,
        string run,
        string? checkpointPath = null,
        IProgress<EpochProgress>? progress = null)
    {
        config.Validated();
        var (fit, validation) = Split(data, trainIndices, config, run);
        var standardiser = FitStandardiser(data, fit);
        Precisions.Apply(config.Precision, device);
        // the dropout generator lives on the device so masks are drawn there; weights are drawn on the CPU, so a seed
        // starts a run from the same weights on every device
        using var dropoutRandom = new Generator(unchecked((ulong)config.Seed), device);
        using var augmentationRandom = new Generator(unchecked((ulong)config.Seed), device);
        var (model, best) = Networks(kind, data, config, device, dropoutRandom);
        var optimizer = new Adam(model.parameters(), config.LearningRate);
        try
        {
            var fingerprint = Fingerprint(kind, data, trainIndices, config);
            var start = checkpointPath is not null && File.Exists(checkpointPath)
                ? Resume(checkpointPath, fingerprint, model, best, optimizer)
                : new CheckpointState(run, fingerprint, 0, double.PositiveInfinity, 0, false, 0, []);
            var session = new Session(run, model, best, optimizer, dropoutRandom, augmentationRandom, fit, validation, config, device, checkpointPath, progress);
            var done = Train(session, start, standardiser, data);
            best.to(ScalarType.Float32).eval();
            return new TrainedModel(kind, best, standardiser, data.ClassNames, data.Bins, data.Frames, done.EpochsDone, done.Seconds, done.History);
        }
        catch
        {
            best.Dispose();
            throw;
        }
        finally
        {
            model.Dispose();
            optimizer.Dispose();
        }
    }

    /// <summary>The training part split into the segments fitted on and a validation part of whole excerpts.</summary>
    static (int[] Fit, ImmutableArray<int> Validation) Split(LabelledSegments data, IReadOnlyList<int> trainIndices, TrainerConfig config, string run)
    {
        var validation = GroupHoldOut.Validation(trainIndices, data.Labels, data.ExcerptIds, config.ValidationFraction, config.Seed);
        var validationSet = validation.ToHashSet();
        var fit = trainIndices.Where(i => !validationSet.Contains(i)).ToArray();
        if (fit.Select(i => data.Labels[i]).Distinct().Count() < 2)
            throw new ArgumentException($"{run}: the training part has fewer than 2 classes");
        return (fit, validation);
    }

    static BinStandardiser FitStandardiser(LabelledSegments data, int[] fit)
    {
        using var scope = torch.NewDisposeScope();
        return BinStandardiser.Fit(data.X.index_select(0, LongIndex(fit, data.X.device)));
    }

    /// <summary>The network to train, its first weights drawn from the run's own CPU generator, and the copy that keeps
    /// the best weights so far, both in the run's precision on the device.</summary>
    static (Sequential Model, Sequential Best) Networks(ModelKind kind, LabelledSegments data, TrainerConfig config, Device device, Generator dropoutRandom)
    {
        var elementType = Precisions.ElementType(config.Precision);
        var classes = data.ClassNames.Length;
        using var initRandom = new Generator(unchecked((ulong)config.Seed), torch.CPU);
        var model = ModelCatalog.Create(kind, data.Bins, data.Frames, classes, dropoutRandom);
        Initialisation.Redraw(model, initRandom);
        model.to(elementType).to(device);
        var best = ModelCatalog.Create(kind, data.Bins, data.Frames, classes).to(elementType).to(device);
        CopyWeights(model, best);
        return (model, best);
    }

    /// <summary>Names the data, the training part and the settings, so a checkpoint never resumes another run.</summary>
    static string Fingerprint(ModelKind kind, LabelledSegments data, IReadOnlyList<int> trainIndices, TrainerConfig config) =>
        $"{kind};{data.Bins}x{data.Frames};n={data.Count};classes={string.Join('|', data.ClassNames)};train={IndexHash(trainIndices)};data={DataKey.Of(data)};{config.Fingerprint}";

    static CheckpointState Resume(string checkpointPath, string fingerprint, Sequential model, Sequential best, OptimizerHelper optimizer)
    {
        var state = Checkpoint.Load(checkpointPath, model, best, optimizer);
        return state.Fingerprint == fingerprint
            ? state
            : throw new InvalidDataException(
                $"{checkpointPath}: checkpoint belongs to another run or setting ({state.Fingerprint}, this run is {fingerprint}); delete it or choose another output folder");
    }

    /// <summary>What one run's epochs share: its networks, optimizer, dropout and augmentation generators, its split and
    /// where it reports.</summary>
    sealed record Session(
        string Run,
        Sequential Model,
        Sequential Best,
        OptimizerHelper Optimizer,
        Generator DropoutRandom,
        Generator AugmentationRandom,
        int[] Fit,
        ImmutableArray<int> Validation,
        TrainerConfig Config,
        Device Device,
        string? CheckpointPath,
        IProgress<EpochProgress>? Progress);

    /// <summary>Runs epochs from <paramref name="state"/> until the run is finished; the standardised segments stay on
    /// the device for the whole run. With augmentation the dB segments stay there too: each training batch is augmented
    /// in dB, where a curve means an equaliser, and standardised after; validation sees the segments as they are.</summary>
    static CheckpointState Train(Session s, CheckpointState state, BinStandardiser standardiser, LabelledSegments data)
    {
        using var scope = torch.NewDisposeScope();
        var elementType = Precisions.ElementType(s.Config.Precision);
        var db = data.X.to(s.Device); // (n, 1, bins, frames)
        var x = standardiser.Apply(db).to(elementType); // (n, 1, bins, frames)
        var y = torch.tensor(data.Labels.Select(l => (long)l).ToArray(), device: s.Device); // (n)
        var training = s.Config.Augmentation is { IsOff: false } augmentation
            ? new Batches(db, b => standardiser.Apply(SpectrumAugmentation.Apply(b, augmentation, s.AugmentationRandom)).to(elementType))
            : new Batches(x, null);
        while (!state.Finished)
            state = RunEpoch(s, state, training, x, y);
        return state;
    }

    /// <summary>The segments training batches are taken from and what turns a batch into the network's input (null: it
    /// already is).</summary>
    sealed record Batches(Tensor X, Func<Tensor, Tensor>? Prepare);

    /// <summary>Trains one epoch on standardised <paramref name="x"/>, keeps the weights when they improve, reports the
    /// epoch and saves the checkpoint; returns the state after it.</summary>
    static CheckpointState RunEpoch(Session s, CheckpointState state, Batches training, Tensor x, Tensor y)
    {
        var epoch = state.EpochsDone + 1;
        var clock = Stopwatch.StartNew();
        s.DropoutRandom.manual_seed(EpochSeed(s.Config.Seed, epoch));
        s.AugmentationRandom.manual_seed(unchecked(EpochSeed(s.Config.Seed, epoch) ^ AugmentationSalt));
        var order = s.Fit.ToArray();
        new Random(EpochSeed(s.Config.Seed, epoch)).Shuffle(order);
        var (loss, accuracy) = TrainEpoch(s.Model, s.Optimizer, training.X, y, order, s.Config.BatchSize, s.Device, training.Prepare);
        var (valLoss, valAccuracy) = s.Validation.Length > 0 ? Evaluate(s.Model, x, y, s.Validation, s.Config.BatchSize, s.Device) : (double.NaN, double.NaN);
        var report = new EpochProgress(s.Run, epoch, loss, accuracy, valLoss, valAccuracy);
        s.Progress?.Report(report);
        var improved = Improves(state, report, s.Validation.Length > 0);
        if (improved)
            CopyWeights(s.Model, s.Best);
        var next = After(state, report, improved, s.Validation.Length > 0, clock.Elapsed.TotalSeconds, s.Config);
        if (s.CheckpointPath is not null)
            Checkpoint.Save(s.CheckpointPath, next, s.Model, s.Best, s.Optimizer);
        return next;
    }

    /// <summary>Without a validation part every epoch counts as an improvement, so the last weights are kept.</summary>
    static bool Improves(CheckpointState state, EpochProgress report, bool validates) =>
        !validates || report.ValidationLoss < state.BestValidationLoss;

    /// <summary>The state after an epoch: early stopping ends the run after <see cref="TrainerConfig.Patience"/> epochs
    /// without a lower validation loss, the epoch cap after <see cref="TrainerConfig.MaxEpochs"/>.</summary>
    static CheckpointState After(CheckpointState state, EpochProgress report, bool improved, bool validates, double seconds, TrainerConfig config)
    {
        var sinceBest = improved ? 0 : state.EpochsSinceBest + 1;
        return state with
        {
            EpochsDone = report.Epoch,
            BestValidationLoss = improved && validates ? report.ValidationLoss : state.BestValidationLoss,
            EpochsSinceBest = sinceBest,
            Finished = report.Epoch >= config.MaxEpochs || sinceBest >= config.Patience,
            Seconds = state.Seconds + seconds,
            History = [.. state.History, report],
        };
    }

    /// <summary>One pass over <paramref name="order"/> in mini-batches (a last batch of one is dropped: BatchNorm cannot
    /// normalise a single sample). The order goes to the device once per epoch and losses stay there until the epoch
    /// ends, so no step copies between host and device or waits for one; every step's temporaries are freed by its own
    /// dispose scope. The loss is computed in float32 whatever the network's precision. <paramref name="prepare"/>, when
    /// given, turns each batch of <paramref name="x"/> into the network's input. Returns the mean loss and accuracy.</summary>
    public static (double Loss, double Accuracy) TrainEpoch(
        Sequential model, OptimizerHelper optimizer, Tensor x, Tensor y, int[] order, int batchSize, Device device, Func<Tensor, Tensor>? prepare = null)
    {
        model.train();
        var losses = new List<Tensor>();
        var correct = new List<Tensor>();
        var seen = 0;
        using var epochOrder = LongIndex(order, device);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, order.Length - start);
            if (count < 2)
                break;
            using var scope = torch.NewDisposeScope();
            var index = epochOrder.narrow(0, start, count);
            var taken = x.index_select(0, index); // (count, 1, bins, frames)
            var xb = prepare is null ? taken : prepare(taken);
            var yb = y.index_select(0, index);
            optimizer.zero_grad();
            var logits = model.forward(xb).to(ScalarType.Float32); // (count, classes)
            var loss = nn.functional.cross_entropy(logits, yb);
            loss.backward();
            optimizer.step();
            using Scalar weight = count; // kept until the call returns: see Runtime.KeptScalars
            losses.Add(loss.detach().mul(weight).MoveToOuterDisposeScope());
            correct.Add(logits.argmax(1).eq(yb).sum().MoveToOuterDisposeScope());
            seen += count;
        }
        using var totals = torch.NewDisposeScope();
        var result = (torch.stack(losses).sum().item<float>() / (double)seen, torch.stack(correct).sum().item<long>() / (double)seen);
        foreach (var t in losses.Concat(correct))
            t.Dispose();
        return result;
    }

    /// <summary>Mean cross-entropy and accuracy of the segments <paramref name="indices"/> in evaluation mode.</summary>
    public static (double Loss, double Accuracy) Evaluate(Sequential model, Tensor x, Tensor y, IReadOnlyList<int> indices, int batchSize, Device device)
    {
        using var scope = torch.NewDisposeScope();
        var logits = Logits(model, x, indices, batchSize, device);
        var yb = y.index_select(0, LongIndex(indices, device));
        var loss = nn.functional.cross_entropy(logits, yb).item<float>();
        var accuracy = logits.argmax(1).eq(yb).sum().item<long>() / (double)indices.Count;
        return (loss, accuracy);
    }

    /// <summary>Predicted class of each of the segments <paramref name="indices"/> of a standardised tensor.</summary>
    public static int[] Predict(Sequential model, Tensor x, IReadOnlyList<int> indices, int batchSize, Device device)
    {
        using var scope = torch.NewDisposeScope();
        return Logits(model, x, indices, batchSize, device).argmax(1).cpu().data<long>().Select(v => (int)v).ToArray();
    }

    static Tensor Logits(Sequential model, Tensor x, IReadOnlyList<int> indices, int batchSize, Device device) // (count, classes)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var parts = new List<Tensor>();
        var all = LongIndex(indices, device);
        for (var start = 0; start < indices.Count; start += batchSize)
            parts.Add(model.forward(x.index_select(0, all.narrow(0, start, Math.Min(batchSize, indices.Count - start)))).to(ScalarType.Float32));
        return torch.cat(parts, 0);
    }

    static Tensor LongIndex(ReadOnlySpan<int> indices, Device device)
    {
        var values = new long[indices.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = indices[i];
        return torch.tensor(values, device: device);
    }

    static Tensor LongIndex(IReadOnlyList<int> indices, Device device) => LongIndex(indices.ToArray().AsSpan(), device);

    static void CopyWeights(Sequential from, Sequential to)
    {
        using var noGrad = torch.no_grad();
        var source = from.state_dict();
        foreach (var (name, target) in to.state_dict())
            target.copy_(source[name]);
    }

    static int EpochSeed(int seed, int epoch) => unchecked(seed * 31_337 + epoch * 1_000_003);

    /// <summary>Keeps the augmentation's draws apart from the dropout masks drawn from the same epoch seed.</summary>
    const int AugmentationSalt = 0x5bd1e995;

    static string IndexHash(IReadOnlyList<int> indices) =>
        indices.Aggregate(17L, (h, i) => unchecked(h * 1_000_003 + i)).ToString("x");
}

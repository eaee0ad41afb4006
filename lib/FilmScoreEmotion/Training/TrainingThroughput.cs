using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Training speed of one model, measured the way the PyTorch reference (lib/build/pytorch_basic_cnn.py)
/// measures it: random inputs and labels, Adam, the trainer's own epoch loop, best of the timed epochs. With
/// <see cref="Parallel"/> above 1, that many networks train side by side and an epoch is the time until all of them
/// finished it; <see cref="SamplesPerSecond"/> counts the samples of all of them.</summary>
public sealed record TrainingThroughputResult(
    ModelKind Model, int Bins, int Frames, int BatchSize, int Samples, int Threads, string Device, double[] SecondsPerEpoch, Precision Precision, int Parallel)
{
    public double SamplesPerSecond => Parallel * Samples / SecondsPerEpoch.Min();
}

public static class TrainingThroughput
{
    /// <summary>One untimed warm-up epoch per network (first-call allocation and kernel selection), then, starting
    /// together, <paramref name="epochs"/> timed ones.</summary>
    public static TrainingThroughputResult Measure(
        ModelKind model, int bins, int frames, int batchSize, int samples, int epochs, Device device,
        int seed = 0, Precision precision = Precision.Fp32, int parallel = 1)
    {
        Precisions.Apply(precision, device);
        var classes = ModelCatalog.ClassesKept(model)?.Count ?? 4;
        var race = StartLine.Run(parallel, (worker, waitForStart) =>
        {
            using var scope = torch.NewDisposeScope();
            using var random = new Generator(unchecked((ulong)(seed + worker)), torch.CPU);
            using var dropoutRandom = new Generator(unchecked((ulong)(seed + worker)), device);
            using var network = ModelCatalog.Create(model, bins, frames, classes, dropoutRandom);
            Initialisation.Redraw(network, random);
            network.to(Precisions.ElementType(precision)).to(device);
            using var optimizer = new Adam(network.parameters(), lr: 1e-3);
            var x = torch.randn([samples, 1, bins, frames], generator: random).to(Precisions.ElementType(precision)).to(device); // (samples, 1, bins, frames)
            var y = torch.randint(0, classes, [samples], generator: random).to(device);
            var order = Enumerable.Range(0, samples).ToArray();
            Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
            var clock = waitForStart();
            var finished = new double[epochs];
            for (var e = 0; e < epochs; e++)
            {
                Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
                finished[e] = clock.Elapsed.TotalSeconds;
            }
            return finished;
        });
        var ends = race.Results;
        var times = Enumerable.Range(0, epochs)
            .Select(e => ends.Max(w => w[e]) - (e == 0 ? 0 : ends.Max(w => w[e - 1])))
            .ToArray();
        return new TrainingThroughputResult(model, bins, frames, batchSize, samples, torch.get_num_threads(), device.ToString(), times, precision, parallel);
    }
}

using System.Diagnostics;
using FilmScoreEmotion.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Training speed of one model, measured the way the PyTorch reference (lib/build/pytorch_basic_cnn.py)
/// measures it: random inputs and labels, Adam, the trainer's own epoch loop, best of the timed epochs. With
/// <see cref="Parallel"/> above 1, that many networks train side by side and an epoch is the time until all of them
/// finished it; <see cref="SamplesPerSecond"/> counts the samples of all of them.</summary>
public sealed record ThroughputResult(
    ModelKind Model, int Bins, int Frames, int BatchSize, int Samples, int Threads, string Device, double[] SecondsPerEpoch, Precision Precision, int Parallel)
{
    public double SamplesPerSecond => Parallel * Samples / SecondsPerEpoch.Min();
}

public static class Throughput
{
    /// <summary>One untimed warm-up epoch per network (first-call allocation and kernel selection), then, starting
    /// together, <paramref name="epochs"/> timed ones.</summary>
    public static ThroughputResult Measure(
        ModelKind model, int bins, int frames, int batchSize, int samples, int epochs, Device device,
        int seed = 0, Precision precision = Precision.Fp32, int parallel = 1)
    {
        Precisions.Apply(precision, device);
        var classes = ModelCatalog.ClassesKept(model)?.Count ?? 4;
        var clock = new Stopwatch();
        using var start = new Barrier(parallel, _ => clock.Start());
        var ends = SideBySide.Map(parallel, parallel, worker =>
        {
            using var scope = torch.NewDisposeScope();
            using var random = new Generator(unchecked((ulong)(seed + worker)), torch.CPU);
            using var dropoutRandom = new Generator(unchecked((ulong)(seed + worker)), device);
            var started = false;
            Sequential network;
            OptimizerHelper optimizer;
            Tensor x, y;
            var order = Enumerable.Range(0, samples).ToArray();
            try
            {
                network = ModelCatalog.Create(model, bins, frames, classes, dropoutRandom);
                Initialisation.Redraw(network, random);
                network.to(Precisions.ElementType(precision)).to(device);
                optimizer = optim.Adam(network.parameters(), lr: 1e-3);
                x = torch.randn([samples, 1, bins, frames], generator: random).to(Precisions.ElementType(precision)).to(device); // (samples, 1, bins, frames)
                y = torch.randint(0, classes, [samples], generator: random).to(device);
                Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
            }
            catch when (!started)
            {
                start.RemoveParticipant(); // the other networks must not wait for this one at the start line
                throw;
            }
            started = true;
            start.SignalAndWait();
            var finished = new double[epochs];
            for (var e = 0; e < epochs; e++)
            {
                Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
                finished[e] = clock.Elapsed.TotalSeconds;
            }
            optimizer.Dispose();
            return finished;
        });
        var times = Enumerable.Range(0, epochs)
            .Select(e => ends.Max(w => w[e]) - (e == 0 ? 0 : ends.Max(w => w[e - 1])))
            .ToArray();
        return new ThroughputResult(model, bins, frames, batchSize, samples, torch.get_num_threads(), device.ToString(), times, precision, parallel);
    }
}

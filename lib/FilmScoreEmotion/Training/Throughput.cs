using System.Diagnostics;
using FilmScoreEmotion.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Training speed of one model, measured the way the PyTorch reference (shared/bench/pytorch_basic_cnn.py)
/// measures it: random inputs and labels, Adam, the trainer's own epoch loop, best of the timed epochs.</summary>
public sealed record ThroughputResult(ModelKind Model, int Bins, int Frames, int BatchSize, int Samples, int Threads, string Device, double[] SecondsPerEpoch)
{
    public double SamplesPerSecond => Samples / SecondsPerEpoch.Min();
}

public static class Throughput
{
    /// <summary>One untimed warm-up epoch (first-call allocation and kernel selection), then <paramref name="epochs"/> timed ones.</summary>
    public static ThroughputResult Measure(ModelKind model, int bins, int frames, int batchSize, int samples, int epochs, Device device, int seed = 0)
    {
        torch.manual_seed(seed);
        using var scope = torch.NewDisposeScope();
        var network = ModelCatalog.Create(model, bins, frames, ModelCatalog.ClassesKept(model)?.Count ?? 4).to(device);
        var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        var x = torch.randn([samples, 1, bins, frames], device: device); // (samples, 1, bins, frames)
        var y = torch.randint(0, ModelCatalog.ClassesKept(model)?.Count ?? 4, [samples], device: device);
        var order = Enumerable.Range(0, samples).ToArray();
        Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
        var times = new double[epochs];
        for (var e = 0; e < epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            Trainer.TrainEpoch(network, optimizer, x, y, order, batchSize, device);
            times[e] = clock.Elapsed.TotalSeconds;
        }
        optimizer.Dispose();
        return new ThroughputResult(model, bins, frames, batchSize, samples, torch.get_num_threads(), device.ToString(), times);
    }
}

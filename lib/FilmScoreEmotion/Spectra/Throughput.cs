using System.Diagnostics;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>One kernel's measured speed.</summary>
/// <param name="ClipsPerCpuSecond">clips per second of this process's CPU time: on a machine shared with other work,
/// the figure that does not depend on how much of the CPU the others took (spinning torch threads count as busy)</param>
public sealed record ThroughputResult(SpectrogramKind Kind, double ClipsPerSecond, double ClipsPerCpuSecond, int Batch, int Workers, long Batches, string Device);

/// <summary>How many clips per second a spectrogram kernel computes on batches of noise clips.</summary>
public static class Throughput
{
    /// <summary>Each of `workers` threads runs the kernel once to build its filters, then repeats it on its own batch
    /// for `seconds`, waiting for every result so that an asynchronous device is timed fully. Several workers with
    /// one torch thread each keep a CPU busy without the synchronisation of a multi-threaded operator, which on a
    /// machine shared with other processes costs more than it gains.</summary>
    public static ThroughputResult Measure(SpectrogramKind kind, SpectrogramConfig config, int batch, int clipSamples, double seconds, Device device, int workers = 1)
    {
        if (workers < 1)
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "at least one worker");
        using var ready = new Barrier(workers);
        var watch = new Stopwatch();
        var cpuAtStart = TimeSpan.Zero;
        var counts = new long[workers];
        var threads = Enumerable.Range(0, workers)
            .Select(w => new Thread(() =>
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var clips = randn(new long[] { batch, clipSamples }, generator: new Generator((ulong)w, device), device: device).mul(0.1);
                Run(kind, config, clips);
                ready.SignalAndWait();
                if (w == 0)
                {
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    watch.Start();
                }
                do
                {
                    Run(kind, config, clips);
                    counts[w]++;
                } while (watch.Elapsed.TotalSeconds < seconds);
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        var clips = counts.Sum() * (double)batch;
        return new ThroughputResult(kind, clips / elapsed, clips / cpu, batch, workers, counts.Sum(), device.ToString());
    }

    static void Run(SpectrogramKind kind, SpectrogramConfig config, Tensor clips)
    {
        using var scope = NewDisposeScope();
        Spectrogram.Compute(clips, kind, config).sum().item<float>();
    }
}

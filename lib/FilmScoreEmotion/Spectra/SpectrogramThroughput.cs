using FilmScoreEmotion.Runtime;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>One kernel's measured speed.</summary>
/// <param name="ClipsPerCpuSecond">clips per second of this process's CPU time: on a machine shared with other work,
/// the figure that does not depend on how much of the CPU the others took (spinning torch threads count as busy)</param>
public sealed record SpectrogramThroughputResult(SpectrogramKind Kind, double ClipsPerSecond, double ClipsPerCpuSecond, int Batch, int Workers, long Batches, string Device);

/// <summary>How many clips per second a spectrogram kernel computes on batches of noise clips.</summary>
public static class SpectrogramThroughput
{
    /// <summary>Each of `workers` threads runs the kernel once to build its filters, then repeats it on its own batch
    /// for `seconds`, waiting for every result so that an asynchronous device is timed fully. Several workers with
    /// one torch thread each keep a CPU busy without the synchronisation of a multi-threaded operator, which on a
    /// machine shared with other processes costs more than it gains.</summary>
    public static SpectrogramThroughputResult Measure(SpectrogramKind kind, SpectrogramConfig config, int batch, int clipSamples, double seconds, Device device, int workers = 1)
    {
        var race = StartLine.Run(workers, (w, waitForStart) =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using TorchSharp.Scalar tenth = 0.1; // kept until the call returns: see KeptScalars
            var clips = randn(new long[] { batch, clipSamples }, generator: new Generator((ulong)w, device), device: device).mul(tenth);
            Run(kind, config, clips);
            var clock = waitForStart();
            var batches = 0L;
            do
            {
                Run(kind, config, clips);
                batches++;
            } while (clock.Elapsed.TotalSeconds < seconds);
            return batches;
        });
        var clips = race.Results.Sum() * (double)batch;
        return new SpectrogramThroughputResult(kind, clips / race.Seconds, clips / race.CpuSeconds, batch, workers, race.Results.Sum(), device.ToString());
    }

    static void Run(SpectrogramKind kind, SpectrogramConfig config, Tensor clips)
    {
        using var scope = NewDisposeScope();
        Spectrogram.Compute(clips, kind, config).sum().item<float>();
    }
}

using System.Diagnostics;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>One kernel's measured speed.</summary>
public sealed record ThroughputResult(SpectrogramKind Kind, double ClipsPerSecond, int Batch, int Batches, string Device);

/// <summary>How many clips per second a spectrogram kernel computes on batches of noise clips.</summary>
public static class Throughput
{
    /// <summary>Runs the kernel once to build its filters and warm the allocator, then repeats it on the same batch
    /// for `seconds`, waiting for each result so that an asynchronous device is timed fully.</summary>
    public static ThroughputResult Measure(SpectrogramKind kind, SpectrogramConfig config, int batch, int clipSamples, double seconds, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(0);
        var clips = randn(new long[] { batch, clipSamples }, device: device).mul(0.1);
        Run(kind, config, clips);
        var watch = Stopwatch.StartNew();
        var batches = 0;
        do
        {
            Run(kind, config, clips);
            batches++;
        } while (watch.Elapsed.TotalSeconds < seconds);
        return new ThroughputResult(kind, batches * (double)batch / watch.Elapsed.TotalSeconds, batch, batches, device.ToString());
    }

    static void Run(SpectrogramKind kind, SpectrogramConfig config, Tensor clips)
    {
        using var scope = NewDisposeScope();
        Spectrogram.Compute(clips, kind, config).sum().item<float>();
    }
}

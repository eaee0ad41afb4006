using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>A run of frames of a long signal's spectrogram.</summary>
/// <param name="Values">(bins, frames) float32 on the CPU</param>
public sealed record SpectrogramChunk(long FirstFrame, Tensor Values) : IDisposable
{
    public void Dispose() => Values.Dispose();
}

/// <summary>The linear spectrogram of a signal too long to hold, computed in runs of frames from windows of the signal
/// that carry enough context on each side for every frame to equal the whole-signal transform's.</summary>
public static class StreamingSpectrogram
{
    /// <summary>Reads `count` samples starting at `start` (which may be negative or run past the end: zeros there).</summary>
    public delegate float[] SampleReader(long start, int count);

    public static IEnumerable<SpectrogramChunk> Chunks(
        SpectrogramKind kind,
        SpectrogramConfig config,
        long totalSamples,
        SampleReader read,
        Device device,
        int framesPerChunk = 4096
    )
    {
        if (!config.Center || config.PadMode != PadMode.Constant)
            throw new NotSupportedException("streaming spectrograms are centred and zero-padded (librosa 0.10+ defaults)");
        if (framesPerChunk < 1)
            throw new ArgumentOutOfRangeException(nameof(framesPerChunk), framesPerChunk, "at least one frame per chunk");
        var frames = Spectrogram.Frames(totalSamples, kind, config);
        for (var first = 0L; first < frames; first += framesPerChunk)
        {
            var count = (int)Math.Min(framesPerChunk, frames - first);
            var (start, length) = WindowOf(kind, config, first, count);
            using var window = tensor(read(start, length), new long[] { 1, length }, device: device);
            using var values = Compute(kind, config, window, start, totalSamples, first, count);
            yield return new SpectrogramChunk(first, values.squeeze(0));
        }
    }

    /// <summary>The input samples [Start, Start + Length) that frames [first, first + count) need.</summary>
    public static (long Start, int Length) WindowOf(SpectrogramKind kind, SpectrogramConfig config, long first, int count)
    {
        var context = kind == SpectrogramKind.Cqt ? Cqt.PlanFor(config).ContextSamples : config.NFft / 2;
        return (first * config.HopLength - context, (count - 1) * config.HopLength + 2 * context);
    }

    /// <summary>Frames [first, first + count) of signals of totalSamples samples each from their windows as
    /// <see cref="WindowOf"/> places them; a batch of equal-length signals goes through the kernel as one.</summary>
    // windows: (batch, samples) -> (batch, bins, frames) float32 on the CPU
    public static Tensor Compute(SpectrogramKind kind, SpectrogramConfig config, Tensor windows, long start, long totalSamples, long first, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var uncentred = config with { Center = false };
        var values = kind switch
        {
            SpectrogramKind.Stft => Stft.Magnitude(windows, uncentred),
            SpectrogramKind.Mel => Mel.Power(windows, uncentred),
            _ => Cqt.Window(windows, start, totalSamples, first, count, config),
        };
        return values.cpu().contiguous().MoveToOuterDisposeScope();
    }
}

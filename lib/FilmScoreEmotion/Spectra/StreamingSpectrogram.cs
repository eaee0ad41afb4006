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
        var context = kind == SpectrogramKind.Cqt ? Cqt.PlanFor(config).ContextSamples : config.NFft / 2;
        for (var first = 0L; first < frames; first += framesPerChunk)
        {
            var count = (int)Math.Min(framesPerChunk, frames - first);
            var start = first * config.HopLength - context;
            var length = (count - 1) * config.HopLength + 2 * context;
            yield return new SpectrogramChunk(first, Compute(kind, config, read(start, length), start, totalSamples, first, count, device));
        }
    }

    // (bins, frames)
    static Tensor Compute(SpectrogramKind kind, SpectrogramConfig config, float[] samples, long start, long totalSamples, long first, int count, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var window = tensor(samples, new long[] { 1, samples.Length }, device: device);
        var uncentred = config with { Center = false };
        var values = kind switch
        {
            SpectrogramKind.Stft => Stft.Magnitude(window, uncentred),
            SpectrogramKind.Mel => Mel.Power(window, uncentred),
            _ => Cqt.Window(window, start, totalSamples, first, count, config),
        };
        return values.squeeze(0).cpu().contiguous().MoveToOuterDisposeScope();
    }
}

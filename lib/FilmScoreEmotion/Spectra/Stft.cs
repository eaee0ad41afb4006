using FilmScoreEmotion.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Short-time Fourier transform of a batch of signals with a periodic Hann window, as librosa.stft.
/// Results are (batch, bins, frames) views of frame-major storage: the mel product and the CQT kernels read frames as
/// rows, and copying to bin-major order would only cost time.</summary>
public static class Stft
{
    /// <summary>|STFT|. signals: (batch, samples).</summary>
    // (batch, nFft / 2 + 1, frames)
    public static Tensor Magnitude(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return SquaredMagnitude(FrameSpectra(signals, config)).sqrt().transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>|STFT|^2. signals: (batch, samples).</summary>
    // (batch, nFft / 2 + 1, frames)
    public static Tensor Power(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return PowerByFrame(signals, config).transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>|STFT|^2 with frames as rows. signals: (batch, samples).</summary>
    // (batch, frames, nFft / 2 + 1)
    internal static Tensor PowerByFrame(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return SquaredMagnitude(FrameSpectra(signals, config)).MoveToOuterDisposeScope();
    }

    /// <summary>Windowed frames every hopLength samples, centred (padded by nFft / 2 with zeros or a reflection) or
    /// not, through a one-sided FFT. signals: (batch, samples).</summary>
    // (batch, frames, nFft / 2 + 1) complex64
    static Tensor FrameSpectra(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        var input = config.Center
            ? nn.functional.pad(
                signals,
                new long[] { config.NFft / 2, config.NFft / 2 },
                config.PadMode == PadMode.Reflect ? PaddingModes.Reflect : PaddingModes.Constant)
            : signals;
        var window = TensorMemo.Get(("hann", config.NFft), signals.device, () => hann_window(config.NFft, periodic: true, dtype: ScalarType.Float32));
        return fft.rfft(input.unfold(1, config.NFft, config.HopLength).mul(window)).MoveToOuterDisposeScope();
    }

    // |z|^2 as re^2 + im^2, several times faster than torch's complex abs on the CPU.
    // x * x rather than square(), and a kept alpha: see KeptScalars.
    static Tensor SquaredMagnitude(Tensor spectrum)
    {
        var (re, im) = (spectrum.real, spectrum.imag);
        return re.mul(re).add(im.mul(im), KeptScalars.One);
    }
}

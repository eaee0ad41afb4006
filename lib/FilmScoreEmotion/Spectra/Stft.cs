using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Short-time Fourier transform of a batch of signals with a periodic Hann window, as librosa.stft.</summary>
public static class Stft
{
    /// <summary>Complex one-sided STFT. signals: (batch, samples) float32 on any device.</summary>
    // (batch, nFft / 2 + 1, frames) complex64
    public static Tensor Complex(Tensor signals, SpectrogramConfig config)
    {
        using var window = hann_window(config.NFft, periodic: true, dtype: ScalarType.Float32, device: signals.device);
        return Frames(signals, config.NFft, config.HopLength, window, config.Center, config.PadMode);
    }

    /// <summary>|STFT|. signals: (batch, samples).</summary>
    // (batch, nFft / 2 + 1, frames)
    public static Tensor Magnitude(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return Complex(signals, config).abs().MoveToOuterDisposeScope();
    }

    /// <summary>|STFT|^2. signals: (batch, samples).</summary>
    // (batch, nFft / 2 + 1, frames)
    public static Tensor Power(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return view_as_real(Complex(signals, config)).square().sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>The one-sided STFT with any window (librosa's CQT uses a rectangular one), padding a centred
    /// transform with zeros or a reflection of the signal. signals: (batch, samples).</summary>
    // (batch, nFft / 2 + 1, frames) complex64
    internal static Tensor Frames(Tensor signals, long nFft, long hopLength, Tensor window, bool center, PadMode padMode)
    {
        using var scope = NewDisposeScope();
        var input = signals;
        if (center && padMode == PadMode.Constant)
            // torch.stft's own padding only reflects or replicates; zeros are padded here.
            input = nn.functional.pad(signals, new[] { nFft / 2, nFft / 2 }, PaddingModes.Constant);
        var spectrum = stft(
            input,
            nFft,
            hop_length: hopLength,
            window: window,
            center: center && padMode == PadMode.Reflect,
            pad_mode: PaddingModes.Reflect,
            onesided: true,
            return_complex: true
        );
        return spectrum.MoveToOuterDisposeScope();
    }
}

using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Mel power spectrogram: the Slaney filterbank applied to |STFT|^2 (librosa.feature.melspectrogram).</summary>
public static class Mel
{
    /// <summary>signals: (batch, samples) float32.</summary>
    // (batch, nMels, frames)
    public static Tensor Power(Tensor signals, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        // One matrix product over all frames of the batch: (batch, frames, bins) x (bins, nMels).
        var byFrame = matmul(Stft.PowerByFrame(signals, config), Filterbank(config, signals.device));
        return byFrame.transpose(1, 2).MoveToOuterDisposeScope();
    }

    // (nFft / 2 + 1, nMels)
    static Tensor Filterbank(SpectrogramConfig config, Device device) =>
        TensorMemo.Get(
            ("mel", config.SampleRate, config.NFft, config.NMels, config.MelFMin, config.MelFMax),
            device,
            () => tensor(MelFilterbank.Weights(config), dtype: ScalarType.Float32).t().contiguous()
        );
}

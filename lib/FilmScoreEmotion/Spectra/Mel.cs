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
        return matmul(Filterbank(config, signals.device), Stft.Power(signals, config)).MoveToOuterDisposeScope();
    }

    /// <summary>The power spectrogram already computed (e.g. for a chunk of a long file) to mel bands.</summary>
    // (batch, nMels, frames)
    public static Tensor FromPower(Tensor power, SpectrogramConfig config) => matmul(Filterbank(config, power.device), power);

    // (nMels, nFft / 2 + 1)
    static Tensor Filterbank(SpectrogramConfig config, Device device) =>
        TensorMemo.Get(
            ("mel", config.SampleRate, config.NFft, config.NMels, config.MelFMin, config.MelFMax),
            device,
            () => tensor(MelFilterbank.Weights(config), dtype: ScalarType.Float32)
        );
}

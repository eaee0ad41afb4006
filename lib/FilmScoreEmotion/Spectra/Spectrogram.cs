using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>The three spectrograms of the paper behind one function: STFT magnitude, mel power, CQT magnitude,
/// optionally in dB (ref = max per example, top_db).</summary>
public static class Spectrogram
{
    /// <summary>signals: (batch, samples) float32 on the device to compute on.</summary>
    // (batch, bins, frames)
    public static Tensor Compute(Tensor signals, SpectrogramKind kind, SpectrogramConfig config, bool db = false)
    {
        using var scope = NewDisposeScope();
        var linear = kind switch
        {
            SpectrogramKind.Stft => Stft.Magnitude(signals, config),
            SpectrogramKind.Mel => Mel.Power(signals, config),
            _ => Cqt.Magnitude(signals, config),
        };
        var result = !db ? linear
            : IsPower(kind) ? Decibel.PowerToDb(linear, config.AminPower, config.TopDb)
            : Decibel.AmplitudeToDb(linear, config.AminAmplitude, config.TopDb);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Whether a kind's linear values are power (mel) rather than magnitude (STFT, CQT).</summary>
    public static bool IsPower(SpectrogramKind kind) => kind == SpectrogramKind.Mel;

    /// <summary>dB of linear values of a kind given the maximum of the whole spectrogram they belong to.</summary>
    // (..., frames)
    public static Tensor ToDb(Tensor linear, SpectrogramKind kind, double maximum, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        var result = IsPower(kind)
            ? Decibel.PowerToDbWithReference(linear, maximum, config.AminPower, config.TopDb)
            : Decibel.PowerToDbWithReference(linear.mul(linear), maximum * maximum, config.AminAmplitude * config.AminAmplitude, config.TopDb);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Frames of a centred transform of a signal of `samples` samples.</summary>
    public static long Frames(long samples, SpectrogramKind kind, SpectrogramConfig config) =>
        kind == SpectrogramKind.Cqt ? Cqt.PlanFor(config).Frames(samples) : config.Frames(samples);
}

using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Pitch-class profiles folded from a constant-Q spectrogram: each bin's power added to its pitch class over
/// every octave and every frame, so a window's twelve numbers say how much of each note it holds whatever the
/// register. Only a CQT of whole semitone bins tuned to equal temperament folds this way.</summary>
public static class Chroma
{
    public const int PitchClasses = 12;

    /// <summary>The pitch class (C = 0) of the CQT's first bin, or null when the transform's bins are not semitones
    /// of A4 = 440 Hz equal temperament, whole octaves of them.</summary>
    public static int? FirstPitchClass(SpectrogramConfig config)
    {
        if (config.BinsPerOctave != PitchClasses || config.NBins % PitchClasses != 0 || config.FMin <= 0)
            return null;
        var midi = 69 + PitchClasses * Math.Log2(config.FMin / 440.0);
        var nearest = Math.Round(midi);
        return Math.Abs(midi - nearest) > 0.25 ? null : (int)(((long)nearest % PitchClasses + PitchClasses) % PitchClasses);
    }

    /// <summary>Each window's power per pitch class, C first.</summary>
    /// <param name="db">// (windows, 1, bins, frames) dB CQT, as the caption model hears it</param>
    /// <returns>// (windows, 12)</returns>
    public static Tensor FromCqtDb(Tensor db, SpectrogramConfig config)
    {
        var first = FirstPitchClass(config) ?? throw new ArgumentException($"a CQT of {config.NBins} bins, {config.BinsPerOctave} per octave from {config.FMin} Hz does not fold into pitch classes", nameof(config));
        using var scope = NewDisposeScope();
        var windows = db.shape[0];
        // both tens held until the calls return: see Runtime.KeptScalars
        using Scalar ten = 10.0;
        var tenTensor = torch.tensor(10.0, ScalarType.Float64);
        var power = torch.pow(tenTensor, db.to(ScalarType.Float64).div(ten)).reshape(windows, config.NBins / PitchClasses, PitchClasses, -1);
        var folded = power.sum(dim: 1).mean(dimensions: [2]); // (windows, 12) from the first bin's pitch class on
        return torch.roll(folded, first, 1).MoveToOuterDisposeScope();
    }
}

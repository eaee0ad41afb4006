using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Four of the expressive cues by which listeners hear emotion in music (Juslin and Laukka 2003, 2004), as a
/// window's constant-Q spectrogram shows them: how much and how sharply new sound arrives (tempo, articulation), how
/// much the level moves within the window, how high the sound lies, and how noise-like it is (dense dissonance,
/// percussion). Each is one number per window, read from the networks' own input, so a caption costs no second
/// transform.</summary>
public static class ExpressiveCues
{
    public const int Count = 4;

    public static readonly string[] Names = ["flux", "dynamics", "register", "flatness"];

    /// <param name="db">// (windows, 1, bins, frames) dB CQT, as the caption model hears it</param>
    /// <returns>// (windows, 4): flux (mean rise in dB per frame and bin), dynamics (spread over frames of the frame's
    /// level, dB), register (power-weighted mean bin, in octaves above the lowest), flatness (mean over frames of the
    /// bins' mean dB less the dB of their mean power; 0 for white noise, more negative for fewer, stronger partials)</returns>
    public static Tensor FromCqtDb(Tensor db, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        var x = db.to(ScalarType.Float64).squeeze(1); // (windows, bins, frames)
        var (bins, frames) = (x.shape[1], x.shape[2]);
        // every Scalar held until the calls return: see Runtime.KeptScalars
        using Scalar toPower = Math.Log(10) / 10, toDb = 10 / Math.Log(10), zero = 0.0;
        var flux = (x.narrow(2, 1, frames - 1) - x.narrow(2, 0, frames - 1)).clamp_min(zero).mean(dimensions: [1, 2]);
        var power = x.mul(toPower).exp();
        var frameLevel = power.sum(dim: 1).log().mul(toDb); // (windows, frames)
        var dynamics = frameLevel.std(dimensions: [1], unbiased: false);
        var spectrum = power.mean(dimensions: [2]); // (windows, bins)
        using var octaves = torch.arange(bins, ScalarType.Float64).div(torch.tensor((double)config.BinsPerOctave, ScalarType.Float64));
        var register = spectrum.mul(octaves).sum(dim: 1).div(spectrum.sum(dim: 1));
        var flatness = (x.mean(dimensions: [1]) - power.mean(dimensions: [1]).log().mul(toDb)).mean(dimensions: [1]);
        return torch.stack([flux, dynamics, register, flatness], 1).MoveToOuterDisposeScope();
    }
}

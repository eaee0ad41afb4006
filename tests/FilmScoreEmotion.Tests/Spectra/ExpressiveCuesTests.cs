using FilmScoreEmotion.Spectra;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>The four expressive cues read from a dB CQT: pinned to numpy's reading of the same formulae, and what
/// each must say of a spectrogram whose answer is known.</summary>
public class ExpressiveCuesTests
{
    static double[] Cues(double[,,] db, SpectrogramConfig config)
    {
        var (windows, bins, frames) = (db.GetLength(0), db.GetLength(1), db.GetLength(2));
        var flat = new double[windows * bins * frames];
        Buffer.BlockCopy(db, 0, flat, 0, flat.Length * sizeof(double));
        using var x = torch.tensor(flat, [windows, 1, bins, frames]);
        using var cues = ExpressiveCues.FromCqtDb(x, config);
        Assert.Equal([windows, ExpressiveCues.Count], cues.shape);
        return cues.data<double>().ToArray();
    }

    [Fact]
    public void MatchNumpysReadingOfTheSameFormulae()
    {
        // levels 0 to -80 dB in steps of 8, two octaves of 12 bins, ten frames; the reference is numpy 1.24 on the
        // same array: np.maximum(0, np.diff(db, axis=2)).mean((1, 2)); the std over frames of 10 log10 of the bins'
        // summed power; the power-weighted mean of bin / 12; the mean over frames of mean dB less 10 log10 mean power
        var db = new double[2, 24, 10];
        for (var w = 0; w < 2; w++)
            for (var b = 0; b < 24; b++)
                for (var t = 0; t < 10; t++)
                    db[w, b, t] = -80.0 * ((w * 7 + b * 3 + t * 5) % 11) / 10;
        var cues = Cues(db, new SpectrogramConfig { NBins = 24 });
        double[] expected = [21.77777777777778, 0.5872115317913441, 0.9431596238458597, -30.16266979494909, 22.0, 0.5899086968498592, 0.9766282421180549, -30.42475536032466];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], cues[i], 1e-9);
    }

    [Fact]
    public void ASteadyFlatSpectrumHasNoFluxNoDynamicsAndIsPerfectlyFlat()
    {
        var db = new double[1, 84, 63];
        for (var b = 0; b < 84; b++)
            for (var t = 0; t < 63; t++)
                db[0, b, t] = -20;
        var cues = Cues(db, new SpectrogramConfig());
        Assert.Equal(0, cues[0], 1e-12);
        Assert.Equal(0, cues[1], 1e-9);
        Assert.Equal(83 / 2.0 / 12, cues[2], 1e-9); // the middle bin, in octaves
        Assert.Equal(0, cues[3], 1e-9);
    }

    [Fact]
    public void ALoneToneSitsInItsOctaveAndAnAttackIsFluxAndDynamics()
    {
        var db = new double[1, 84, 20];
        for (var b = 0; b < 84; b++)
            for (var t = 0; t < 20; t++)
                db[0, b, t] = b == 45 && t >= 10 ? 0 : -80;
        var cues = Cues(db, new SpectrogramConfig());
        // one bin rises by 80 dB once, in 19 frame steps of 84 bins
        Assert.Equal(80.0 / (19 * 84), cues[0], 1e-9);
        // half the frames at the floor's summed level (10 log10 of 84e-8), half at the tone's (0 dB)
        Assert.Equal(10 * Math.Log10(84e-8) / 2, -cues[1], 1e-3);
        // the floor, 80 dB down, pulls the register a little towards the middle of the 84 bins
        Assert.Equal(45 / 12.0, cues[2], 0.01);
        // the floor alone is flat (0); a lone partial over it is 60 dB from flat: 80 dB over 84 bins' mean power
        Assert.Equal((-80.0 * 83 / 84 - 10 * Math.Log10((1 + 83e-8) / 84)) / 2, cues[3], 1e-9);
    }
}

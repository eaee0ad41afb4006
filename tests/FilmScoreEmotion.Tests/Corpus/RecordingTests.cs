using FilmScoreEmotion.Corpus.Synthesis;

namespace FilmScoreEmotion.Tests.Corpus;

public class RecordingTests
{
    const int Rate = 44100;

    static double Db(double gain) => 20 * Math.Log10(gain);

    [Fact]
    public void Biquads_match_the_cookbook_responses()
    {
        // Butterworth sections: -3.01 dB at the corner, unity far in the pass band (+-0.01 dB).
        Assert.Equal(-3.01, Db(Biquad.LowPass(8000, Rate).Gain(8000, Rate)), 2);
        Assert.Equal(0, Db(Biquad.LowPass(8000, Rate).Gain(50, Rate)), 2);
        Assert.Equal(-3.01, Db(Biquad.HighPass(100, Rate).Gain(100, Rate)), 2);
        Assert.Equal(0, Db(Biquad.HighPass(100, Rate).Gain(10000, Rate)), 2);
        // Shelves: the full gain at DC or near Nyquist, half of it (in dB) at the corner.
        Assert.Equal(6, Db(Biquad.LowShelf(250, 6, Rate).Gain(1, Rate)), 2);
        Assert.Equal(3, Db(Biquad.LowShelf(250, 6, Rate).Gain(250, Rate)), 1);
        Assert.Equal(-8, Db(Biquad.HighShelf(3500, -8, Rate).Gain(21000, Rate)), 1);
        Assert.Equal(0, Db(Biquad.HighShelf(3500, -8, Rate).Gain(20, Rate)), 2);
    }

    static double[] Noise(int n, int seed)
    {
        var rng = Rng.For(seed, 0, "test");
        return [.. Enumerable.Range(0, n).Select(_ => rng.Uniform(-0.5, 0.5))];
    }

    static double BandEnergy(double[] x, double fromHz, double toHz)
    {
        var spectrum = x.Select(v => new System.Numerics.Complex(v, 0)).ToArray();
        MathNet.Numerics.IntegralTransforms.Fourier.Forward(spectrum, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
        var from = (int)(fromHz / Rate * x.Length);
        var to = (int)(toHz / Rate * x.Length);
        return spectrum.Skip(from).Take(to - from).Sum(c => c.Magnitude * c.Magnitude);
    }

    [Fact]
    public void Lossy_coding_reconstructs_perfectly_without_quantisation_and_removes_the_band_above_its_cutoff()
    {
        var x = Noise(16384, 1);
        var lossless = LossyCoding.Apply(x, Rate, Rate, 300);
        Assert.All(x.Zip(lossless), p => Assert.Equal(p.First, p.Second, 9));
        var coded = LossyCoding.Apply(x, Rate, 11000, 30);
        // Above the cutoff under -40 dB of what was there (measured -45 dB: what remains is the synthesis window's
        // leakage across the cut); below it within 1 dB (the quantisation noise is ~-30 dB).
        var above = Db(Math.Sqrt(BandEnergy(coded, 11600, 21000) / BandEnergy(x, 11600, 21000)));
        Assert.True(above < -40, $"{above:0.0} dB");
        Assert.InRange(Db(Math.Sqrt(BandEnergy(coded, 100, 10000) / BandEnergy(x, 100, 10000))), -1, 1);
    }

    [Fact]
    public void The_master_has_the_delivery_level_and_folds_stereo_by_the_drawn_weight()
    {
        var left = Noise(Rate * 2, 2);
        var right = Noise(Rate * 2, 3);
        var stereo = new float[2 * left.Length];
        for (var i = 0; i < left.Length; i++)
            (stereo[2 * i], stereo[2 * i + 1]) = ((float)left[i], (float)right[i]);
        var plain = RecordingConditions.DrawFilm(Rng.For(1, 0, "r")) with
        {
            RoomWet = 0,
            HighPassHz = 5,
            LowShelfDb = 0,
            HighShelfDb = 0,
            BandLimitHz = Rate,
            NoiseDb = -120,
            HumHz = 0,
            CodecCutoffHz = 0,
            LevelDb = -20,
        };
        double Correlation(float[] a, double[] b)
        {
            var middle = Enumerable.Range(Rate / 10, a.Length - Rate / 5);
            var ab = middle.Sum(i => a[i] * b[i]);
            return ab / Math.Sqrt(middle.Sum(i => (double)a[i] * a[i]) * middle.Sum(i => b[i] * b[i]));
        }
        foreach (var weight in new[] { 0.0, 0.5, 1.0 })
        {
            var master = Recording.Apply(stereo, Rate, plain with { MonoLeftWeight = weight }, Rng.For(1, 0, "n"));
            // Level over the whole master, fades included: within 0.2 dB of the drawn level.
            Assert.Equal(-20, Db(Math.Sqrt(master.Average(v => (double)v * v))), 0.2);
            // Two independent noises folded with weights w and 1 - w: correlations w and 1 - w over their norm.
            var norm = Math.Sqrt(weight * weight + (1 - weight) * (1 - weight));
            // Independent noises of 88,200 samples correlate by chance to about 1/sqrt(n) = 0.003.
            Assert.Equal(weight / norm, Correlation(master, left), 0.02);
            Assert.Equal((1 - weight) / norm, Correlation(master, right), 0.02);
        }
    }
}

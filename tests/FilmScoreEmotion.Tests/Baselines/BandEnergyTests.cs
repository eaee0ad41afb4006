using FilmScoreEmotion.Baselines;

namespace FilmScoreEmotion.Tests.Baselines;

public class BandEnergyTests
{
    static float[] Tone(double hz, double seconds, int sampleRate, double amplitude = 0.5) =>
        Enumerable
            .Range(0, (int)(seconds * sampleRate))
            .Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / sampleRate)))
            .ToArray();

    [Theory]
    [InlineData(110.0)]
    [InlineData(440.0)]
    [InlineData(1760.0)]
    public void A_tone_peaks_in_the_band_centred_nearest_its_frequency(double hz)
    {
        var config = new BandEnergy.Config();
        var rows = BandEnergy.SegmentFeatures(Tone(hz, 4.5, 44100), 44100, config);
        Assert.Equal(2, rows.Length);
        var expected = (int)Math.Round(config.BandsPerOctave * Math.Log2(hz / config.FMin));
        Assert.All(rows, r => Assert.Equal(expected, Array.IndexOf(r, r.Max())));
    }

    [Fact]
    public void Doubling_the_amplitude_adds_six_decibels_to_every_band()
    {
        var config = new BandEnergy.Config();
        var quiet = BandEnergy.SegmentFeatures(Tone(440, 2, 44100, 0.1), 44100, config)[0];
        var loud = BandEnergy.SegmentFeatures(Tone(440, 2, 44100, 0.2), 44100, config)[0];
        var peak = Array.IndexOf(quiet, quiet.Max());
        Assert.Equal(20 * Math.Log10(2), loud[peak] - quiet[peak], 2);
    }

    [Fact]
    public void Audio_shorter_than_a_segment_gives_no_rows() =>
        Assert.Empty(BandEnergy.SegmentFeatures(new float[1000], 44100, new BandEnergy.Config()));
}

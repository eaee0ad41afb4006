using FilmScoreEmotion.Spectra;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>The CQT folds into pitch classes only where its bins are equal-tempered semitones in whole octaves, and a
/// tone lands on its own pitch class in any octave.</summary>
public class ChromaTests
{
    [Fact]
    public void OnlyWholeOctavesOfSemitonesFoldAndTheFirstBinNamesItsPitchClass()
    {
        var paper = new SpectrogramConfig();
        Assert.Equal(0, Chroma.FirstPitchClass(paper)); // C1
        Assert.Equal(9, Chroma.FirstPitchClass(paper with { FMin = 27.5 })); // A0
        Assert.Equal(9, Chroma.FirstPitchClass(paper with { FMin = 440 * Math.Pow(2, 0.2 / 12) })); // 20 cents sharp: still A
        Assert.Null(Chroma.FirstPitchClass(paper with { FMin = 440 * Math.Pow(2, 0.5 / 12) })); // a quarter tone: neither
        Assert.Null(Chroma.FirstPitchClass(paper with { BinsPerOctave = 24, NBins = 168 }));
        Assert.Null(Chroma.FirstPitchClass(paper with { NBins = 80 }));
    }

    [Theory]
    [InlineData(440.0, 9)] // A4
    [InlineData(110.0, 9)] // A2: another octave, the same pitch class
    [InlineData(261.6256, 0)] // C4
    [InlineData(369.9944, 6)] // F#4
    public void ATonesPowerGoesToItsPitchClass(double hz, int pitchClass)
    {
        var config = new SpectrogramConfig();
        var samples = Enumerable.Range(0, 2 * config.SampleRate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / config.SampleRate))).ToArray();
        using var signal = torch.tensor(samples, [1, samples.Length]);
        using var db = Spectrogram.Compute(signal, SpectrogramKind.Cqt, config, db: true).unsqueeze(1); // (1, 1, bins, frames)

        using var chroma = Chroma.FromCqtDb(db, config); // (1, 12)

        var values = chroma.data<double>().ToArray();
        Assert.Equal(12, values.Length);
        Assert.Equal(pitchClass, Array.IndexOf(values, values.Max()));
        // a semitone away the CQT's filters still hear it: measured 23-26 % of the peak (-6 dB); further away, less than 5 %
        for (var offset = 1; offset < 12; offset++)
        {
            var share = values[(pitchClass + offset) % 12] / values.Max();
            Assert.True(share < (offset is 1 or 11 ? 0.3 : 0.05), $"{offset} semitones up holds {share:P1} of the peak");
        }
    }
}

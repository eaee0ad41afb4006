using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>Mathematical properties the kernels must have whatever librosa does.</summary>
public class PropertyTests
{
    static readonly SpectrogramConfig Config = new();

    // (1, samples)
    static Tensor Sine(double hz, int samples = 32000, double amplitude = 0.5) =>
        tensor(Enumerable.Range(0, samples).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / 16000))).ToArray()).unsqueeze(0);

    [Fact]
    public void TwoSecondClipsHaveThePapersShapes()
    {
        using var scope = NewDisposeScope();
        var clips = randn(3, 32000);
        Assert.Equal(new long[] { 3, 257, 126 }, Spectrogram.Compute(clips, SpectrogramKind.Stft, Config).shape);
        Assert.Equal(new long[] { 3, 128, 126 }, Spectrogram.Compute(clips, SpectrogramKind.Mel, Config).shape);
        Assert.Equal(new long[] { 3, 84, 126 }, Spectrogram.Compute(clips, SpectrogramKind.Cqt, Config).shape);
    }

    /// A4 = MIDI 69, C1 = MIDI 24: bin 45 with 12 bins per octave from C1.
    [Fact]
    public void A440ToneHasItsCqtPeakInTheA4Bin()
    {
        using var scope = NewDisposeScope();
        var cqt = Cqt.Magnitude(Sine(440), Config)[0];
        var middle = cqt[.., 63];
        Assert.Equal(45, middle.argmax().item<long>());
        // Neighbouring filters interleave: a semitone away the response is about half the peak, two away a few percent.
        var peak = middle[45].item<float>();
        foreach (var neighbour in new[] { 44, 46 })
            Assert.InRange(middle[neighbour].item<float>() / peak, 0.4f, 0.6f);
        foreach (var distant in new[] { 43, 47 })
            Assert.True(middle[distant].item<float>() / peak < 0.05f);
    }

    [Theory]
    [InlineData(110.0, 21)]
    [InlineData(1760.0, 69)]
    public void CqtPeaksAtTheToneSemitoneInEveryOctave(double hz, long bin)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(bin, Cqt.Magnitude(Sine(hz), Config)[0][.., 63].argmax().item<long>());
    }

    /// An impulse inside a frame has a flat magnitude spectrum: |X_k| = w[n0] for every k.
    [Fact]
    public void ImpulseTrainIsFlatAcrossStftBins()
    {
        using var scope = NewDisposeScope();
        var impulses = zeros(1, 32000);
        for (var n = 0; n < 32000; n += 4000)
            impulses[0, n] = 1.0f;
        // Frame 20 is centred on sample 5120; its only impulse, at 4000, is 1120 samples away: outside its window.
        // Frame 16 is centred on sample 4096: the impulse at 4000 lies 96 samples before the centre.
        var magnitude = Stft.Magnitude(impulses, Config)[0];
        var frame = magnitude[.., 16];
        var expected = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (256 - 96) / 512.0);
        Assert.True((frame - (float)expected).abs().max().item<float>() < 1e-5f, "the spectrum of one windowed impulse is flat");
        Assert.True(magnitude[.., 20].abs().max().item<float>() < 1e-6f);
    }

    /// Parseval per frame: sum over the full spectrum of |X_k|^2 = nFft * sum (w x)^2; from the one-sided spectrum,
    /// the bins other than DC and Nyquist count twice.
    [Fact]
    public void StftFramesObeyParseval()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var signal = randn(2, 32000);
        var power = Stft.Power(signal, Config with { Center = false });
        var weights = ones(257);
        weights[1..256] = tensor(2.0f);
        var spectral = power.mul(weights.unsqueeze(1)).sum(1);
        var window = hann_window(512, periodic: true);
        var temporal = signal.unfold(1, 512, 256).mul(window).square().sum(-1).mul(512);
        var relative = (spectral - temporal).abs().div(temporal).max().item<float>();
        Assert.True(relative < 1e-5f, $"Parseval off by {relative:E2}");
    }

    /// Linear in the signal: CQT magnitude and STFT magnitude scale with the amplitude, mel power with its square.
    [Fact]
    public void KernelsScaleWithTheAmplitude()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = randn(1, 32000);
        foreach (var (kind, power) in new[] { (SpectrogramKind.Stft, 1), (SpectrogramKind.Mel, 2), (SpectrogramKind.Cqt, 1) })
        {
            var single = Spectrogram.Compute(x, kind, Config);
            var triple = Spectrogram.Compute(x.mul(3), kind, Config);
            var error = (triple - single.mul(Math.Pow(3, power))).abs().max().item<float>() / triple.abs().max().item<float>();
            Assert.True(error < 1e-5f, $"{kind}: {error:E2}");
        }
    }

    /// Every example of a batch equals that example computed alone (dB included: the reference is per example).
    [Fact]
    public void BatchingDoesNotMixExamples()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var batch = randn(3, 32000).mul(tensor(new[] { 1.0f, 0.01f, 10.0f }).unsqueeze(1));
        foreach (var kind in new[] { SpectrogramKind.Stft, SpectrogramKind.Mel, SpectrogramKind.Cqt })
        {
            var together = Spectrogram.Compute(batch, kind, Config, db: true);
            var alone = Spectrogram.Compute(batch[1..2], kind, Config, db: true);
            Assert.True((together[1..2] - alone).abs().max().item<float>() < 1e-3f, kind.ToString());
        }
    }

    [Fact]
    public void DecibelsAreZeroAtTheMaximumAndFlooredAtTopDb()
    {
        using var scope = NewDisposeScope();
        var power = tensor(new[] { 1e-12f, 1e-9f, 0.5f, 2.0f }).reshape(1, 1, 4);
        var db = Decibel.PowerToDb(power, 1e-10, 80).reshape(4);
        Assert.Equal(-80.0f, db[0].item<float>(), 4);
        Assert.Equal(-80.0f, db[1].item<float>(), 4);
        Assert.Equal((float)(10 * Math.Log10(0.25)), db[2].item<float>(), 4);
        Assert.Equal(0.0f, db[3].item<float>(), 6);
    }

    /// scipy.signal.firwin(41, 0.5, window=('kaiser', 5.0)) for resample_poly(x, 1, 2): a half-band filter, so every
    /// even tap but the centre is zero, symmetric, unit DC gain; three taps as scipy 1.10 computes them.
    [Fact]
    public void HalvingFilterIsTheSymmetricHalfBandKaiserDesign()
    {
        var taps = Decimation.Taps(2);
        Assert.Equal(41, taps.Length);
        Assert.Equal(1.0, taps.Sum(), 12);
        for (var m = 1; m <= 20; m++)
        {
            Assert.Equal(taps[20 - m], taps[20 + m], 15);
            if (m % 2 == 0)
                Assert.True(Math.Abs(taps[20 + m]) < 1e-15);
        }
        Assert.Equal(0.5002587352980301, taps[20], 12);
        Assert.Equal(0.31670034568030075, taps[21], 12);
        Assert.Equal(-0.0010514587726751215, taps[39], 12);
    }

    /// A tone well inside the passband is halved without change of amplitude; above the new Nyquist it is removed.
    [Fact]
    public void HalvingKeepsThePassbandAndRemovesTheStopband()
    {
        using var scope = NewDisposeScope();
        var low = Decimation.Decimate(Sine(1000, 16000, 1.0), 2)[0, 1000..7000];
        Assert.InRange(low.abs().max().item<float>(), 0.99f, 1.01f);
        var high = Decimation.Decimate(Sine(6500, 16000, 1.0), 2)[0, 1000..7000];
        Assert.True(high.abs().max().item<float>() < 1e-3f);
    }

    /// Where librosa downsamples before the first octave (a few low bins), the result stays close to the same filters
    /// applied at the full rate, as the 16 kHz fixtures are (about 1.5 % apart).
    [Fact]
    public void EarlyDownsamplingStaysCloseToTheFullRateTransform()
    {
        using var scope = NewDisposeScope();
        var config = Config with { NBins = 24 };
        Assert.True(Cqt.PlanFor(config).EarlyFactor > 1);
        var chirp = tensor(Fixtures.LoadFloats("signals/chirp.npy")).unsqueeze(0);
        var polyphase = Cqt.Magnitude(chirp, config);
        var fullRate = Cqt.Magnitude(chirp, config with { CqtAlgorithm = CqtAlgorithm.FullRate });
        Assert.Equal(fullRate.shape, polyphase.shape);
        var relative = ((polyphase - fullRate).norm() / fullRate.norm()).item<float>();
        Assert.True(relative < 0.05f, $"relative difference {relative:E2}");
    }

    [Fact]
    public void FilterBeyondNyquistIsRejectedWithTheReason()
    {
        var e = Assert.Throws<ArgumentException>(() => CqtPlan.For(Config with { NBins = 96 }));
        Assert.Contains("Nyquist", e.Message);
    }
}

using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>Every kernel against librosa 0.11 on the five fixture signals, at the fixtures README's tolerances:
/// 1e-5 relative for STFT, mel and the filterbanks; 1e-4 for CQT (float32 through seven resampling stages).</summary>
public class KernelFixtureTests
{
    static readonly string[] Signals = { "sine440", "chirp", "noise", "triad", "impulses" };
    static readonly SpectrogramConfig Config = new();

    // (5, 32000): all fixture signals as one batch, so batching is what is pinned.
    static Tensor Batch() => stack(Signals.Select(s => tensor(Fixtures.LoadFloats($"signals/{s}.npy"))).ToArray());

    static double[] Row(Tensor batch, string signal) =>
        batch[Array.IndexOf(Signals, signal)].to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

    static void Pin(Func<Tensor, Tensor> kernel, string fixture, double tolerance, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var result = kernel(Batch());
        Assert.Equal(new long[] { Signals.Length }.Concat(shape).ToArray(), result.shape);
        foreach (var signal in Signals)
        {
            var expected = Fixtures.Load(string.Format(fixture, signal));
            Assert.Equal(shape, expected.Shape.Select(d => (long)d));
            SpectraAssert.Close(Row(result, signal), expected.Data, tolerance, string.Format(fixture, signal));
        }
    }

    [Fact]
    public void StftConstantPaddingMatchesLibrosa() =>
        Pin(b => Stft.Magnitude(b, Config), "stft/{0}.constant.npy", 1e-5, new long[] { 257, 126 });

    [Fact]
    public void StftReflectPaddingMatchesLibrosa() =>
        Pin(b => Stft.Magnitude(b, Config with { PadMode = PadMode.Reflect }), "stft/{0}.reflect.npy", 1e-5, new long[] { 257, 126 });

    [Fact]
    public void MelPowerMatchesLibrosa() =>
        Pin(b => Mel.Power(b, Config), "mel/{0}.npy", 1e-5, new long[] { 128, 126 });

    [Fact]
    public void CqtPolyphaseMatchesLibrosa() =>
        Pin(b => Cqt.Magnitude(b, Config), "cqt/{0}.librosa_polyphase.npy", 1e-4, new long[] { 84, 126 });

    [Fact]
    public void CqtFullRateMatchesLibrosaFiltersAtFullRate() =>
        Pin(b => Cqt.Magnitude(b, Config with { CqtAlgorithm = CqtAlgorithm.FullRate }), "cqt/{0}.full_rate.npy", 1e-4, new long[] { 84, 126 });

    [Fact]
    public void PowerToDbOfMelMatchesLibrosa() =>
        Pin(b => Spectrogram.Compute(b, SpectrogramKind.Mel, Config, db: true), "db/{0}.mel.npy", 1e-5, new long[] { 128, 126 });

    [Fact]
    public void AmplitudeToDbOfCqtMatchesLibrosa() =>
        Pin(b => Spectrogram.Compute(b, SpectrogramKind.Cqt, Config, db: true), "db/{0}.cqt.npy", 1e-5, new long[] { 84, 126 });

    [Fact]
    public void MelFilterbankMatchesLibrosa()
    {
        var expected = Fixtures.Load("filters/mel_basis.npy");
        var weights = MelFilterbank.Weights(Config);
        Assert.Equal(expected.Shape, new[] { weights.GetLength(0), weights.GetLength(1) });
        SpectraAssert.Close(weights.Cast<double>().ToArray(), expected.Data, 1e-5, "mel_basis");
    }

    [Fact]
    public void CqtFrequenciesAndLengthsMatchLibrosa()
    {
        var freqs = CqtFilters.Frequencies(Config.FMin, Config.NBins, Config.BinsPerOctave);
        var alpha = CqtFilters.RelativeBandwidth(freqs, Config.BinsPerOctave);
        SpectraAssert.Close(freqs, Fixtures.Load("filters/cqt_freqs.npy").Data, 1e-5, "cqt_freqs");
        SpectraAssert.Close(
            CqtFilters.Lengths(freqs, alpha, Config.SampleRate, Config.FilterScale),
            Fixtures.Load("filters/cqt_lengths.npy").Data,
            1e-5,
            "cqt_lengths");
    }
}

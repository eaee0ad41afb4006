using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class SpectrumAugmentationTests
{
    static readonly SpectrumAugmentationConfig Off = new(LowShelfDb: 0, HighShelfDb: 0, TiltDb: 0, MaxShiftBins: 0);

    /// dB spectrograms as the features are: 0 dB at each example's maximum, nothing below -80.
    static Tensor Features(int batch, int bins = 84, int frames = 10, int seed = 3) // (batch, 1, bins, frames)
    {
        using var random = new Generator((ulong)seed, CPU);
        var x = rand([batch, 1, bins, frames], generator: random).mul(90).sub(85).clamp_min(-80);
        return x.sub(x.amax([1L, 2L, 3L], keepdim: true)).clamp_min(-80);
    }

    static Tensor Augment(Tensor x, SpectrumAugmentationConfig config, int seed)
    {
        using var random = new Generator((ulong)seed, CPU);
        return SpectrumAugmentation.Apply(x, config, random);
    }

    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    [Fact]
    public void OffReturnsTheInputItself()
    {
        using var scope = NewDisposeScope();
        var x = Features(2);
        Assert.Same(x, Augment(x, Off, 0));
        Assert.True(Off.IsOff);
        Assert.False(new SpectrumAugmentationConfig().IsOff);
    }

    [Fact]
    public void KeepsTheShapeAndTheFeaturesScale()
    {
        using var scope = NewDisposeScope();
        var x = Features(5);
        var y = Augment(x, new SpectrumAugmentationConfig { MaxShiftBins = 2 }, 0);
        Assert.Equal(x.shape, y.shape);
        Assert.All(y.amax([1L, 2L, 3L]).data<float>().ToArray(), m => Assert.Equal(0f, m, 1e-4f));
        Assert.True(y.min().item<float>() >= -80f);
        Assert.False(y.isnan().any().item<bool>());
        Assert.False(Same(y, x));
    }

    [Fact]
    public void TheSameSeedGivesTheSameBatchAndAnotherSeedAnother()
    {
        using var scope = NewDisposeScope();
        var x = Features(4);
        var config = new SpectrumAugmentationConfig { MaxShiftBins = 2 };
        Assert.True(Same(Augment(x, config, 7), Augment(x, config, 7)));
        Assert.False(Same(Augment(x, config, 7), Augment(x, config, 8)));
    }

    /// A flat spectrogram (0 dB everywhere) comes back as the drawn curve scaled to 0 dB at its maximum: Apply adds
    /// exactly the curves Curves reports for the same seed.
    [Fact]
    public void AFlatSpectrogramBecomesItsCurve()
    {
        using var scope = NewDisposeScope();
        var config = new SpectrumAugmentationConfig();
        var y = Augment(zeros(6, 1, 84, 3), config, 5);
        using var random = new Generator(5, CPU);
        var curves = SpectrumAugmentation.Curves(6, 84, config, random).to(ScalarType.Float32); // (6, 84)
        var expected = curves.sub(curves.amax([1L], keepdim: true)).reshape(6, 1, 84, 1).expand(6, 1, 84, 3);
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-4), $"largest difference {y.sub(expected).abs().max().item<float>()} dB");
    }

    /// Over many draws the curves stay within their bound, reach most of it, and each part moves only its own end.
    [Fact]
    public void CurvesRespectTheirRangeAndReachIt()
    {
        using var scope = NewDisposeScope();
        var config = new SpectrumAugmentationConfig();
        using var random = new Generator(1, CPU);
        var curves = SpectrumAugmentation.Curves(2000, 84, config, random); // (2000, 84)
        Assert.True(curves.abs().max().item<double>() <= config.MaxCurveDb, $"largest {curves.abs().max().item<double>()} dB");
        Assert.True(curves.select(1, 0).abs().max().item<double>() > 0.8 * config.LowShelfDb);

        var lowOnly = config with { HighShelfDb = 0, TiltDb = 0 };
        using var again = new Generator(1, CPU);
        var low = SpectrumAugmentation.Curves(2000, 84, lowOnly, again);
        var bottom = low.select(1, 0);
        Assert.True(bottom.abs().max().item<double>() <= lowOnly.LowShelfDb);
        Assert.True(bottom.max().item<double>() > 0.7 * lowOnly.LowShelfDb && bottom.min().item<double>() < -0.7 * lowOnly.LowShelfDb);
        // the top octave lies well above the latest low corner (bin 30): a logistic of width 4 bins leaves < 0.1 %
        Assert.True(low.narrow(1, 72, 12).abs().max().item<double>() < 0.001 * lowOnly.LowShelfDb);
        // smooth: neighbouring bins differ by at most the steepest slope of the three parts (gain / (4 width) each)
        var steepest = config.LowShelfDb / (4 * config.ShelfWidthBins) + config.HighShelfDb / (4 * config.ShelfWidthBins) + config.TiltDb / 83;
        Assert.True(curves.diff(dim: 1).abs().max().item<double>() <= steepest + 1e-9);
    }

    /// One loud bin moves by a whole number of bins within ±MaxShiftBins, every shift occurs, and the bins moved in
    /// from outside are at the floor.
    [Fact]
    public void ShiftsMoveWholeBinsWithinTheirRange()
    {
        using var scope = NewDisposeScope();
        var shiftOnly = Off with { MaxShiftBins = 2 };
        var x = full([200, 1, 84, 2], -80f);
        x[.., .., 40, ..] = tensor(0f);
        x[.., .., 0, ..] = tensor(-10f);
        x[.., .., 83, ..] = tensor(-10f);
        var y = Augment(x, shiftOnly, 2);
        var peaks = y.select(3, 0).select(1, 0).argmax(1).data<long>().ToArray();
        Assert.All(peaks, p => Assert.InRange(p, 38L, 42L));
        Assert.Equal(new long[] { 38, 39, 40, 41, 42 }, peaks.Distinct().Order().ToArray());
        float At(long example, long bin) => y[example, 0, bin, 0].item<float>();
        var up = Array.IndexOf(peaks, 42L);
        Assert.Equal((-80f, -80f, -10f), (At(up, 0), At(up, 1), At(up, 2)));
        var down = Array.IndexOf(peaks, 38L);
        Assert.Equal((-10f, -80f, -80f), (At(down, 81), At(down, 82), At(down, 83)));
    }

    /// On a flat spectrogram the floor marks exactly the masks: whole frames in one band of at most TimeMaskFrames,
    /// whole bins in one of at most FrequencyMaskBins; over many examples every width from none to the largest occurs.
    [Fact]
    public void MasksFloorOneBandOfFramesAndOneOfBins()
    {
        using var scope = NewDisposeScope();
        var masks = Off with { TimeMaskFrames = 5, FrequencyMaskBins = 10 };
        var y = Augment(zeros(300, 1, 84, 20), masks, 4).select(1, 0); // (300, 84, 20)
        Assert.True(y.eq(0f).logical_or(y.eq(-80f)).all().item<bool>());
        static int[] Band(Tensor floored) => floored.data<bool>().ToArray().Select((f, i) => f ? i : -1).Where(i => i >= 0).ToArray();
        var (frameWidths, binWidths) = (new HashSet<int>(), new HashSet<int>());
        for (var e = 0; e < 300; e++)
        {
            var example = y[e].eq(-80f); // (84, 20)
            var frames = Band(example.all(0));
            var bins = Band(example.all(1));
            Assert.True(frames.Length <= 5 && (frames.Length == 0 || frames[^1] - frames[0] == frames.Length - 1), $"frames {string.Join(',', frames)}");
            Assert.True(frames.Length == 20 || bins.Length <= 10 && (bins.Length == 0 || bins[^1] - bins[0] == bins.Length - 1), $"bins {string.Join(',', bins)}");
            var expected = zeros(84, 20, ScalarType.Bool);
            foreach (var f in frames)
                expected[.., f] = tensor(true);
            foreach (var b in bins)
                expected[b, ..] = tensor(true);
            Assert.True(example.eq(expected).all().item<bool>());
            frameWidths.Add(frames.Length);
            binWidths.Add(bins.Length);
        }
        Assert.Equal(Enumerable.Range(0, 6), frameWidths.Order());
        Assert.Equal(Enumerable.Range(0, 11), binWidths.Order());
    }

    /// Masks are drawn after the curves and shifts: switching them on changes nothing outside the masked cells.
    [Fact]
    public void MasksLeaveTheRestOfABatchAsItWas()
    {
        using var scope = NewDisposeScope();
        var x = Features(8);
        var config = new SpectrumAugmentationConfig { MaxShiftBins = 2 };
        var without = Augment(x, config, 9);
        var with = Augment(x, config with { TimeMaskFrames = 3, FrequencyMaskBins = 8 }, 9);
        var kept = with.ne(-80f);
        Assert.True(with.masked_select(kept).eq(without.masked_select(kept)).all().item<bool>());
        Assert.True(with.eq(-80f).sum().item<long>() > without.eq(-80f).sum().item<long>());
    }

    /// A floor at L dB below an example's maximum lifts every cell to at least L (to within the rounding of the power
    /// sum), moves a cell 10 dB above it by at most 0.42 dB (10 log10(1.1)) and leaves examples not drawn for it as
    /// they were; added after the curves' and masks' draws, it leaves those as they were.
    [Fact]
    public void AFloorFillsTheQuietCellsAndSparesTheLoudOnes()
    {
        using var scope = NewDisposeScope();
        var x = Features(6);
        var floored = Augment(x, Off with { FloorChance = 1, FloorLowDb = -40, FloorHighDb = -40 }, 5);
        Assert.True(floored.min().item<float>() >= -40.01f);
        var loud = x.ge(-30f);
        Assert.True(floored.masked_select(loud).sub(x.masked_select(loud)).abs().max().item<float>() <= 0.42f);
        Assert.All(floored.amax([1L, 2L, 3L]).data<float>().ToArray(), m => Assert.Equal(0f, m, 1e-4f));
        Assert.True(Same(Augment(x, Off with { FloorChance = 0 }, 5), x));
        var some = Augment(x, Off with { FloorChance = 0.5, FloorLowDb = -40, FloorHighDb = -40 }, 5);
        var lifted = Enumerable.Range(0, 6).Count(i => some[i].min().item<float>() > -79f);
        Assert.InRange(lifted, 1, 5);
        var config = new SpectrumAugmentationConfig { MaxShiftBins = 2, TimeMaskFrames = 3 };
        var floorless = Augment(x, config, 9);
        var withFloor = Augment(x, config with { FloorChance = 1, FloorLowDb = -79, FloorHighDb = -79 }, 9);
        var above = floorless.ge(-60f);
        Assert.True(withFloor.masked_select(above).sub(floorless.masked_select(above)).abs().max().item<float>() < 0.1f);
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainerConfig { Augmentation = new SpectrumAugmentationConfig { TiltDb = -1 } }.Validated());
        Assert.Contains("bad spectrum augmentation", error.Message);
        Assert.Throws<ArgumentException>(() => new SpectrumAugmentationConfig { LowCornerMinBins = 31 }.Validated());
        Assert.Throws<ArgumentException>(() => new SpectrumAugmentationConfig { TimeMaskFrames = -1 }.Validated());
        Assert.Throws<ArgumentException>(() => new SpectrumAugmentationConfig { FloorChance = 1.5 }.Validated());
        Assert.Throws<ArgumentException>(() => new SpectrumAugmentationConfig { FloorChance = 0.5, FloorLowDb = -30, FloorHighDb = -40 }.Validated());
        Assert.Throws<ArgumentException>(() => new SpectrumAugmentationConfig { FloorChance = 0.5, FloorHighDb = 3 }.Validated());
    }

    /// The paper's grid trains without augmentation, and its run ids and checkpoints stay as they were; a run with it
    /// never resumes one without.
    [Fact]
    public void AugmentationIsOffByDefaultAndNamedInTheFingerprint()
    {
        Assert.Null(new TrainerConfig().Augmentation);
        Assert.Equal(new TrainerConfig().Fingerprint, new TrainerConfig { Augmentation = Off }.Fingerprint);
        Assert.EndsWith(";" + new SpectrumAugmentationConfig().Fingerprint, new TrainerConfig { Augmentation = new SpectrumAugmentationConfig() }.Fingerprint);
        Assert.NotEqual(new SpectrumAugmentationConfig().Fingerprint, new SpectrumAugmentationConfig { MaxShiftBins = 2 }.Fingerprint);
        Assert.DoesNotContain("masks", new SpectrumAugmentationConfig().Fingerprint);
        Assert.EndsWith(";masks=4/0", new SpectrumAugmentationConfig { TimeMaskFrames = 4 }.Fingerprint);
        Assert.False((Off with { FrequencyMaskBins = 1 }).IsOff);
        Assert.DoesNotContain("floor", new SpectrumAugmentationConfig().Fingerprint);
        Assert.EndsWith(";floor=0.5@-60/-35", new SpectrumAugmentationConfig { FloorChance = 0.5 }.Fingerprint);
        Assert.False((Off with { FloorChance = 0.5 }).IsOff);
    }

    /// Training with augmentation is as repeatable for a seed as training without, and differs from it.
    [Fact]
    public void TrainingWithAugmentationIsDeterministicForASeed()
    {
        var data = SyntheticSegments.Blobs(3, 3, bins: 24);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var config = new TrainerConfig { MaxEpochs = 2, BatchSize = 16, Seed = 11, Augmentation = new SpectrumAugmentationConfig { MaxShiftBins = 1 } };
        (double, double)[] Run(TrainerConfig c)
        {
            using var t = Trainer.Fit(ModelKind.Basic, data, all, c, CPU, "augmented");
            return t.History.Select(h => (h.Loss, h.ValidationLoss)).ToArray();
        }
        var first = Run(config);
        Assert.Equal(first, Run(config));
        Assert.NotEqual(first, Run(config with { Augmentation = null }));
    }
}

using FilmScoreEmotion.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Random equalisation and transposition of dB spectrograms while training, so a network cannot tell the
/// classes apart by the corpus's spectral balance (recorded orchestras are measured 18 dB louder at 33-65 Hz and 5 dB
/// at 2-4 kHz than the synthetic corpus) and must use the music. Every example gets a smooth random curve across its
/// bins: a low shelf, a high shelf and a straight tilt, each of random gain, and optionally a shift by a few bins and
/// SpecAugment's masks (one band of frames and one of bins, each of random width up to its maximum, set to the floor),
/// and a dense floor: power added under the whole spectrogram at a random level, because recorded orchestras fill the
/// time-frequency plane (in the real-music check 79-87 % of the cells of a window lie within 50 dB of its maximum,
/// against 62-71 % in the corpus: more players, longer halls, noise).
/// Sizes are in bins, meant for the CQT (12 per octave). All gains zero, no shift, no masks and no floor is off.</summary>
public sealed record SpectrumAugmentationConfig(
    double LowShelfDb = 18,
    double HighShelfDb = 6,
    double TiltDb = 6,
    int LowCornerMinBins = 6,
    int LowCornerMaxBins = 30,
    int HighCornerMinBinsFromTop = 6,
    int HighCornerMaxBinsFromTop = 30,
    double ShelfWidthBins = 4,
    int MaxShiftBins = 0,
    double TopDb = 80,
    int TimeMaskFrames = 0,
    int FrequencyMaskBins = 0,
    double FloorChance = 0,
    double FloorLowDb = -60,
    double FloorHighDb = -35)
{
    public bool IsOff => LowShelfDb == 0 && HighShelfDb == 0 && TiltDb == 0 && MaxShiftBins == 0 && !Masks && !Floor;

    public bool Masks => TimeMaskFrames > 0 || FrequencyMaskBins > 0;

    /// <summary>With this chance an example gets a flat floor, its level uniform in [FloorLowDb, FloorHighDb] below its
    /// maximum, added in power before the equaliser shapes it.</summary>
    public bool Floor => FloorChance > 0;

    /// <summary>The bound no curve exceeds at any bin (dB), before the example is scaled back to 0 dB at its maximum.</summary>
    public double MaxCurveDb => LowShelfDb + HighShelfDb + TiltDb / 2;

    public SpectrumAugmentationConfig Validated() =>
        LowShelfDb < 0 || HighShelfDb < 0 || TiltDb < 0 || MaxShiftBins < 0 || TimeMaskFrames < 0 || FrequencyMaskBins < 0 || !(ShelfWidthBins > 0) || !(TopDb > 0)
        || LowCornerMinBins > LowCornerMaxBins || HighCornerMinBinsFromTop > HighCornerMaxBinsFromTop
        || !(FloorChance >= 0 && FloorChance <= 1) || !(FloorLowDb <= FloorHighDb && FloorHighDb <= 0 && FloorLowDb >= -TopDb)
            ? throw new ArgumentException(
                $"bad spectrum augmentation: shelves {LowShelfDb}/{HighShelfDb} dB and tilt {TiltDb} dB (>= 0), shift {MaxShiftBins} bins and masks {TimeMaskFrames} frames / {FrequencyMaskBins} bins (>= 0), shelf width {ShelfWidthBins} bins (> 0), top {TopDb} dB (> 0), corner ranges {LowCornerMinBins}-{LowCornerMaxBins} and {HighCornerMinBinsFromTop}-{HighCornerMaxBinsFromTop} bins (min <= max), floor chance {FloorChance} (0-1) and levels {FloorLowDb} to {FloorHighDb} dB (-top <= low <= high <= 0)")
            : this;

    /// <summary>Without masks or a floor it names nothing of them, so models trained before they existed stay current.</summary>
    public string Fingerprint =>
        $"eq={LowShelfDb:R}/{HighShelfDb:R}/{TiltDb:R}@{LowCornerMinBins}-{LowCornerMaxBins}/{HighCornerMinBinsFromTop}-{HighCornerMaxBinsFromTop}/{ShelfWidthBins:R};shift={MaxShiftBins};top={TopDb:R}"
        + (Masks ? $";masks={TimeMaskFrames}/{FrequencyMaskBins}" : "")
        + (Floor ? $";floor={FloorChance:R}@{FloorLowDb:R}/{FloorHighDb:R}" : "");
}

public static class SpectrumAugmentation
{
    /// <summary>Random draws per example: low gain, low corner, high gain, high corner, tilt, shift (uniform in [0, 1)).
    /// Always all six, so what a seed gives does not depend on which parts are switched on.</summary>
    const int Draws = 6;

    /// <summary>Random draws per example for the masks (time width, time start, bin width, bin start), drawn after the
    /// others and only when masks are on, so switching them on leaves the curves and shifts of a seed as they were.</summary>
    const int MaskDraws = 4;

    /// <summary>Random draws per example for the floor (whether, level), drawn last and only when the floor is on.</summary>
    const int FloorDraws = 2;

    /// <summary>dB spectrograms scaled as the features are (0 dB at each example's maximum, nothing below -TopDb)
    /// shifted, equalised, scaled back the same way and masked; off returns <paramref name="x"/> itself. The draws come
    /// from <paramref name="random"/> only, so a seeded generator gives the same batch every time.</summary>
    public static Tensor Apply(Tensor x, SpectrumAugmentationConfig config, Generator random) // (batch, 1, bins, frames) -> same
    {
        if (config.IsOff)
            return x;
        using var scope = NewDisposeScope();
        var draws = Draw(x.shape[0], random, x.device);
        var maskDraws = config.Masks ? Draw(x.shape[0], random, x.device, MaskDraws) : null;
        var shifted = config.MaxShiftBins == 0 ? x : Shift(x, ShiftBins(draws, config), config.TopDb);
        var filled = config.Floor ? AddFloor(shifted, Draw(x.shape[0], random, x.device, FloorDraws), config) : shifted;
        var curves = Curves(draws, x.shape[2], config).to(x.dtype).reshape(x.shape[0], 1, x.shape[2], 1);
        var equalised = filled.add(curves, KeptScalars.One);
        using Scalar bottom = -config.TopDb;
        var scaled = equalised.sub(equalised.amax([1L, 2L, 3L], keepdim: true)).clamp_min(bottom);
        return (maskDraws is null ? scaled : Mask(scaled, maskDraws, config)).MoveToOuterDisposeScope();
    }

    /// <summary>The curves <see cref="Apply"/> adds for <paramref name="count"/> examples drawn from
    /// <paramref name="random"/>, for tests and plots.</summary>
    public static Tensor Curves(long count, long bins, SpectrumAugmentationConfig config, Generator random) // (count, bins)
    {
        using var scope = NewDisposeScope();
        return Curves(Draw(count, random, CPU), bins, config).MoveToOuterDisposeScope();
    }

    static Tensor Draw(long count, Generator random, Device device, int draws = Draws) => // (count, draws)
        rand([count, draws], ScalarType.Float64, device: device, generator: random);

    /// <summary>Gains uniform in ±their bound; corners uniform in their ranges; logistic shelves, so a curve is smooth.</summary>
    static Tensor Curves(Tensor draws, long bins, SpectrumAugmentationConfig c) // (count, Draws) -> (count, bins)
    {
        using var scope = NewDisposeScope();
        Tensor Column(int i) => draws.narrow(1, i, 1); // (count, 1)
        Tensor Between(int i, double low, double high)
        {
            using Scalar span = high - low, from = low;
            return Column(i).mul(span).add(from, KeptScalars.One); // add(Scalar) alone would make its alpha on the spot: see KeptScalars
        }
        using Scalar width = c.ShelfWidthBins, half = 0.5, lastBin = Math.Max(1, bins - 1);
        var bin = arange(bins, ScalarType.Float64, device: draws.device).reshape(1, -1); // (1, bins)
        var low = Between(0, -c.LowShelfDb, c.LowShelfDb).mul(Between(1, c.LowCornerMinBins, c.LowCornerMaxBins).sub(bin).div(width).sigmoid());
        var highCorner = Between(3, bins - 1 - c.HighCornerMaxBinsFromTop, bins - 1 - c.HighCornerMinBinsFromTop);
        var high = Between(2, -c.HighShelfDb, c.HighShelfDb).mul(bin.sub(highCorner).div(width).sigmoid());
        var tilt = Between(4, -c.TiltDb, c.TiltDb).mul(bin.div(lastBin).sub(half));
        return low.add(high, KeptScalars.One).add(tilt, KeptScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Whole bins in ±MaxShiftBins, each equally likely.</summary>
    static Tensor ShiftBins(Tensor draws, SpectrumAugmentationConfig c) // (count)
    {
        using var scope = NewDisposeScope();
        using Scalar choices = 2 * c.MaxShiftBins + 1, most = c.MaxShiftBins;
        return draws.select(1, 5).mul(choices).floor().sub(most).clamp_max(most).to(ScalarType.Int64).MoveToOuterDisposeScope();
    }

    /// <summary>One band of frames and one of bins per example set to the floor, each of a width drawn from 0 to its
    /// maximum (at most the whole axis) at a start that keeps it inside.</summary>
    static Tensor Mask(Tensor x, Tensor draws, SpectrumAugmentationConfig c) // (batch, 1, bins, frames), (batch, MaskDraws) -> same
    {
        using var scope = NewDisposeScope();
        var batch = x.shape[0];
        var inBins = Band(draws.select(1, 2), draws.select(1, 3), Math.Min(c.FrequencyMaskBins, x.shape[2]), x.shape[2]).reshape(batch, 1, -1, 1);
        var inFrames = Band(draws.select(1, 0), draws.select(1, 1), Math.Min(c.TimeMaskFrames, x.shape[3]), x.shape[3]).reshape(batch, 1, 1, -1);
        using var floor = full([1L], -c.TopDb, x.dtype, device: x.device);
        return where(inBins.logical_or(inFrames), floor, x).MoveToOuterDisposeScope();
    }

    /// <summary>Which of <paramref name="length"/> positions lie in a band of width floor(u (most + 1)) starting at
    /// floor(v (length - width + 1)).</summary>
    static Tensor Band(Tensor u, Tensor v, long most, long length) // (batch), (batch) -> (batch, length) bool
    {
        using var scope = NewDisposeScope();
        using Scalar widths = most + 1, mostWidth = most, starts = length + 1;
        var width = u.mul(widths).floor().clamp_max(mostWidth).reshape(-1, 1);
        var start = v.reshape(-1, 1).mul(width.neg().add(starts, KeptScalars.One)).floor(); // v < 1: at most length - width
        var position = arange(length, ScalarType.Float64, device: u.device).reshape(1, -1);
        return position.ge(start).logical_and(position.lt(start.add(width, KeptScalars.One))).MoveToOuterDisposeScope();
    }

    /// <summary>For the examples drawn to get one, a flat floor at their level below the example's maximum, summed
    /// with the spectrogram in power: cells far above it stay as they were, cells below it rise to it.</summary>
    static Tensor AddFloor(Tensor x, Tensor draws, SpectrumAugmentationConfig c) // (batch, 1, bins, frames), (batch, FloorDraws) -> same
    {
        using var scope = NewDisposeScope();
        using Scalar chance = c.FloorChance, span = c.FloorHighDb - c.FloorLowDb, low = c.FloorLowDb, dbToLn = Math.Log(10) / 10, lnToDb = 10 / Math.Log(10);
        var level = draws.select(1, 1).mul(span).add(low).to(x.dtype).reshape(-1, 1, 1, 1);
        var floorOverCell = level.add(x.amax([1L, 2L, 3L], keepdim: true), KeptScalars.One).sub(x).mul(dbToLn).exp(); // power ratio
        var withFloor = x.add(floorOverCell.log1p().mul(lnToDb), KeptScalars.One);
        return where(draws.select(1, 0).lt(chance).reshape(-1, 1, 1, 1), withFloor, x).MoveToOuterDisposeScope();
    }

    /// <summary>Each example moved up by its shift (down when negative), the bins moved in from outside at the floor.</summary>
    static Tensor Shift(Tensor x, Tensor shifts, double topDb) // (batch, 1, bins, frames), (batch) -> (batch, 1, bins, frames)
    {
        using var scope = NewDisposeScope();
        var bins = x.shape[2];
        var source = arange(bins, ScalarType.Int64, device: x.device).reshape(1, -1).sub(shifts.reshape(-1, 1)); // (batch, bins)
        using Scalar zero = 0L, last = bins - 1;
        var inside = source.ge(zero).logical_and(source.le(last)).reshape(x.shape[0], 1, bins, 1);
        var index = source.clamp(zero, last).reshape(x.shape[0], 1, bins, 1).expand(x.shape);
        using var floor = full([1L], -topDb, x.dtype, device: x.device);
        return where(inside, x.gather(2, index), floor).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>librosa's power_to_db / amplitude_to_db with ref = max, taken per example, so every spectrogram of a batch
/// is scaled as librosa scales it alone: 0 dB at its loudest bin, nothing below -topDb.</summary>
public static class Decibel
{
    /// <summary>power: (batch, bins, frames), non-negative.</summary>
    // (batch, bins, frames)
    public static Tensor PowerToDb(Tensor power, double amin, double topDb)
    {
        if (amin <= 0 || topDb < 0)
            throw new ArgumentException($"power_to_db needs amin > 0 and topDb >= 0, got amin {amin}, topDb {topDb}");
        using var scope = NewDisposeScope();
        // Scalars held in variables until the method returns, so none can be finalised while libtorch uses it.
        using Scalar floor = amin, ten = 10.0, top = topDb;
        var reference = power.amax(new long[] { 1, 2 }, keepdim: true);
        var db = power.clamp_min(floor).log10().mul(ten).sub(reference.clamp_min(floor).log10().mul(ten));
        return db.maximum(db.amax(new long[] { 1, 2 }, keepdim: true).sub(top)).MoveToOuterDisposeScope();
    }

    /// <summary>magnitude: (batch, bins, frames); the same as power_to_db of its square with amin squared.</summary>
    // (batch, bins, frames)
    public static Tensor AmplitudeToDb(Tensor magnitude, double amin, double topDb)
    {
        using var scope = NewDisposeScope();
        return PowerToDb(magnitude.mul(magnitude), amin * amin, topDb).MoveToOuterDisposeScope();
    }

    /// <summary>PowerToDb of a part of a spectrogram whose maximum (`reference`) is known, so a long file can be
    /// converted chunk by chunk: with ref = max the loudest value is 0 dB, so the floor is simply -topDb.</summary>
    // (..., frames)
    public static Tensor PowerToDbWithReference(Tensor power, double reference, double amin, double topDb)
    {
        using var scope = NewDisposeScope();
        using Scalar floor = amin, ten = 10.0, refDb = 10.0 * Math.Log10(Math.Max(amin, reference)), bottom = -topDb;
        return power.clamp_min(floor).log10().mul(ten).sub(refDb).clamp_min(bottom).MoveToOuterDisposeScope();
    }
}

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
        var reference = power.amax(new long[] { 1, 2 }, keepdim: true);
        var db = power.clamp_min(amin).log10().mul(10.0).sub(reference.clamp_min(amin).log10().mul(10.0));
        return db.maximum(db.amax(new long[] { 1, 2 }, keepdim: true).sub(topDb)).MoveToOuterDisposeScope();
    }

    /// <summary>magnitude: (batch, bins, frames); the same as power_to_db of its square with amin squared.</summary>
    // (batch, bins, frames)
    public static Tensor AmplitudeToDb(Tensor magnitude, double amin, double topDb)
    {
        using var scope = NewDisposeScope();
        return PowerToDb(magnitude.abs().square(), amin * amin, topDb).MoveToOuterDisposeScope();
    }

    /// <summary>PowerToDb of a part of a spectrogram whose maximum (`reference`) is known, so a long file can be
    /// converted chunk by chunk: with ref = max the loudest value is 0 dB, so the floor is simply -topDb.</summary>
    // (..., frames)
    public static Tensor PowerToDbWithReference(Tensor power, double reference, double amin, double topDb)
    {
        using var scope = NewDisposeScope();
        var refDb = 10.0 * Math.Log10(Math.Max(amin, reference));
        return power.clamp_min(amin).log10().mul(10.0).sub(refDb).clamp_min(-topDb).MoveToOuterDisposeScope();
    }
}

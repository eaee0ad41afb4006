namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Applies <see cref="RecordingConditions"/> to a rendered performance: stereo folded to mono, the room
/// (<see cref="Reverb"/>), equalisation (RBJ biquads: high-pass, shelves, the band limit of an old or broadcast
/// transfer), hiss and mains hum, the delivery level, lossy coding (<see cref="LossyCoding"/>), headroom and
/// 30-ms fades.
/// </summary>
public static class Recording
{
    /// <summary>Mono master of an interleaved stereo performance. // (frames * 2) -> (frames)</summary>
    public static float[] Apply(ReadOnlySpan<float> stereo, int sampleRate, RecordingConditions conditions, Rng rng)
    {
        var frames = stereo.Length / 2;
        var mono = new float[frames];
        var w = (float)conditions.MonoLeftWeight;
        for (var i = 0; i < frames; i++)
            mono[i] = w * stereo[2 * i] + (1 - w) * stereo[2 * i + 1];
        var room = Reverb.Apply(mono, sampleRate, conditions.RoomRt60Sec, conditions.RoomWet, conditions.RoomDamping);
        var x = Array.ConvertAll(room, v => (double)v);
        var nyquistGuard = 0.45 * sampleRate;
        Biquad.HighPass(conditions.HighPassHz, sampleRate).Run(x);
        Biquad.LowShelf(250, conditions.LowShelfDb, sampleRate).Run(x);
        Biquad.HighShelf(3500, conditions.HighShelfDb, sampleRate).Run(x);
        if (conditions.BandLimitHz < nyquistGuard)
        {
            // Two cascaded sections: a 4th-order roll-off, as steep as a transfer's anti-alias filter.
            Biquad.LowPass(conditions.BandLimitHz, sampleRate).Run(x);
            Biquad.LowPass(conditions.BandLimitHz, sampleRate).Run(x);
        }
        var rms = Rms(x) + 1e-12;
        var noiseRms = rms * Math.Pow(10, conditions.NoiseDb / 20);
        var humAmp = rms * Math.Pow(10, conditions.HumDb / 20) * Math.Sqrt(2);
        var hiss = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            // Hiss: white noise through a gentle one-pole low-pass (tape and preamp noise are not flat).
            hiss = 0.6 * hiss + 0.4 * (rng.Next() - rng.Next()) * 2.45;
            x[i] += noiseRms * hiss * 2.0;
            if (conditions.HumHz > 0)
            {
                var t = i / (double)sampleRate;
                x[i] += humAmp * (Math.Sin(2 * Math.PI * conditions.HumHz * t) + 0.5 * Math.Sin(6 * Math.PI * conditions.HumHz * t));
            }
        }
        var gain = Math.Pow(10, conditions.LevelDb / 20) / (Rms(x) + 1e-12);
        for (var i = 0; i < x.Length; i++)
            x[i] *= gain;
        if (conditions.CodecCutoffHz > 0)
            x = LossyCoding.Apply(x, sampleRate, conditions.CodecCutoffHz, conditions.CodecSnrDb);
        var peak = x.Max(Math.Abs);
        var scale = peak > 0.97 ? 0.97 / peak : 1.0;
        var fade = (int)(0.03 * sampleRate);
        var result = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var ramp = Math.Min(1.0, Math.Min(i, x.Length - 1 - i) / (double)fade);
            result[i] = (float)(x[i] * scale * ramp);
        }
        return result;
    }

    static double Rms(double[] x)
    {
        var s = 0.0;
        foreach (var v in x)
            s += v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }
}

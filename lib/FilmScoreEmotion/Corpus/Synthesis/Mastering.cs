namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>The last stage: background noise of a recording, level by the piece's dynamics, short fades, headroom.</summary>
public static class Mastering
{
    public static float[] Finish(
        ReadOnlySpan<float> mix,
        int sampleRate,
        double noiseDb,
        double dynamics,
        Rng rng
    )
    {
        var rms = Math.Sqrt(Sum2(mix) / Math.Max(1, mix.Length)) + 1e-9;
        var noiseRms = rms * Math.Pow(10, noiseDb / 20);
        var targetRms = Math.Pow(10, (-32 + 16 * dynamics) / 20);
        var gain = targetRms / rms;
        var result = new float[mix.Length];
        var lp = 0.0;
        var coef = rng.Uniform(0.3, 0.9);
        var fade = (int)(0.03 * sampleRate);
        var peak = 0.0;
        for (var i = 0; i < mix.Length; i++)
        {
            lp = coef * lp + (1 - coef) * (rng.Next() - rng.Next()) * 2.45;
            var x = mix[i] + noiseRms * lp * 2.0;
            var ramp = Math.Min(1.0, Math.Min(i, mix.Length - 1 - i) / (double)fade);
            var y = x * gain * ramp;
            peak = Math.Max(peak, Math.Abs(y));
            result[i] = (float)y;
        }
        if (peak > 0.97)
        {
            var scale = (float)(0.97 / peak);
            for (var i = 0; i < result.Length; i++)
                result[i] *= scale;
        }
        return result;
    }

    static double Sum2(ReadOnlySpan<float> x)
    {
        var s = 0.0;
        foreach (var v in x)
            s += (double)v * v;
        return s;
    }
}

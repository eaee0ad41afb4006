namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Room reverberation by an 8-line feedback delay network (Jot &amp; Chaigne 1991): mutually prime delays, a
/// Householder feedback matrix (lossless, O(N)), per-line gains for the wanted RT60 and a one-pole low-pass in each
/// line so high frequencies die first, as in a hall.
/// </summary>
public static class Reverb
{
    static readonly int[] BaseDelays = [1031, 1327, 1523, 1811, 2003, 2297, 2531, 2801];

    public static float[] Apply(
        ReadOnlySpan<float> dry,
        int sampleRate,
        double rt60Sec,
        double wet,
        double damping
    )
    {
        var lines = BaseDelays.Length;
        var scale = Math.Clamp(0.6 + 0.25 * rt60Sec, 0.6, 1.5) * sampleRate / 44100.0;
        var delays = BaseDelays.Select(d => Math.Max(1, (int)(d * scale))).ToArray();
        var buffers = delays.Select(d => new double[d]).ToArray();
        var positions = new int[lines];
        var gains = delays.Select(d => Math.Pow(10, -3.0 * d / (sampleRate * rt60Sec))).ToArray();
        var lowpass = new double[lines];
        var outs = new double[lines];
        var predelay = (int)(0.02 * sampleRate);
        var result = new float[dry.Length];
        for (var n = 0; n < dry.Length; n++)
        {
            var input = n >= predelay ? dry[n - predelay] : 0f;
            var sum = 0.0;
            var tap = 0.0;
            for (var l = 0; l < lines; l++)
            {
                var y = buffers[l][positions[l]];
                lowpass[l] = (1 - damping) * y + damping * lowpass[l];
                outs[l] = lowpass[l] * gains[l];
                sum += outs[l];
                tap += (l % 2 == 0 ? 1 : -1) * y;
            }
            var householder = 2.0 / lines * sum;
            for (var l = 0; l < lines; l++)
            {
                buffers[l][positions[l]] =
                    outs[l] - householder + (l % 3 == 0 ? input : -input) * 0.5;
                positions[l] = positions[l] + 1 == delays[l] ? 0 : positions[l] + 1;
            }
            result[n] = (float)(dry[n] + wet * tap / Math.Sqrt(lines));
        }
        return result;
    }
}

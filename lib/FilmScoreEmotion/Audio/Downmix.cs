namespace FilmScoreEmotion.Audio;

public static class Downmix
{
    /// <summary>Mono as the mean of the channels (librosa's <c>to_mono</c>), from interleaved samples
    /// <c>// (frames, channels)</c> to <c>// (frames)</c>.</summary>
    public static float[] Mean(ReadOnlySpan<float> interleaved, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (interleaved.Length % channels != 0)
            throw new ArgumentException($"{interleaved.Length} samples are not a whole number of {channels}-channel frames");
        if (channels == 1)
            return interleaved.ToArray();
        var mono = new float[interleaved.Length / channels];
        for (var i = 0; i < mono.Length; i++)
        {
            var frame = interleaved.Slice(i * channels, channels);
            var sum = 0f;
            foreach (var sample in frame)
                sum += sample;
            mono[i] = sum / channels;
        }
        return mono;
    }
}

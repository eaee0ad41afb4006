namespace FilmScoreEmotion.Audio;

/// <summary>The audio front end's parameters, defaulting to the paper's: 16 kHz mono cut into non-overlapping 2-second
/// segments (32 000 samples).</summary>
/// <param name="SampleRate">Rate every input is decoded and resampled to, in Hz.</param>
/// <param name="SegmentSeconds">Length of one segment, the network's input.</param>
/// <param name="HopSeconds">Distance between segment starts; null means one segment length (no overlap, as the
/// paper).</param>
/// <param name="MinFinalSeconds">The last, partial window (the audio after the last whole segment, or the whole of an
/// excerpt shorter than one segment) becomes a zero-padded segment when it holds at least this much audio, and is
/// dropped otherwise; null means half a segment. The paper's 12.5-s excerpts thus give 6 segments (the 0.5-s tail is
/// dropped) and a 1.5-s excerpt gives one segment, zero-padded to 2 s.</param>
public sealed record AudioConfig(
    int SampleRate = 16000,
    double SegmentSeconds = 2.0,
    double? HopSeconds = null,
    double? MinFinalSeconds = null)
{
    public int SegmentSamples => Samples(SegmentSeconds, nameof(SegmentSeconds));

    public int HopSamples => Samples(HopSeconds ?? SegmentSeconds, nameof(HopSeconds));

    public int MinFinalSamples => MinFinalSeconds switch
    {
        null => SegmentSamples / 2,
        < 0 => throw new ArgumentOutOfRangeException(nameof(MinFinalSeconds), MinFinalSeconds, "must be at least 0"),
        { } s => Math.Max(1, (int)Math.Round(s * SampleRate)),
    };

    private int Samples(double seconds, string name)
    {
        if (SampleRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "must be positive");
        var samples = (int)Math.Round(seconds * SampleRate);
        return samples > 0
            ? samples
            : throw new ArgumentOutOfRangeException(name, seconds, $"must be at least one sample at {SampleRate} Hz");
    }
}

using FilmScoreEmotion.Audio;

namespace FilmScoreEmotion.Tests.Audio;

public class SegmentsTests
{
    private static readonly AudioConfig Paper = new();

    [Fact]
    public void PaperDefaults()
    {
        Assert.Equal(16000, Paper.SampleRate);
        Assert.Equal(32000, Paper.SegmentSamples);
        Assert.Equal(32000, Paper.HopSamples);
        Assert.Equal(16000, Paper.MinFinalSamples);
        var longer = Paper with { SegmentSeconds = 3.0 };
        Assert.Equal(48000, longer.HopSamples);
        Assert.Equal(24000, longer.MinFinalSamples);
        Assert.Throws<ArgumentOutOfRangeException>(() => (Paper with { HopSeconds = 0 }).HopSamples);
    }

    [Theory]
    [InlineData(12.5, 6)] // the Musical Excerpts' length: the 0.5-s tail is dropped
    [InlineData(16.0, 8)]
    [InlineData(2.0, 1)]
    [InlineData(3.0, 2)] // a 1-s tail is half a segment: kept, zero-padded
    [InlineData(2.99, 1)]
    [InlineData(1.5, 1)] // shorter than a segment but at least half of one
    [InlineData(0.99, 0)]
    [InlineData(0.0, 0)]
    public void CountsForTheTailRule(double seconds, int count)
    {
        var n = (long)Math.Round(seconds * 16000);
        Assert.Equal(count, Segments.Starts(n, Paper.SegmentSamples, Paper.HopSamples, Paper.MinFinalSamples).Length);
    }

    [Fact]
    public void OverlappingHop()
    {
        var cfg = Paper with { HopSeconds = 1.0 };
        Assert.Equal([0L, 16000, 32000, 48000, 64000], Segments.Starts(5 * 16000, cfg.SegmentSamples, cfg.HopSamples, cfg.MinFinalSamples));
        Assert.Equal([0L, 16000, 32000, 48000], Segments.Starts(5 * 16000 - 1, cfg.SegmentSamples, cfg.HopSamples, cfg.MinFinalSamples));
    }

    [Fact]
    public void SegmentsAreSlicesAndTheTailIsZeroPadded()
    {
        var signal = Enumerable.Range(1, 10).Select(i => (float)i).ToArray();
        var batch = Segments.Split(signal, segmentSamples: 4, hopSamples: 3, minFinalSamples: 2);
        Assert.Equal([0L, 3, 6], batch.Starts);
        Assert.Equal(3 * 4, batch.Data.Length);
        Assert.Equal([1f, 2, 3, 4], batch[0].ToArray());
        Assert.Equal([4f, 5, 6, 7], batch[1].ToArray());
        Assert.Equal([7f, 8, 9, 10], batch[2].ToArray());
        var padded = Segments.Split(signal[..8], 4, 4, 0);
        Assert.Equal([0L, 4], padded.Starts);
        var shortOne = Segments.Split(signal[..3], 4, 4, 2);
        Assert.Equal([1f, 2, 3, 0], shortOne[0].ToArray());
    }

    [Theory]
    [InlineData(1000, 100, 100, 50, 7)]
    [InlineData(1049, 100, 100, 50, 100)]
    [InlineData(1050, 100, 100, 50, 1)]
    [InlineData(1050, 100, 30, 50, 33)]
    [InlineData(1050, 100, 250, 10, 64)]
    [InlineData(60, 100, 100, 50, 7)]
    [InlineData(40, 100, 100, 50, 7)]
    [InlineData(0, 100, 100, 50, 7)]
    public void StreamingGivesTheSameSegmentsAsSplitting(int length, int segment, int hop, int minFinal, int chunk)
    {
        var random = new Random(length + hop);
        var signal = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
        var cfg = new AudioConfig(SampleRate: 100, SegmentSeconds: segment / 100.0, HopSeconds: hop / 100.0, MinFinalSeconds: minFinal / 100.0);
        var batch = Segments.Split(signal, cfg);
        var streamed = Segments.Stream(signal.Chunk(chunk), cfg).ToList();
        Assert.Equal(batch.Starts, streamed.Select(s => s.Start));
        Assert.Equal(batch.Data, streamed.SelectMany(s => s.Samples));
    }
}

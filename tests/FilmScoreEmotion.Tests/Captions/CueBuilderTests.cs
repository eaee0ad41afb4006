using FilmScoreEmotion.Captions;
using FsCheck.Xunit;

namespace FilmScoreEmotion.Tests.Captions;

public class CueBuilderTests
{
    static readonly string[] Classes = ["happiness", "sadness", "fear", "peacefulness"];

    /// Frames of given labels with the given probability on the label and the rest spread evenly.
    static double[,] Frames(IEnumerable<int> labels, double p = 0.85)
    {
        var list = labels.ToList();
        var probs = new double[list.Count, Classes.Length];
        for (int t = 0; t < list.Count; t++)
            for (int c = 0; c < Classes.Length; c++)
                probs[t, c] = c == list[t] ? p : (1 - p) / (Classes.Length - 1);
        return probs;
    }

    [Fact]
    public void ViterbiRemovesAOneFrameBlipAndKeepsLongRuns()
    {
        var labels = Enumerable.Repeat(0, 10).Append(2).Concat(Enumerable.Repeat(0, 10)).Concat(Enumerable.Repeat(1, 12)).ToArray();
        var path = ViterbiSmoothing.Smooth(Frames(labels), switchPenalty: 6);
        Assert.Equal(Enumerable.Repeat(0, 21).Concat(Enumerable.Repeat(1, 12)), path);
        Assert.Equal(labels, ViterbiSmoothing.Smooth(Frames(labels), switchPenalty: 0));
    }

    [Fact]
    public void CuesTileTheTimelineAndNameTheEmotion()
    {
        var labels = Enumerable.Repeat(0, 20).Concat(Enumerable.Repeat(2, 15)).ToArray();
        var duration = labels.Length + 1.0;
        var cues = CueBuilder.Build(Frames(labels), Classes, duration, new CaptionConfig());
        Assert.Equal(2, cues.Length);
        Assert.Equal(("happiness", "♪ [joyful music] ♪", 0.0, 20.5), (cues[0].Emotion, cues[0].Text, cues[0].Start, cues[0].End));
        Assert.Equal(("fear", "♪ [tense, fearful music] ♪", 20.5, duration), (cues[1].Emotion, cues[1].Text, cues[1].Start, cues[1].End));
        Assert.Equal(0.85, cues[0].Confidence, 9);
    }

    [Fact]
    public void UnsureAndShortStretchesGetNoCue()
    {
        var unsure = CueBuilder.Build(Frames(Enumerable.Repeat(1, 30), p: 0.4), Classes, 31, new CaptionConfig());
        Assert.Empty(unsure);
        var shortRun = Frames(Enumerable.Repeat(3, 3));
        Assert.Empty(CueBuilder.Build(shortRun, Classes, 3.5, new CaptionConfig()));
        Assert.Single(CueBuilder.Build(shortRun, Classes, 3.5, new CaptionConfig { MinCueSeconds = 2 }));
    }

    [Fact]
    public void MissingWordingIsNamed()
    {
        var config = new CaptionConfig { Wording = CaptionConfig.DefaultWording.Remove("fear") };
        var e = Assert.Throws<ArgumentException>(() => CueBuilder.Build(Frames([0, 0]), Classes, 3, config));
        Assert.Contains("fear", e.Message);
    }

    /// Whatever the classifier says, the cues are ordered, non-overlapping, inside the soundtrack and long enough,
    /// and both caption files parse back to the same times.
    [Property(MaxTest = 200)]
    public bool CuesAreAlwaysValidCaptions(int seed, byte lengthByte)
    {
        var random = new Random(seed);
        int frames = 1 + lengthByte;
        var probs = new double[frames, Classes.Length];
        int label = random.Next(Classes.Length);
        for (int t = 0; t < frames; t++)
        {
            if (random.NextDouble() < 0.1)
                label = random.Next(Classes.Length);
            var raw = Enumerable.Range(0, Classes.Length).Select(c => random.NextDouble() + (c == label ? 2 : 0)).ToArray();
            for (int c = 0; c < Classes.Length; c++)
                probs[t, c] = raw[c] / raw.Sum();
        }
        var config = new CaptionConfig();
        var duration = frames + 1.0;
        var cues = CueBuilder.Build(probs, Classes, duration, config);
        var vtt = CaptionFormats.ParseWebVtt(CaptionFormats.ToWebVtt(cues));
        var srt = CaptionFormats.ParseSrt(CaptionFormats.ToSrt(cues));
        return cues.All(c => c.Start >= 0 && c.End <= duration && c.Duration >= config.MinCueSeconds && c.Confidence >= config.MinConfidence)
            && cues.Zip(cues.Skip(1)).All(p => p.First.End <= p.Second.Start)
            && vtt.Count == cues.Length
            && srt.Count == cues.Length
            && vtt.Zip(cues).All(p => Math.Abs(p.First.Start - p.Second.Start) < 6e-4 && p.First.Text == p.Second.Text);
    }
}

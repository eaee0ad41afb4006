using FilmScoreEmotion.Captions;

namespace FilmScoreEmotion.Tests.Captions;

public class CaptionFormatsTests
{
    static readonly Cue[] Cues = [new(0, 4.5, "happiness", "♪ [joyful music] ♪", 0.9), new(3725.25, 3731.0, "fear", "♪ [tense, fearful music] ♪", 0.7)];

    [Fact]
    public void WebVttAndSrtHaveTheirTimestampFormats()
    {
        var vtt = CaptionFormats.ToWebVtt(Cues);
        Assert.StartsWith("WEBVTT\n", vtt);
        Assert.Contains("00:00:00.000 --> 00:00:04.500\n♪ [joyful music] ♪", vtt);
        Assert.Contains("01:02:05.250 --> 01:02:11.000", vtt);
        var srt = CaptionFormats.ToSrt(Cues);
        Assert.StartsWith("1\n00:00:00,000 --> 00:00:04,500\n♪ [joyful music] ♪\n\n2\n01:02:05,250 --> 01:02:11,000", srt);
    }

    [Fact]
    public void ParsersRejectWhatPlayersWouldReject()
    {
        Assert.Throws<FormatException>(() => CaptionFormats.ParseWebVtt("1\n00:00:00.000 --> 00:00:01.000\nx\n"));
        Assert.Throws<FormatException>(() => CaptionFormats.ParseWebVtt("WEBVTT\n\n00:00:00,000 --> 00:00:01,000\nx\n"));
        Assert.Throws<FormatException>(() => CaptionFormats.ParseWebVtt("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n"));
        Assert.Throws<FormatException>(() => CaptionFormats.ParseSrt("1\n00:00:00,000 --> 00:00:03,000\na\n\n2\n00:00:02,000 --> 00:00:04,000\nb\n"));
        Assert.Throws<FormatException>(() => CaptionFormats.ParseSrt("3\n00:00:00,000 --> 00:00:03,000\na\n"));
    }
}

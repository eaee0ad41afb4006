using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FilmScoreEmotion.Captions;

/// <summary>WebVTT and SRT text for cues, and strict parsers that the tests (and `fse caption`) use to check that
/// what was written is valid: timestamps in the right format, each cue ending after it starts and starting no
/// earlier than the previous one ends.</summary>
public static partial class CaptionFormats
{
    public static string ToWebVtt(IEnumerable<Cue> cues)
    {
        var sb = new StringBuilder("WEBVTT\n\nNOTE Music emotion captions made by Film Score Emotion (fse caption)\n\n");
        int n = 1;
        foreach (var c in cues)
            sb.Append($"{n++}\n{Timestamp(c.Start, '.')} --> {Timestamp(c.End, '.')}\n{c.Text}\n\n");
        return sb.ToString();
    }

    public static string ToSrt(IEnumerable<Cue> cues)
    {
        var sb = new StringBuilder();
        int n = 1;
        foreach (var c in cues)
            sb.Append($"{n++}\n{Timestamp(c.Start, ',')} --> {Timestamp(c.End, ',')}\n{c.Text}\n\n");
        return sb.ToString();
    }

    /// <summary>HH:MM:SS.mmm (WebVTT) or HH:MM:SS,mmm (SRT), rounded to the millisecond.</summary>
    public static string Timestamp(double seconds, char separator)
    {
        var ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}{separator}{ms % 1000:000}");
    }

    public sealed record ParsedCue(double Start, double End, string Text);

    public static IReadOnlyList<ParsedCue> ParseWebVtt(string text)
    {
        var blocks = Blocks(text);
        if (blocks.Count == 0 || !blocks[0][0].StartsWith("WEBVTT", StringComparison.Ordinal))
            throw new FormatException("WebVTT must start with \"WEBVTT\"");
        return Check(blocks.Skip(1).Where(b => !b[0].StartsWith("NOTE", StringComparison.Ordinal)).Select(b => ParseBlock(b, VttTime(), '.')).ToList());
    }

    public static IReadOnlyList<ParsedCue> ParseSrt(string text)
    {
        var blocks = Blocks(text);
        for (int i = 0; i < blocks.Count; i++)
            if (blocks[i][0] != (i + 1).ToString(CultureInfo.InvariantCulture))
                throw new FormatException($"SRT cue {i + 1} is numbered '{blocks[i][0]}'");
        return Check(blocks.Select(b => ParseBlock(b.Skip(1).ToList(), SrtTime(), ',')).ToList());
    }

    static List<List<string>> Blocks(string text) =>
        text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(b => b.Trim('\n').Split('\n').ToList()).Where(b => b.Count > 0 && b[0] != "").ToList();

    static ParsedCue ParseBlock(List<string> lines, Regex time, char separator)
    {
        var timing = lines.FindIndex(l => l.Contains("-->", StringComparison.Ordinal));
        if (timing < 0 || timing + 1 >= lines.Count)
            throw new FormatException($"cue without timing or text: '{string.Join(" / ", lines)}'");
        var parts = lines[timing].Split("-->", StringSplitOptions.TrimEntries);
        if (!time.IsMatch(parts[0]) || !time.IsMatch(parts[1].Split(' ')[0]))
            throw new FormatException($"bad timestamp in '{lines[timing]}' (expected HH:MM:SS{separator}mmm)");
        return new ParsedCue(Seconds(parts[0]), Seconds(parts[1].Split(' ')[0]), string.Join("\n", lines.Skip(timing + 1)));
    }

    static IReadOnlyList<ParsedCue> Check(List<ParsedCue> cues)
    {
        for (int i = 0; i < cues.Count; i++)
        {
            if (cues[i].End <= cues[i].Start)
                throw new FormatException($"cue {i + 1} ends at or before its start");
            if (i > 0 && cues[i].Start < cues[i - 1].End)
                throw new FormatException($"cue {i + 1} starts before cue {i} ends");
        }
        return cues;
    }

    static double Seconds(string stamp)
    {
        var p = stamp.Replace(',', '.').Split(':');
        return int.Parse(p[0], CultureInfo.InvariantCulture) * 3600 + int.Parse(p[1], CultureInfo.InvariantCulture) * 60 + double.Parse(p[2], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\d{2,}:\d{2}:\d{2}\.\d{3}$")]
    private static partial Regex VttTime();

    [GeneratedRegex(@"^\d{2,}:\d{2}:\d{2},\d{3}$")]
    private static partial Regex SrtTime();
}

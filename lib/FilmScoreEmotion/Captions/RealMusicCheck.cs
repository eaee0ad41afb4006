using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;

namespace FilmScoreEmotion.Captions;

/// <summary>
/// Real recordings labelled by a rule fixed before any model heard them (`data/real-music/README.md`), scored the
/// way a viewer meets the captions: each piece's answer is the emotion its cues show for longest.
/// </summary>
public static class RealMusicCheck
{
    public const string LabelsFile = "data/real-music/labels.csv";
    public const string Package = "wesnoth-1.16-music";
    public const string MusicFolder = "/usr/share/games/wesnoth/1.16/data/core/music";

    public sealed record Piece(string File, Emotion Emotion, string Keyword);

    public sealed record Scored(Piece Piece, double DurationSeconds, string? Answer, ImmutableDictionary<string, double> SecondsPerEmotion)
    {
        public bool Right => Answer == Piece.Emotion.ToName();
    }

    public static ImmutableArray<Piece> ReadLabels(string path)
    {
        var rows = Csv.Parse(File.ReadAllText(path), path);
        if (rows.Count == 0 || !rows[0].SequenceEqual(["file", "emotion", "keyword"]))
            throw new InvalidDataException($"{path}: expected the header file,emotion,keyword");
        return [.. rows.Skip(1).Select(r => new Piece(r[0], EmotionNames.Parse(r[1]), r[2]))];
    }

    /// <summary>The emotion with the longest total cue time, or null when nothing was captioned.</summary>
    public static string? Answer(IReadOnlyList<Cue> cues) =>
        cues.Count == 0 ? null : cues.GroupBy(c => c.Emotion).MaxBy(g => g.Sum(c => c.End - c.Start))!.Key;

    public static Scored Score(Piece piece, CaptionTimeline timeline) =>
        new(
            piece,
            timeline.DurationSeconds,
            Answer(timeline.Cues),
            timeline.Cues.GroupBy(c => c.Emotion).ToImmutableDictionary(g => g.Key, g => g.Sum(c => c.End - c.Start))
        );

    /// <summary>The caption settings of the check: every window counts, cues of one second are kept.</summary>
    public static CaptionConfig Config => new() { MinConfidence = 0, MinCueSeconds = 1 };
}

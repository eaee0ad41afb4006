using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;

namespace FilmScoreEmotion.Captions;

/// <summary>
/// Real recordings labelled by a rule fixed before any model heard them (<see cref="RealMusicSet"/>), scored the
/// way a viewer meets the captions: each piece's answer is the emotion its cues show for longest. A count of pieces
/// right rewards a model that leans to the most frequent label, and moves by whole pieces, so the check also gives
/// class-balanced figures and two that read every window, where a change to the corpus shows before it turns answers.
/// </summary>
public static class RealMusicCheck
{
    public sealed record Piece(string File, Emotion Emotion, string Keyword);

    /// <param name="Windows">windows the model heard (silent ones left out)</param>
    /// <param name="WindowShare">share of those windows whose most probable class is the label</param>
    /// <param name="LabelProbability">mean probability of the label over those windows</param>
    public sealed record Scored(
        Piece Piece, double DurationSeconds, string? Answer, ImmutableDictionary<string, double> SecondsPerEmotion, int Windows, double WindowShare, double LabelProbability)
    {
        public bool Right => Answer == Piece.Emotion.ToName();
    }

    /// <summary>The check's figures. The balanced ones average over the labels the pieces have, each label's pieces
    /// weighing alike, so a model answering one class for everything scores one over the number of labels (0.25 for
    /// four) whichever class it picks.</summary>
    /// <param name="BalancedPieces">mean over labels of the share of that label's pieces named right</param>
    /// <param name="BalancedWindows">mean over labels of the mean <see cref="Scored.WindowShare"/> of its pieces</param>
    /// <param name="LabelProbability">mean over labels of the mean <see cref="Scored.LabelProbability"/> of its pieces</param>
    public sealed record Summary(int Right, int Pieces, double BalancedPieces, double BalancedWindows, double LabelProbability);

    /// <summary>A labels file: the header <c>file,emotion,keyword</c> (the keyword, what the rule read, may be left
    /// out), then one row per piece, its file relative to the audio's folder. Every fault names the file and the row,
    /// since a labels file is written by hand.</summary>
    public static ImmutableArray<Piece> ReadLabels(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a labels file" : $"{path}: labels file not found");
        var rows = Csv.Parse(File.ReadAllText(path), path);
        if (rows.Count == 0 || !(rows[0].SequenceEqual(["file", "emotion", "keyword"]) || rows[0].SequenceEqual(["file", "emotion"])))
            throw new InvalidDataException($"{path}: expected the header file,emotion,keyword (or file,emotion)");
        var columns = rows[0].Count;
        var pieces = rows.Skip(1).Select((r, i) =>
        {
            var row = i + 2;
            if (r.Count != columns)
                throw new InvalidDataException($"{path}, row {row}: {r.Count} fields where the header has {columns}");
            if (string.IsNullOrWhiteSpace(r[0]))
                throw new InvalidDataException($"{path}, row {row}: no file named");
            if (!EmotionNames.TryParse(r[1], out var emotion))
                throw new InvalidDataException($"{path}, row {row}: unknown emotion '{r[1]}' (expected happiness, sadness, fear or peacefulness)");
            return new Piece(r[0], emotion, columns == 3 ? r[2] : "");
        }).ToImmutableArray();
        if (pieces.IsEmpty)
            throw new InvalidDataException($"{path}: no pieces, only the header");
        if (pieces.GroupBy(p => p.File).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidDataException($"{path}: {twice.Key} is labelled {twice.Count()} times");
        return pieces;
    }

    /// <summary>The smoke profile's sample of a check: the smallest file of each label, so every label is heard in
    /// seconds.</summary>
    public static List<Piece> SmallestPerLabel(IEnumerable<(Piece Piece, long Bytes)> pieces) =>
        [.. pieces.GroupBy(p => p.Piece.Emotion).Select(g => g.MinBy(p => p.Bytes).Piece)];

    /// <summary><see cref="SmallestPerLabel(IEnumerable{ValueTuple{Piece, long}})"/> of files under <paramref name="folder"/>.</summary>
    public static List<Piece> SmallestPerLabel(IEnumerable<Piece> pieces, string folder) =>
        SmallestPerLabel(pieces.Select(p => (p, new FileInfo(Path.Combine(folder, p.File)).Length)));

    /// <summary>The emotion with the longest total cue time, or null when nothing was captioned.</summary>
    public static string? Answer(IReadOnlyList<Cue> cues) =>
        cues.Count == 0 ? null : cues.GroupBy(c => c.Emotion).MaxBy(g => g.Sum(c => c.End - c.Start))!.Key;

    /// <summary>A piece's answer and window figures; a label the model has no class for scores nothing.</summary>
    public static Scored Score(Piece piece, CaptionTimeline timeline)
    {
        var label = Array.IndexOf(timeline.ClassNames, piece.Emotion.ToName());
        var heard = Enumerable.Range(0, timeline.Probabilities.GetLength(0)).Where(w => !timeline.Silent[w]).ToList();
        double Probability(int w) => label < 0 ? 0 : timeline.Probabilities[w, label];
        bool Named(int w) => label >= 0 && Answered(timeline, w) == label;
        return new(
            piece,
            timeline.DurationSeconds,
            Answer(timeline.Cues),
            timeline.Cues.GroupBy(c => c.Emotion).ToImmutableDictionary(g => g.Key, g => g.Sum(c => c.End - c.Start)),
            heard.Count,
            heard.Count == 0 ? 0 : heard.Count(Named) / (double)heard.Count,
            heard.Count == 0 ? 0 : heard.Average(Probability)
        );
    }

    /// <summary>The class window <paramref name="w"/> names: the one more probable than every other, or -1 on a tie.</summary>
    public static int Answered(CaptionTimeline timeline, int w)
    {
        var best = 0;
        for (var c = 1; c < timeline.ClassNames.Length; c++)
            if (timeline.Probabilities[w, c] > timeline.Probabilities[w, best])
                best = c;
        for (var c = 0; c < timeline.ClassNames.Length; c++)
            if (c != best && timeline.Probabilities[w, c] == timeline.Probabilities[w, best])
                return -1;
        return best;
    }

    /// <summary>Where each label's windows go: the share of a piece's heard windows that name each class
    /// (<see cref="Answered"/>; a tie names none, so a row can sum to less than 1), averaged over the label's pieces
    /// with each piece weighing alike, as the balanced figures do. The diagonal's mean is
    /// <see cref="Summary.BalancedWindows"/>. Labels in <see cref="Emotion"/> order, the classes the timelines'.</summary>
    public static ImmutableArray<(Emotion Label, int Pieces, ImmutableArray<double> Shares)> WindowAnswers(IEnumerable<(Piece Piece, CaptionTimeline Timeline)> heard) =>
        [
            .. heard
                .GroupBy(h => h.Piece.Emotion)
                .OrderBy(g => g.Key)
                .Select(g =>
                {
                    var shares = g.Select(h =>
                        {
                            var windows = Enumerable.Range(0, h.Timeline.Probabilities.GetLength(0)).Where(w => !h.Timeline.Silent[w]).ToList();
                            return Enumerable.Range(0, h.Timeline.ClassNames.Length).Select(c => windows.Count == 0 ? 0 : windows.Count(w => Answered(h.Timeline, w) == c) / (double)windows.Count).ToArray();
                        })
                        .ToList();
                    return (g.Key, shares.Count, Enumerable.Range(0, shares[0].Length).Select(c => shares.Average(row => row[c])).ToImmutableArray());
                }),
        ];

    public static Summary Summarise(IReadOnlyCollection<Scored> scored)
    {
        if (scored.Count == 0)
            throw new ArgumentException("no pieces were scored", nameof(scored));
        var byLabel = scored.GroupBy(s => s.Piece.Emotion).ToList();
        double Balanced(Func<Scored, double> figure) => byLabel.Average(g => g.Average(figure));
        return new(scored.Count(s => s.Right), scored.Count, Balanced(s => s.Right ? 1 : 0), Balanced(s => s.WindowShare), Balanced(s => s.LabelProbability));
    }

    /// <summary>What a viewer would see with <paramref name="config"/> (`fse caption`'s defaults, say): each piece's cues
    /// built again from its probabilities, then over all the pieces' time how much carries a caption and how much of
    /// that names the piece's label. Long pieces weigh more, so it is not balanced over labels.</summary>
    public static Montage.Agreement AsCaptioned(IEnumerable<(Piece Piece, CaptionTimeline Timeline)> pieces, CaptionConfig config)
    {
        double seconds = 0, captioned = 0, right = 0;
        var cues = 0;
        foreach (var (piece, timeline) in pieces)
        {
            var built = CueBuilder.Build(timeline.Probabilities, timeline.ClassNames, timeline.DurationSeconds, config);
            seconds += timeline.DurationSeconds;
            captioned += built.Sum(c => c.Duration);
            right += built.Where(c => c.Emotion == piece.Emotion.ToName()).Sum(c => c.Duration);
            cues += built.Length;
        }
        if (seconds <= 0)
            throw new ArgumentException("no audio was captioned", nameof(pieces));
        return new(captioned / seconds, captioned == 0 ? 0 : right / captioned, right / seconds, cues);
    }

    /// <summary>The caption settings of the check: every window counts, cues of one second are kept.</summary>
    public static CaptionConfig Config => new() { MinConfidence = 0, MinCueSeconds = 1 };
}

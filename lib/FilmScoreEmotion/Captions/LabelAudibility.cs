using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Statistics;

namespace FilmScoreEmotion.Captions;

/// <summary>How far a labelled set's own labels can be heard in the simplest things music-psychology says carry
/// emotion: the key's major and minor fits and the four expressive cues, each over the context the tonal expert hears
/// (<see cref="WindowCues.Context"/>). A small regression learns them from the set's other pieces and reads the piece
/// left out, one piece at a time, so nothing of a piece is heard before it is scored. It says what a label rule leaves
/// for a model to hear: listeners' ratings of VGMIDI's piano pieces are read from these six numbers far better than the
/// networks read them, Wesnoth's title labels not at all (notebooks/real-music-trials.md, "Expressive cues over ±8 s").
/// No corpus and no network is involved.</summary>
public static class LabelAudibility
{
    /// <summary>Larger than the tonal expert's: a set has a few dozen pieces, and its classes may part by accident.</summary>
    public const double Ridge = 1e-2;

    /// <param name="BalancedWindows">the share of each piece's heard windows read as its label, averaged over a label's
    /// pieces and then over the labels, as <see cref="RealMusicCheck.Summary.BalancedWindows"/></param>
    public sealed record Result(double BalancedWindows, ImmutableArray<(Emotion Label, int Pieces, double Windows)> PerLabel);

    /// <summary>The set's labels read from their cues, each piece by a regression learnt on the others; null where the
    /// timelines do not carry the cues (a model that does not hear a CQT folding into pitch classes), the set has
    /// fewer than two labels, or no label has two pieces (nothing could be taught). A piece whose label no other piece
    /// has is read as 0: nothing taught it.</summary>
    public static Result? LeaveOnePieceOut(IReadOnlyList<(RealMusicCheck.Piece Piece, CaptionTimeline Timeline)> heard, double contextSeconds = TonalContext.ContextSeconds)
    {
        var labels = heard.Select(h => h.Piece.Emotion).Distinct().Order().ToList();
        if (labels.Count < 2 || heard.Any(h => h.Timeline.Heard is null) || heard.CountBy(h => h.Piece.Emotion).All(l => l.Value < 2))
            return null;
        var rows = heard.Select(h => h.Timeline.Heard!.Context(h.Timeline.Silent, contextSeconds).Select(r => r.Inputs).ToList()).ToList();
        var shares = new double[heard.Count];
        for (var p = 0; p < heard.Count; p++)
        {
            var others = Enumerable.Range(0, heard.Count).Where(o => o != p && rows[o].Count > 0).ToList();
            var present = labels.Where(l => others.Any(o => heard[o].Piece.Emotion == l)).ToList();
            if (rows[p].Count == 0 || !present.Contains(heard[p].Piece.Emotion))
                continue;
            var x = others.SelectMany(o => rows[o]).ToList();
            var y = others.SelectMany(o => rows[o].Select(_ => present.IndexOf(heard[o].Piece.Emotion))).ToList();
            // each label weighs alike, however many windows its pieces hold
            var perClass = Enumerable.Range(0, present.Count).Select(c => y.Count(l => l == c)).ToArray();
            var weights = y.Select(l => x.Count / (double)(present.Count * perClass[l])).ToList();
            var (mean, spread) = Standardiser(x);
            double[] Standard(double[] r) => [.. r.Select((v, i) => (v - mean[i]) / spread[i])];
            var model = LogisticRegression.Learn([.. x.Select(Standard)], y, present.Count, weights, Ridge);
            var truth = present.IndexOf(heard[p].Piece.Emotion);
            shares[p] = rows[p].Count(r => LogisticRegression.Probabilities(model, Standard(r)) is var q && Array.IndexOf(q, q.Max()) == truth) / (double)rows[p].Count;
        }
        ImmutableArray<(Emotion, int, double)> perLabel =
        [
            .. labels.Select(l =>
            {
                var of = Enumerable.Range(0, heard.Count).Where(p => heard[p].Piece.Emotion == l).ToList();
                return (l, of.Count, of.Average(p => shares[p]));
            }),
        ];
        return new Result(perLabel.Average(l => l.Item3), perLabel);
    }

    // a constant input is left as it is, less its mean
    static (double[] Mean, double[] Spread) Standardiser(IReadOnlyList<double[]> x)
    {
        var inputs = x[0].Length;
        var mean = Enumerable.Range(0, inputs).Select(i => x.Average(r => r[i])).ToArray();
        var spread = Enumerable.Range(0, inputs).Select(i => Math.Sqrt(x.Average(r => (r[i] - mean[i]) * (r[i] - mean[i]))) is var s && s > 1e-12 ? s : 1.0).ToArray();
        return (mean, spread);
    }
}

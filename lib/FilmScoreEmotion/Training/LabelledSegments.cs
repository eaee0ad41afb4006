using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>A corpus as the models see it: one log spectrogram per 2-second segment, its class, the excerpt it was cut
/// from and the group a stricter protocol keeps together (the soundtrack where known, else the excerpt).</summary>
/// <param name="X">(n, 1, bins, frames) float32</param>
/// <param name="Labels">class index into <paramref name="ClassNames"/>, one per segment</param>
public sealed record LabelledSegments(Tensor X, int[] Labels, string[] ExcerptIds, string[] Groups, string[] ClassNames)
{
    public int Count => Labels.Length;
    public int Bins => (int)X.shape[2];
    public int Frames => (int)X.shape[3];

    /// <summary>Throws unless the arrays agree with each other and with the tensor.</summary>
    public LabelledSegments Validated()
    {
        if (X.dim() != 4 || X.shape[1] != 1)
            throw new ArgumentException($"spectrogram tensor must be (n, 1, bins, frames), got ({string.Join(", ", X.shape)})");
        if (X.shape[0] != Labels.Length || ExcerptIds.Length != Labels.Length || Groups.Length != Labels.Length)
            throw new ArgumentException(
                $"{X.shape[0]} spectrograms but {Labels.Length} labels, {ExcerptIds.Length} excerpt ids and {Groups.Length} groups");
        var bad = Labels.FirstOrDefault(l => l < 0 || l >= ClassNames.Length, -1);
        if (Labels.Any(l => l < 0 || l >= ClassNames.Length))
            throw new ArgumentException($"label {bad} is outside the {ClassNames.Length} class names");
        var mixed = Enumerable.Range(0, Count).GroupBy(i => ExcerptIds[i]).FirstOrDefault(g => g.Select(i => Labels[i]).Distinct().Count() > 1);
        if (mixed is not null)
            throw new ArgumentException($"excerpt '{mixed.Key}' has segments of more than one class");
        return this;
    }

    /// <summary>Several renderings of one corpus as one set: their segments one after another, excerpt ids and groups
    /// as given. The synthetic corpus names an excerpt alike in every rendering, so wherever excerpts are held out
    /// (early stopping's validation part, the grouped protocols) its renderings are held out together. The sets must
    /// have the same classes in the same order and the same input size.</summary>
    public static LabelledSegments Pool(IReadOnlyList<LabelledSegments> sets)
    {
        if (sets.Count == 0)
            throw new ArgumentException("nothing to pool", nameof(sets));
        var first = sets[0];
        var odd = sets.Select((set, i) => (set, i)).FirstOrDefault(s => !s.set.ClassNames.SequenceEqual(first.ClassNames) || s.set.Bins != first.Bins || s.set.Frames != first.Frames);
        if (odd.set is not null)
            throw new ArgumentException(
                $"set {odd.i} has classes {string.Join(", ", odd.set.ClassNames)} on {odd.set.Bins} x {odd.set.Frames} spectrograms, set 0 {string.Join(", ", first.ClassNames)} on {first.Bins} x {first.Frames}: only renderings of one corpus pool",
                nameof(sets)
            );
        return sets.Count == 1
            ? first
            : new LabelledSegments(
                torch.cat(sets.Select(s => s.X).ToArray(), 0),
                [.. sets.SelectMany(s => s.Labels)],
                [.. sets.SelectMany(s => s.ExcerptIds)],
                [.. sets.SelectMany(s => s.Groups)],
                first.ClassNames
            ).Validated();
    }

    /// <summary>The segments of the named classes only, relabelled 0.. in the given order (Cnn3 keeps three of four).</summary>
    public LabelledSegments KeepClasses(IReadOnlyList<string> names)
    {
        var missing = names.Where(n => !ClassNames.Contains(n)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the corpus has no class {string.Join(", ", missing)} (it has {string.Join(", ", ClassNames)})");
        var map = ClassNames.Select(n => names.ToList().IndexOf(n)).ToArray();
        var keep = Enumerable.Range(0, Count).Where(i => map[Labels[i]] >= 0).ToArray();
        return new LabelledSegments(
            X.index_select(0, torch.tensor(keep.Select(i => (long)i).ToArray(), device: X.device)),
            keep.Select(i => map[Labels[i]]).ToArray(),
            keep.Select(i => ExcerptIds[i]).ToArray(),
            keep.Select(i => Groups[i]).ToArray(),
            names.ToArray());
    }
}

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

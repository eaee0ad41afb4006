using System.Collections.Immutable;

namespace FilmScoreEmotion.Training;

/// <summary>Holding out whole groups, class by class: the trainer's validation part and the protocols' train/test
/// split both take about a fraction of each class's groups (a group counts as its most common class), so no group has
/// segments on both sides. Here, below both, so the trainer needs nothing of the protocols.</summary>
public static class GroupHoldOut
{
    /// <summary>One random stream per (seed, purpose) so every split is reproducible on its own.</summary>
    public static Random Rng(int seed, int stream) => new(unchecked(seed * 1_000_003 + stream * 7_919 + 17));

    /// <summary>The groups in ordinal order of their names, each with its members and its most common class.</summary>
    public static (int[] Members, int Label)[] Units(int[] labels, string[] groups) =>
        Enumerable.Range(0, labels.Length)
            .GroupBy(i => groups[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.ToArray(), g.GroupBy(i => labels[i]).OrderByDescending(c => c.Count()).ThenBy(c => c.Key).First().Key))
            .ToArray();

    /// <summary>The members of about <paramref name="fraction"/> of each class's units (rounded, at least one where the
    /// class has two, never a class's last one).</summary>
    public static IEnumerable<int> Take((int[] Members, int Label)[] units, double fraction, Random rng) =>
        units.GroupBy(u => u.Label)
            .OrderBy(g => g.Key)
            .SelectMany(cls =>
            {
                var members = cls.ToArray();
                rng.Shuffle(members);
                var take = Math.Min(members.Length - 1, Math.Max(members.Length >= 2 ? 1 : 0, (int)Math.Round(fraction * members.Length)));
                return members.Take(take).SelectMany(u => u.Members);
            })
            .ToArray();

    /// <summary>The indices of <paramref name="indices"/> held out as a validation part: about
    /// <paramref name="fraction"/> of each class's excerpts, never a class's last one. Empty when nothing can be spared.</summary>
    public static ImmutableArray<int> Validation(IReadOnlyList<int> indices, int[] labels, string[] excerptIds, double fraction, int seed)
    {
        if (fraction <= 0)
            return [];
        var units = Units(indices.Select(i => labels[i]).ToArray(), indices.Select(i => excerptIds[i]).ToArray());
        return [.. Take(units, fraction, Rng(seed, -1)).Select(local => indices[local]).Order()];
    }
}

using System.Collections.Immutable;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Evaluation;

/// <summary>The three ways of scoring a model: the paper's k-fold over segments (segments of one excerpt land on both
/// sides), k-fold grouped by excerpt (or soundtrack) and stratified by emotion, and the paper's train/validation phase
/// (75 % / 25 % of the excerpts, repeated).</summary>
public enum ProtocolKind
{
    SegmentKFold,
    GroupedKFold,
    GroupedSplit,
}

/// <summary>One train/test partition; Repeat counts the repetitions of a split protocol, Index the fold within it.</summary>
public sealed record Fold(ProtocolKind Protocol, int Repeat, int Index, ImmutableArray<int> Train, ImmutableArray<int> Test);

public static class Protocols
{
    public static readonly IReadOnlyList<ProtocolKind> All = Enum.GetValues<ProtocolKind>();

    /// <summary>segment-kfold, grouped-kfold, grouped-split.</summary>
    public static string Name(ProtocolKind kind) => EnumNames.Kebab(kind);

    public static ProtocolKind Parse(string text) => EnumNames.Parse<ProtocolKind>(text, Name, "protocol");

    public static bool IsGrouped(ProtocolKind kind) => kind != ProtocolKind.SegmentKFold;

    /// <summary>The folds of a protocol. <paramref name="groups"/> is what the grouped protocols keep together
    /// (excerpt ids, or soundtracks for a stricter split); <paramref name="folds"/> applies to the k-fold protocols,
    /// <paramref name="repeats"/> to the split, whose test part is <paramref name="testFraction"/> of each class's groups.</summary>
    public static IReadOnlyList<Fold> Folds(
        ProtocolKind kind,
        int[] labels,
        string[] excerptIds,
        string[] groups,
        int folds = 10,
        int repeats = 4,
        double testFraction = 0.25,
        int seed = 0)
    {
        RequireTwoClasses(labels);
        var result = kind switch
        {
            ProtocolKind.SegmentKFold => SegmentKFold(labels, folds, seed),
            ProtocolKind.GroupedKFold => GroupedKFold(labels, groups, folds, seed),
            _ => GroupedSplit(labels, groups, repeats, testFraction, seed),
        };
        if (IsGrouped(kind))
            foreach (var fold in result)
                AssertNoLeak(fold, excerptIds, groups);
        return result;
    }

    /// <summary>Stratified k-fold over segments: each class's segments are shuffled and dealt to the folds in turn.</summary>
    public static IReadOnlyList<Fold> SegmentKFold(int[] labels, int folds, int seed)
    {
        RequireTwoClasses(labels);
        if (folds < 2)
            throw new ArgumentException($"k-fold needs at least 2 folds, got {folds}");
        if (labels.Length < folds)
            throw new ArgumentException($"{labels.Length} segments are fewer than the {folds} folds");
        var units = Enumerable.Range(0, labels.Length).Select(i => (Members: new[] { i }, Label: labels[i])).ToArray();
        return KFold(ProtocolKind.SegmentKFold, units, labels.Length, folds, seed);
    }

    /// <summary>Stratified group k-fold: each group (labelled by its most common class) goes whole to one fold; each
    /// class's groups are shuffled and dealt to the folds in turn.</summary>
    public static IReadOnlyList<Fold> GroupedKFold(int[] labels, string[] groups, int folds, int seed)
    {
        RequireTwoClasses(labels);
        if (folds < 2)
            throw new ArgumentException($"k-fold needs at least 2 folds, got {folds}");
        var units = GroupHoldOut.Units(labels, groups);
        if (units.Length < folds)
            throw new ArgumentException($"{units.Length} excerpts (groups) are fewer than the {folds} folds: use fewer folds or more excerpts");
        return KFold(ProtocolKind.GroupedKFold, units, labels.Length, folds, seed);
    }

    /// <summary>The paper's train/validation phase: in each repetition, <paramref name="testFraction"/> of each class's
    /// groups (rounded, at least one where the class has two) are held out.</summary>
    public static IReadOnlyList<Fold> GroupedSplit(int[] labels, string[] groups, int repeats, double testFraction, int seed)
    {
        RequireTwoClasses(labels);
        if (repeats < 1)
            throw new ArgumentException($"repeats must be at least 1, got {repeats}");
        if (testFraction is <= 0 or >= 1)
            throw new ArgumentException($"test fraction must be between 0 and 1, got {testFraction}");
        var units = GroupHoldOut.Units(labels, groups);
        if (units.Length < 2)
            throw new ArgumentException($"a split by excerpt needs at least 2 excerpts, got {units.Length}");
        return Enumerable.Range(0, repeats)
            .Select(r =>
            {
                var test = GroupHoldOut.Take(units, testFraction, GroupHoldOut.Rng(seed, r));
                var testSet = test.ToHashSet();
                return new Fold(
                    ProtocolKind.GroupedSplit,
                    r,
                    0,
                    Enumerable.Range(0, labels.Length).Where(i => !testSet.Contains(i)).ToImmutableArray(),
                    [.. test.Order()]);
            })
            .ToArray();
    }

    /// <summary>Throws when any excerpt or group has segments on both sides of a fold: the leak the grouped protocols exist to prevent.</summary>
    public static void AssertNoLeak(Fold fold, string[] excerptIds, string[] groups)
    {
        foreach (var (keys, what) in new[] { (excerptIds, "excerpt"), (groups, "group") })
        {
            var train = fold.Train.Select(i => keys[i]).ToHashSet(StringComparer.Ordinal);
            var shared = fold.Test.Select(i => keys[i]).Where(train.Contains).Distinct().Take(3).ToArray();
            if (shared.Length > 0)
                throw new InvalidOperationException(
                    $"{Name(fold.Protocol)} fold {fold.Index} (repeat {fold.Repeat}): {what} {string.Join(", ", shared)} on both the training and the test side");
        }
    }

    static void RequireTwoClasses(int[] labels)
    {
        var classes = labels.Distinct().Count();
        if (classes < 2)
            throw new ArgumentException($"the corpus has {classes} class{(classes == 1 ? "" : "es")}: classification needs at least 2");
    }

    static IReadOnlyList<Fold> KFold(ProtocolKind kind, (int[] Members, int Label)[] units, int n, int folds, int seed)
    {
        var rng = GroupHoldOut.Rng(seed, 0);
        var foldOf = new int[n];
        var next = 0;
        foreach (var cls in units.GroupBy(u => u.Label).OrderBy(g => g.Key))
        {
            var members = cls.ToArray();
            rng.Shuffle(members);
            foreach (var unit in members)
            {
                foreach (var i in unit.Members)
                    foldOf[i] = next;
                next = (next + 1) % folds;
            }
        }
        return Enumerable.Range(0, folds)
            .Select(k => new Fold(
                kind,
                0,
                k,
                Enumerable.Range(0, n).Where(i => foldOf[i] != k).ToImmutableArray(),
                Enumerable.Range(0, n).Where(i => foldOf[i] == k).ToImmutableArray()))
            .ToArray();
    }
}

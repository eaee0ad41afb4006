using System.Collections.Immutable;
using FilmScoreEmotion.Evaluation;

namespace FilmScoreEmotion.Tests.Evaluation;

public class ProtocolTests
{
    /// 4 classes x 6 excerpts x 5 segments; excerpt e of class c is "c-e".
    static (int[] Labels, string[] Excerpts) Corpus(int excerptsPerClass = 6, int segments = 5)
    {
        var rows = Enumerable.Range(0, 4).SelectMany(c => Enumerable.Range(0, excerptsPerClass).SelectMany(e => Enumerable.Repeat((c, $"{c}-{e}"), segments))).ToArray();
        return (rows.Select(r => r.c).ToArray(), rows.Select(r => r.Item2).ToArray());
    }

    [Theory]
    [InlineData(ProtocolKind.SegmentKFold)]
    [InlineData(ProtocolKind.GroupedKFold)]
    public void KFoldTestSetsPartitionTheCorpus(ProtocolKind kind)
    {
        var (labels, excerpts) = Corpus();
        var folds = Protocols.Folds(kind, labels, excerpts, excerpts, folds: 5, seed: 3);
        Assert.Equal(5, folds.Count);
        Assert.Equal(Enumerable.Range(0, labels.Length), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f => Assert.Equal(Enumerable.Range(0, labels.Length), f.Train.Concat(f.Test).Order()));
    }

    [Fact]
    public void SegmentFoldsAreStratifiedAndMixExcerpts()
    {
        var (labels, excerpts) = Corpus();
        var folds = Protocols.SegmentKFold(labels, 10, seed: 1);
        foreach (var c in Enumerable.Range(0, 4))
        {
            var perFold = folds.Select(f => f.Test.Count(i => labels[i] == c)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(",", perFold)}");
        }
        Assert.Contains(folds, f => f.Test.Select(i => excerpts[i]).Intersect(f.Train.Select(i => excerpts[i])).Any());
    }

    [Fact]
    public void GroupedFoldsKeepEveryExcerptOnOneSide()
    {
        var (labels, excerpts) = Corpus();
        var kfold = Protocols.Folds(ProtocolKind.GroupedKFold, labels, excerpts, excerpts, folds: 6, seed: 2);
        var split = Protocols.Folds(ProtocolKind.GroupedSplit, labels, excerpts, excerpts, repeats: 4, seed: 2);
        Assert.All(kfold.Concat(split), f => Assert.Empty(f.Test.Select(i => excerpts[i]).Intersect(f.Train.Select(i => excerpts[i]))));
        Assert.All(kfold, f => Assert.Equal(4, f.Test.Select(i => labels[i]).Distinct().Count()));
    }

    [Fact]
    public void GroupedSplitHoldsOutAQuarterOfEachClassAndVariesAcrossRepeats()
    {
        var (labels, excerpts) = Corpus(excerptsPerClass: 8);
        var split = Protocols.GroupedSplit(labels, excerpts, repeats: 4, testFraction: 0.25, seed: 5);
        Assert.Equal(4, split.Count);
        Assert.All(split, f => Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(2, f.Test.Where(i => labels[i] == c).Select(i => excerpts[i]).Distinct().Count())));
        Assert.True(split.Select(f => string.Join(",", f.Test)).Distinct().Count() > 1);
    }

    [Fact]
    public void SameSeedSameFoldsOtherSeedOtherFolds()
    {
        var (labels, excerpts) = Corpus();
        string Key(int seed) => string.Join("|", Protocols.GroupedKFold(labels, excerpts, 5, seed).Select(f => string.Join(",", f.Test)));
        Assert.Equal(Key(4), Key(4));
        Assert.NotEqual(Key(4), Key(5));
    }

    [Fact]
    public void TheLeakGuardNamesTheExcerptOnBothSides()
    {
        var excerpts = new[] { "a", "a", "b", "b" };
        var leaky = new Fold(ProtocolKind.GroupedKFold, 0, 2, ImmutableArray.Create(0, 2), ImmutableArray.Create(1, 3));
        var e = Assert.Throws<InvalidOperationException>(() => Protocols.AssertNoLeak(leaky, excerpts, excerpts));
        Assert.Contains("excerpt a, b", e.Message);
        Assert.Contains("fold 2", e.Message);
    }

    [Fact]
    public void OneClassAndTooFewExcerptsAreClearErrors()
    {
        var oneClass = Assert.Throws<ArgumentException>(() => Protocols.Folds(ProtocolKind.SegmentKFold, [1, 1, 1], ["a", "b", "c"], ["a", "b", "c"]));
        Assert.Contains("1 class", oneClass.Message);
        var (labels, excerpts) = Corpus(excerptsPerClass: 2);
        var few = Assert.Throws<ArgumentException>(() => Protocols.Folds(ProtocolKind.GroupedKFold, labels, excerpts, excerpts, folds: 10));
        Assert.Contains("8 excerpts (groups) are fewer than the 10 folds", few.Message);
    }

    [Fact]
    public void GroupingBySoundtrackIsStricterThanByExcerpt()
    {
        var (labels, excerpts) = Corpus();
        var soundtracks = excerpts.Select(e => "film" + (int.Parse(e.Split('-')[1]) / 2)).ToArray();
        var folds = Protocols.Folds(ProtocolKind.GroupedKFold, labels, excerpts, soundtracks, folds: 3, seed: 0);
        Assert.All(folds, f => Assert.Empty(f.Test.Select(i => soundtracks[i]).Intersect(f.Train.Select(i => soundtracks[i]))));
    }
}

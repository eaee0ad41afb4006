using System.Collections.Concurrent;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Tests.Runtime;

public sealed class OrderedWorkersTests
{
    /// <summary>Each item sleeps a varying while, so the threads interleave differently from run to run.</summary>
    static void Item(int index) => Thread.Sleep(index * 7 % 3);

    [Fact]
    public void EveryItemIsWorkedOnceAndEachThreadFinishesWhatItHolds()
    {
        var seen = new ConcurrentBag<int>();
        var finished = new ConcurrentBag<int>();
        OrderedWorkers.Run(200, 4, singleThreadedTorch: false, () => new List<int>(), (_, mine, i) =>
        {
            Item(i);
            mine.Add(i);
            seen.Add(i);
        }, (_, mine) => finished.Add(mine.Count));
        Assert.Equal(Enumerable.Range(0, 200), seen.Order());
        Assert.Equal(200, finished.Sum());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void OfSeveralFaultsTheFirstInTheItemsOrderIsThrown(int workers)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var seen = new ConcurrentBag<int>();
            var error = Assert.Throws<InvalidDataException>(() =>
                OrderedWorkers.Run(120, workers, singleThreadedTorch: false, () => 0, (_, _, i) =>
                {
                    // the later fault comes quickly, the earlier one slowly
                    if (i == 70)
                        throw new InvalidDataException("item 70");
                    if (i == 40)
                    {
                        Thread.Sleep(20);
                        throw new InvalidDataException("item 40");
                    }
                    Item(i);
                    seen.Add(i);
                }, (_, _) => { }));
            Assert.Equal("item 40", error.Message);
            Assert.Superset(Enumerable.Range(0, 40).ToHashSet(), seen.ToHashSet());
        }
    }

    [Fact]
    public void AFaultInABatchIsItsFirstItemsAndNoIndexIsTakenAfterIt()
    {
        var taken = new ConcurrentBag<int>();
        var error = Assert.Throws<IOException>(() =>
            OrderedWorkers.Run(1000, 2, singleThreadedTorch: false, () => new List<int>(), (run, batch, i) =>
            {
                taken.Add(i);
                batch.Add(i);
                if (batch.Count == 10)
                    run.Guard(batch[0], () => throw new IOException($"batch from {batch[0]}"));
            }, (_, _) => { }));
        Assert.StartsWith("batch from ", error.Message);
        Assert.True(taken.Count < 1000, $"{taken.Count} items taken after a fault");
    }
}

using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Runtime;

/// <summary>A run of <see cref="OrderedWorkers"/>: which item failed first, in the items' order.</summary>
public sealed class OrderedRun
{
    readonly Lock gate = new();
    int firstIndex = int.MaxValue;
    Exception? firstFault;

    public bool Failed => Volatile.Read(ref firstIndex) != int.MaxValue;

    /// <summary>Whether the item at <paramref name="index"/> still matters: no item before it has failed, so its own
    /// fault, if any, would be the one to report.</summary>
    public bool Wanted(int index) => index < Volatile.Read(ref firstIndex);

    /// <summary>Runs <paramref name="action"/>; what it throws becomes the fault of the item at <paramref name="index"/>.</summary>
    public void Guard(int index, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Fault(index, e);
        }
    }

    internal void Fault(int index, Exception fault)
    {
        lock (gate)
            if (index < firstIndex)
                (firstIndex, firstFault) = (index, fault);
    }

    internal void ThrowFirst()
    {
        if (firstFault is not null)
            ExceptionDispatchInfo.Throw(firstFault);
    }
}

/// <summary>Items worked on by threads of their own, each thread taking the next item in order and doing all of its
/// work itself (decode, batch with its other items, transform, write), so that nothing is handed from thread to thread:
/// on a folder of short clips the hand-overs cost as much as the transform. Of several faults the first in the items'
/// order is thrown, as one item after the other would: once an item fails no thread takes a new one, and every item
/// before it was taken already and is finished by its thread. A fault of the items' source itself (a decoder's, while
/// the next item is cut from a stream) is the fault of the item it was making.</summary>
public static class OrderedWorkers
{
    /// <summary>Items 0 .. <paramref name="count"/> - 1.</summary>
    public static void Run<TState>(int count, int workers, bool singleThreadedTorch, Func<TState> start, Action<OrderedRun, TState, int> item, Action<OrderedRun, TState> finish) =>
        Run(Enumerable.Range(0, count), workers, singleThreadedTorch, start, (run, state, index, _) => item(run, state, index), finish);

    /// <summary>Items that need no state of their thread's: each is worked on by itself.</summary>
    public static void Run<TItem>(IEnumerable<TItem> items, int workers, bool singleThreadedTorch, Action<int, TItem> item) =>
        Run(items, workers, singleThreadedTorch, () => 0, (_, _, index, value) => item(index, value), (_, _) => { });

    /// <param name="items">taken one at a time under a lock, so a source that streams (a decoder) is read once, in
    /// order</param>
    /// <param name="start">a thread's own state (what it batches), made on that thread</param>
    /// <param name="item">one item's work (with its index in the items' order), its faults the item's</param>
    /// <param name="finish">a thread's last work once no item is left (what it still holds), guarding its own
    /// faults by item with <see cref="OrderedRun.Guard"/></param>
    /// <param name="singleThreadedTorch">torch's own threads set to one while the workers run (on a CPU, one
    /// single-threaded worker per core: a multi-threaded operator waits at every barrier for a core another process
    /// may hold), the caller's setting restored after</param>
    public static void Run<TItem, TState>(IEnumerable<TItem> items, int workers, bool singleThreadedTorch, Func<TState> start, Action<OrderedRun, TState, int, TItem> item, Action<OrderedRun, TState> finish)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        var run = new OrderedRun();
        var gate = new Lock();
        using var source = items.GetEnumerator();
        var taken = 0;
        var ended = false;
        bool Take(out int index, out TItem value)
        {
            lock (gate)
            {
                (index, value) = (taken, default!);
                if (ended || run.Failed)
                    return false;
                try
                {
                    ended = !source.MoveNext();
                }
                catch (Exception e)
                {
                    run.Fault(index, e);
                    ended = true;
                }
                if (ended)
                    return false;
                (value, taken) = (source.Current, taken + 1);
                return true;
            }
        }
        void Work() =>
            run.Guard(int.MaxValue - 1, () =>
            {
                var state = start();
                while (Take(out var index, out var value))
                    run.Guard(index, () => item(run, state, index, value));
                finish(run, state);
            });
        var threads = get_num_threads();
        if (singleThreadedTorch)
            set_num_threads(1);
        try
        {
            var pool = Enumerable.Range(0, workers).Select(_ => new Thread(Work) { Name = "fse worker" }).ToList();
            pool.ForEach(t => t.Start());
            pool.ForEach(t => t.Join());
        }
        finally
        {
            if (singleThreadedTorch)
                set_num_threads(threads);
        }
        run.ThrowFirst();
    }
}

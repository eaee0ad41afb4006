using System.Runtime.ExceptionServices;

namespace FilmScoreEmotion.Training;

/// <summary>Trains several independent runs at once in one process, each on its own thread.
/// Why threads rather than the two ways the GPU notes suggest: TorchSharp 0.107's native glue exports no CUDA stream
/// functions (`nm -D libLibTorchSharp.so | grep -i stream` is empty), so per-run streams need a rebuilt glue; and
/// folds stacked as one grouped-convolution network cannot stay equal to sequential runs, because folds differ in
/// batch count, last-batch size and the epoch early stopping ends them. Threads keep each run exactly the computation
/// it is alone (its own generators, see <see cref="Trainer.Fit"/>), so on the CPU the results are identical to a
/// sequential run. On a GPU they can overlap the per-step host work that bounded batch-32 training on the project's H100,
/// except the backward passes, which libtorch runs on one thread per device; how far that goes waits for a GPU to
/// measure it. On the CPU the reference-width BasicCnn already kept both cores busy (2 runs side by side: 1.03x), while
/// the converged profile's small networks keep about one busy each, so `fse reproduce` trains 2 at once on the CPU
/// and `fse train` and `fse bench train` default to 1.</summary>
public static class SideBySide
{
    /// <summary>Fewer than one run at once is refused as soon as the option is read, before any corpus is loaded.</summary>
    public static int AtLeastOne(int parallel) =>
        parallel >= 1 ? parallel : throw new ArgumentException($"--parallel must be at least 1, got {parallel}");

    /// <summary>Bad input named before anything is trained: fewer than one run at once, or more than there are left.</summary>
    public static void Require(int parallel, int runsLeft)
    {
        AtLeastOne(parallel);
        if (parallel > 1 && parallel > runsLeft)
            throw new ArgumentException($"--parallel {parallel} is more than the {runsLeft} run{(runsLeft == 1 ? "" : "s")} left to train");
    }

    /// <summary><paramref name="run"/> of 0 .. count-1, on <paramref name="parallel"/> threads of their own (not the
    /// thread pool, which would add threads for long-running work only slowly), each taking the next index when it is
    /// free; results in index order. After a failure no new run starts, and the first failure is rethrown as itself so
    /// its message reaches the user unchanged.</summary>
    public static T[] Map<T>(int count, int parallel, Func<int, T> run)
    {
        if (parallel < 1)
            throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "at least one run at a time");
        var results = new T[count];
        if (parallel == 1)
        {
            for (var i = 0; i < count; i++)
                results[i] = run(i);
            return results;
        }
        var next = -1;
        ExceptionDispatchInfo? failure = null;
        var workers = Enumerable.Range(0, Math.Min(parallel, count)).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < count && Volatile.Read(ref failure) is null; i = Interlocked.Increment(ref next))
            {
                try
                {
                    results[i] = run(i);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                }
            }
        })).ToArray();
        foreach (var worker in workers)
            worker.Start();
        foreach (var worker in workers)
            worker.Join();
        failure?.Throw();
        return results;
    }
}

using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace FilmScoreEmotion.Runtime;

/// <summary>What racing workers returned (in worker order), the wall time from the start line until the last one
/// finished, and this process's CPU time meanwhile.</summary>
public sealed record Race<T>(ImmutableArray<T> Results, double Seconds, double CpuSeconds);

/// <summary>Times work that several threads do at once from a common start, as the speed benchmarks measure it: each
/// worker first prepares untimed (builds its filters or its network, a warm-up pass), then waits at the start line,
/// and the clock starts when the last one arrives, so no worker's set-up is timed and no worker starts early.</summary>
public static class StartLine
{
    /// <summary>Runs <paramref name="worker"/>(w, waitForStart) for w in 0 .. workers-1, each on a thread of its own;
    /// a worker calls waitForStart once its set-up is done and times itself with the clock it returns. A worker that
    /// fails before the start line leaves it, so the others are not kept waiting; the first failure is rethrown as
    /// itself once every worker has ended.</summary>
    public static Race<T> Run<T>(int workers, Func<int, Func<Stopwatch>, T> worker)
    {
        if (workers < 1)
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "at least one worker");
        var clock = new Stopwatch();
        var cpuAtStart = TimeSpan.Zero;
        using var line = new Barrier(workers, _ =>
        {
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Start();
        });
        var results = new T[workers];
        ExceptionDispatchInfo? failure = null;
        var threads = Enumerable
            .Range(0, workers)
            .Select(w => new Thread(() =>
            {
                var started = false;
                Stopwatch WaitForStart()
                {
                    started = true;
                    line.SignalAndWait();
                    return clock;
                }
                try
                {
                    results[w] = worker(w, WaitForStart);
                }
                catch (Exception e)
                {
                    if (!started)
                        line.RemoveParticipant();
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        failure?.Throw();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        return new Race<T>([.. results], seconds, cpu);
    }
}

using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Tests.Runtime;

public class StartLineTests
{
    [Fact]
    public void The_clock_starts_once_every_worker_is_set_up_and_results_keep_worker_order()
    {
        var setUp = 0;
        var race = StartLine.Run(3, (w, waitForStart) =>
        {
            Thread.Sleep(20 * (3 - w)); // the last worker to be ready is worker 0
            Interlocked.Increment(ref setUp);
            var clock = waitForStart();
            var ready = Volatile.Read(ref setUp);
            return (w, ready, clock.IsRunning, finishedAt: clock.Elapsed.TotalSeconds);
        });
        Assert.Equal([0, 1, 2], race.Results.Select(r => r.w));
        Assert.All(race.Results, r => Assert.Equal(3, r.ready));
        Assert.All(race.Results, r => Assert.True(r.IsRunning));
        Assert.True(race.Seconds >= race.Results.Max(r => r.finishedAt));
        Assert.True(race.CpuSeconds >= 0);
    }

    [Fact]
    public async Task A_worker_failing_before_the_line_does_not_hold_the_others_and_its_error_comes_back_as_itself()
    {
        var timed = 0;
        var run = Task.Run(() =>
            StartLine.Run<int>(3, (w, waitForStart) =>
            {
                if (w == 1)
                    throw new InvalidDataException("worker 1 could not set up");
                waitForStart();
                Interlocked.Increment(ref timed);
                return w;
            })
        );
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)))); // else the others are waiting for it
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => run);
        Assert.Equal("worker 1 could not set up", e.Message);
        Assert.Equal(2, timed);
    }

    [Fact]
    public void Fewer_than_one_worker_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StartLine.Run(0, (_, _) => 0));
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Workers.Tests;

/// <summary>Stopping: intake closes, queued work drains within the grace period, the rest is cancelled and reported.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_ClosesIntake_AndDrainsQueuedWork()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = Enumerable.Range(0, 5).Select(i => fixture.Pool.SubmitAsync(_ => i)).ToArray();

        var stop = fixture.Pool.StopAsync();
        var late = fixture.Pool.SubmitAsync(_ => 99);

        Assert.True(fixture.Pool.IsStopping);
        Assert.Equal(RejectionReason.ShuttingDown, (await Assert.ThrowsAsync<WorkRejectedException>(() => late)).Reason);
        Assert.False(stop.IsCompleted);
        gate.Open();
        await stop.Within();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, await Task.WhenAll(queued));
        await blocker;
        Assert.Equal(0, fixture.Pool.WorkerCount);
        var completed = Assert.Single(fixture.Logger.Records("ShutdownCompleted"));
        Assert.Equal("6", completed.GetStructuredStateValue("Drained"));
        Assert.Equal("0", completed.GetStructuredStateValue("CancelledQueued"));
    }

    [Fact]
    public async Task Stop_RefusesSubmittersWaitingForRoom()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 1; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = fixture.Pool.SubmitAsync(_ => 1);
        var waiting = fixture.Pool.SubmitAsync(_ => 2);

        var stop = fixture.Pool.StopAsync();

        Assert.Equal(RejectionReason.ShuttingDown, (await Assert.ThrowsAsync<WorkRejectedException>(() => waiting.Within())).Reason);
        gate.Open();
        await stop.Within();
        Assert.Equal(1, await queued);
        await blocker;
    }

    [Fact]
    public async Task Stop_AfterTheDrainTimeout_CancelsWhatIsLeft_AndEveryTaskCompletes()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.DrainTimeout = TimeSpan.FromSeconds(10); });
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var gate = new Gate();
        var running = fixture.Pool.SubmitAsync(gate.WaitAsync); // honours its token, but its gate never opens
        await gate.Entered.Task.Within();
        var ran = 0;
        var queued = Enumerable.Range(0, 3).Select(_ => fixture.Pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); })).ToArray();

        var stop = fixture.Pool.StopAsync();
        await AdvanceUntil(fixture, stop, TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Within());
        foreach (var job in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Within());
        }

        Assert.Equal(0, ran);
        var measurements = cancelled.GetMeasurementSnapshot();
        Assert.Equal(4, measurements.Count);
        Assert.All(measurements, m => Assert.Equal(GameBookWorkersNames.ReasonShutdown, m.Tags[GameBookWorkersNames.ReasonTag]));
        var warning = Assert.Single(fixture.Logger.Records("ShutdownCancelledJobs"));
        Assert.Equal("1", warning.GetStructuredStateValue("CancelledRunning"));
        var completed = Assert.Single(fixture.Logger.Records("ShutdownCompleted"));
        Assert.Equal("3", completed.GetStructuredStateValue("CancelledQueued"));
        Assert.Equal("0", completed.GetStructuredStateValue("StillRunning"));
    }

    [Fact]
    public async Task Stop_WhenTheHostDeadlinePasses_CancelsQueuedWork_EvenBehindAJobThatIgnoresCancellation()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var stubborn = fixture.Pool.SubmitAsync(gate.Block);
        await gate.Entered.Task.Within();
        var queued = fixture.Pool.SubmitAsync(_ => 1);
        using var deadline = new CancellationTokenSource();

        var stop = fixture.Pool.StopAsync(deadline.Token);
        await deadline.CancelAsync();
        await stop.Within();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        var completed = Assert.Single(fixture.Logger.Records("ShutdownCompleted"));
        Assert.Equal("1", completed.GetStructuredStateValue("StillRunning"));
        gate.Open();
        await stubborn.Within(); // it finished on its own; its result still reaches the caller
    }

    [Fact]
    public async Task Stop_IsIdempotent()
    {
        await using var fixture = new PoolFixture();
        var first = fixture.Pool.StopAsync();
        Assert.Same(first, fixture.Pool.StopAsync());
        await first.Within();
    }

    /// <summary>Moves the fake clock on until <paramref name="task"/> completes (the pool's drain timers run on it).</summary>
    private static async Task AdvanceUntil(PoolFixture fixture, Task task, TimeSpan step)
    {
        var clock = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            Assert.True(clock.Elapsed < Limits.Generous, "the pool did not stop");
            fixture.Time.Advance(step);
            await Task.Delay(5);
        }

        await task;
    }
}

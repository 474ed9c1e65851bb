using System.Collections.Concurrent;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Workers.Tests;

/// <summary>Submitting, results, failures, timeouts, cancellation, priorities, backpressure and memory pressure.</summary>
public sealed class WorkerPoolTests
{
    [Fact]
    public async Task Submit_EachDelegateKind_CompletesWithItsResult()
    {
        await using var fixture = new PoolFixture();
        var pool = fixture.Pool;
        var ran = 0;

        await pool.SubmitAsync(_ => { Interlocked.Increment(ref ran); }).Within();
        Assert.Equal(42, await pool.SubmitAsync(_ => 42).Within());
        await pool.SubmitAsync(async _ => { await Task.Yield(); Interlocked.Increment(ref ran); }).Within();
        Assert.Equal("async", await pool.SubmitAsync(async _ => { await Task.Yield(); return "async"; }).Within());

        Assert.Equal(2, ran);
    }

    [Fact]
    public async Task Submit_WhenJobThrows_ItsExceptionReachesTheCaller_AndTheWorkerGoesOn()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        using var failed = new MetricCollector<long>(fixture.Instrumentation.JobsFailed);
        var thrown = new InvalidOperationException("story file missing");

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Pool.SubmitAsync((Func<CancellationToken, int>)(_ => throw thrown)).Within());
        var asyncEx = await Assert.ThrowsAsync<FormatException>(() => fixture.Pool.SubmitAsync(async _ => { await Task.Yield(); throw new FormatException("bad"); }).Within());

        Assert.Same(thrown, sync);
        Assert.Equal("bad", asyncEx.Message);
        Assert.Equal(7, await fixture.Pool.SubmitAsync(_ => 7).Within()); // the only worker survived both
        Assert.Equal(1, fixture.Pool.WorkerCount);
        Assert.Equal(2, failed.GetMeasurementSnapshot().Count(m => (string?)m.Tags[GameBookWorkersNames.ReasonTag] == GameBookWorkersNames.ReasonException));
    }

    [Fact]
    public async Task Submit_WithTimeout_WhenJobRunsPastIt_FailsWithTimeoutException_AndTheWorkerGoesOn()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var job = fixture.Pool.SubmitAsync(gate.WaitAsync, new JobOptions { Timeout = TimeSpan.FromSeconds(10) });
        await gate.Entered.Task.Within();

        fixture.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(job.IsCompleted);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => job.Within());
        Assert.Contains("timeout of 00:00:10", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        Assert.Equal(1, await fixture.Pool.SubmitAsync(_ => 1).Within());
    }

    [Fact]
    public async Task Submit_WithoutTimeout_UsesThePoolsDefaultTimeout()
    {
        await using var fixture = new PoolFixture(o => o.DefaultTimeout = TimeSpan.FromSeconds(3));
        var gate = new Gate();
        var job = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();

        fixture.Time.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<TimeoutException>(() => job.Within());
    }

    [Fact]
    public async Task Cancel_WhileQueued_CancelsTheTask_AndTheJobNeverRuns()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        using var cts = new CancellationTokenSource();
        var ran = false;
        var queued = fixture.Pool.SubmitAsync(_ => { ran = true; }, default, cts.Token);

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.True(queued.IsCanceled);
        gate.Open();
        await blocker.Within();
        await fixture.Pool.SubmitAsync(_ => { }).Within(); // the cancelled job was skipped, the queue moves on
        Assert.False(ran);
        Assert.Equal(GameBookWorkersNames.ReasonCaller, Assert.Single(cancelled.GetMeasurementSnapshot()).Tags[GameBookWorkersNames.ReasonTag]);
    }

    [Fact]
    public async Task Cancel_WhileRunning_SignalsTheJob_AndTheTaskIsCancelled()
    {
        await using var fixture = new PoolFixture();
        var gate = new Gate();
        using var cts = new CancellationTokenSource();
        var job = fixture.Pool.SubmitAsync(gate.WaitAsync, default, cts.Token);
        await gate.Entered.Task.Within();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Within());
        Assert.True(job.IsCanceled);
    }

    [Fact]
    public async Task Submit_WithAnAlreadyCancelledToken_IsCancelledAtOnce()
    {
        await using var fixture = new PoolFixture();
        var job = fixture.Pool.SubmitAsync(_ => 1, default, new CancellationToken(canceled: true));
        Assert.True(job.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);
    }

    [Fact]
    public async Task Priorities_AreServedHighFirst_ThenNormal_ThenLow()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var order = new ConcurrentQueue<string>();
        var jobs = new List<Task>();
        foreach (var (name, priority) in new[] { ("low1", JobPriority.Low), ("normal1", JobPriority.Normal), ("high1", JobPriority.High), ("low2", JobPriority.Low), ("high2", JobPriority.High), ("normal2", JobPriority.Normal) })
        {
            jobs.Add(fixture.Pool.SubmitAsync(_ => order.Enqueue(name), JobOptions.WithPriority(priority)));
        }

        Assert.Equal(6, fixture.Pool.QueueLength);
        gate.Open();
        await Task.WhenAll(jobs).Within();
        await blocker;

        Assert.Equal(["high1", "high2", "normal1", "normal2", "low1", "low2"], order);
    }

    [Fact]
    public async Task Priorities_ASteadyHighStream_StillLetsLowWorkThrough()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var highRuns = 0;
        var highWhenLowRan = -1;
        var stop = false;
        var running = new ConcurrentBag<Task>();

        // Every High job submits another before it ends, so High work is always waiting.
        void High(CancellationToken _)
        {
            Interlocked.Increment(ref highRuns);
            if (!Volatile.Read(ref stop))
            {
                running.Add(fixture.Pool.SubmitAsync(High, JobOptions.WithPriority(JobPriority.High), CancellationToken.None));
            }
        }

        for (var i = 0; i < 4; i++)
        {
            running.Add(fixture.Pool.SubmitAsync(High, JobOptions.WithPriority(JobPriority.High)));
        }

        var low = fixture.Pool.SubmitAsync(_ => { highWhenLowRan = Volatile.Read(ref highRuns); }, JobOptions.WithPriority(JobPriority.Low));
        gate.Open();
        await low.Within();
        Volatile.Write(ref stop, true);
        await Limits.Until(() => running.All(t => t.IsCompleted), "the High stream to stop");

        Assert.InRange(highWhenLowRan, 1, WorkerPoolDefaults.MaxPassOvers);
        await blocker;
    }

    [Fact]
    public async Task Submit_WhenQueueFull_WithWaitMode_WaitsForRoom()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 2; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within(); // taken off the queue: two places left
        var queued = new[] { fixture.Pool.SubmitAsync(_ => 1), fixture.Pool.SubmitAsync(_ => 2) };

        var waiting = fixture.Pool.SubmitAsync(_ => 3, new JobOptions { WhenFull = QueueFullMode.Wait });

        Assert.Equal(2, fixture.Pool.QueueLength);
        Assert.False(waiting.IsCompleted);
        gate.Open();
        Assert.Equal(3, await waiting.Within());
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(queued).Within());
        await blocker;
    }

    [Fact]
    public async Task Submit_WhenQueueFull_WithWaitMode_CanBeCancelledWhileWaiting()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 1; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = fixture.Pool.SubmitAsync(_ => 1);
        using var cts = new CancellationTokenSource();

        var waiting = fixture.Pool.SubmitAsync(_ => 2, default, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        gate.Open();
        Assert.Equal(1, await queued.Within());
        await blocker;
    }

    [Fact]
    public async Task Submit_WhenQueueFull_WithRejectMode_Refuses()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 1; });
        using var rejected = new MetricCollector<long>(fixture.Instrumentation.JobsRejected);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = fixture.Pool.SubmitAsync(_ => 1);

        var refused = fixture.Pool.SubmitAsync(_ => 2, new JobOptions { WhenFull = QueueFullMode.Reject, Priority = JobPriority.High });

        var ex = await Assert.ThrowsAsync<WorkRejectedException>(() => refused);
        Assert.Equal(RejectionReason.QueueFull, ex.Reason);
        Assert.Equal(JobPriority.High, ex.Priority);
        Assert.Equal("test", ex.PoolName);
        Assert.Contains("queue is full", ex.Message, StringComparison.Ordinal);
        var measurement = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal(GameBookWorkersNames.ReasonQueueFull, measurement.Tags[GameBookWorkersNames.ReasonTag]);
        Assert.Equal("high", measurement.Tags[GameBookWorkersNames.PriorityTag]);
        Assert.Equal("test", measurement.Tags[GameBookWorkersNames.PoolTag]);
        gate.Open();
        Assert.Equal(1, await queued.Within());
        await blocker;
    }

    [Fact]
    public async Task MemoryPressure_AtCritical_RefusesLowPriorityWork_AndAtMaximumAllWork_UntilTheLevelDrops()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        using var rejected = new MetricCollector<long>(fixture.Instrumentation.JobsRejected);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queuedBefore = fixture.Pool.SubmitAsync(_ => "queued before", JobOptions.WithPriority(JobPriority.Low));

        fixture.Memory.Set(MemoryLevel.Critical);
        var lowAtCritical = fixture.Pool.SubmitAsync(_ => 1, JobOptions.WithPriority(JobPriority.Low));
        var normalAtCritical = fixture.Pool.SubmitAsync(_ => 2);
        fixture.Memory.Set(MemoryLevel.Maximum);
        var highAtMaximum = fixture.Pool.SubmitAsync(_ => 3, JobOptions.WithPriority(JobPriority.High));
        fixture.Memory.Set(MemoryLevel.Warning);
        var lowAfter = fixture.Pool.SubmitAsync(_ => 4, JobOptions.WithPriority(JobPriority.Low));

        Assert.Equal(RejectionReason.MemoryPressure, (await Assert.ThrowsAsync<WorkRejectedException>(() => lowAtCritical)).Reason);
        Assert.Equal(RejectionReason.MemoryPressure, (await Assert.ThrowsAsync<WorkRejectedException>(() => highAtMaximum)).Reason);
        gate.Open();
        Assert.Equal("queued before", await queuedBefore.Within()); // queued work completes whatever the level
        Assert.Equal(2, await normalAtCritical.Within());
        Assert.Equal(4, await lowAfter.Within());
        await blocker;
        var counted = rejected.GetMeasurementSnapshot();
        Assert.Equal(2, counted.Count);
        Assert.All(counted, m => Assert.Equal(GameBookWorkersNames.ReasonMemoryPressure, m.Tags[GameBookWorkersNames.ReasonTag]));
        Assert.Equal(["high", "low"], counted.Select(m => (string)m.Tags[GameBookWorkersNames.PriorityTag]!).Order());
        Assert.Equal(3, fixture.Logger.Records("MemoryLevelChanged").Count());
    }

    [Fact]
    public async Task Submit_FromManySubmitters_RunsEveryJobExactlyOnce()
    {
        await using var fixture = new PoolFixture(o => { o.MinWorkers = 4; o.MaxWorkers = 4; o.Capacity = 64; });
        using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
        const int submitters = 8, perSubmitter = 2_000;
        var runs = new ConcurrentDictionary<int, int>();
        var priorities = new[] { JobPriority.High, JobPriority.Normal, JobPriority.Low };

        var results = await Task.WhenAll(Enumerable.Range(0, submitters).Select(s => Task.Run(async () =>
        {
            var tasks = new Task<int>[perSubmitter];
            for (var i = 0; i < perSubmitter; i++)
            {
                var id = (s * perSubmitter) + i;
                tasks[i] = i % 2 == 0
                    ? fixture.Pool.SubmitAsync(_ => { runs.AddOrUpdate(id, 1, (_, n) => n + 1); return id; }, JobOptions.WithPriority(priorities[i % 3]))
                    : fixture.Pool.SubmitAsync(async _ => { await Task.Yield(); runs.AddOrUpdate(id, 1, (_, n) => n + 1); return id; }, JobOptions.WithPriority(priorities[i % 3]));
            }

            return await Task.WhenAll(tasks);
        }))).Within();

        var all = results.SelectMany(r => r).ToArray();
        Assert.Equal(submitters * perSubmitter, all.Length);
        Assert.Equal(Enumerable.Range(0, submitters * perSubmitter), all.Order());
        Assert.Equal(submitters * perSubmitter, runs.Count);
        Assert.All(runs, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(submitters * perSubmitter, completed.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(0, fixture.Pool.QueueLength);
    }

    [Fact]
    public void JobOptions_ByDefault_HaveNormalPriority()
    {
        Assert.Equal(JobPriority.Normal, default(JobOptions).Priority);
        Assert.Equal(JobPriority.Normal, new JobOptions().Priority);
        Assert.Equal(JobPriority.High, new JobOptions { Priority = JobPriority.High }.Priority);
        Assert.Equal(JobPriority.Low, JobOptions.WithPriority(JobPriority.Low).Priority);
        Assert.NotEqual(default, JobOptions.WithPriority(JobPriority.High));
    }

    [Fact]
    public async Task Submit_WithAnInvalidPriorityOrTimeout_ThrowsAtOnce()
    {
        await using var fixture = new PoolFixture();
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = fixture.Pool.SubmitAsync(_ => 1, JobOptions.WithPriority((JobPriority)7)); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = fixture.Pool.SubmitAsync(_ => 1, new JobOptions { Timeout = TimeSpan.Zero }); });
        Assert.Throws<ArgumentNullException>(() => { _ = fixture.Pool.SubmitAsync((Func<CancellationToken, int>)null!); });
    }
}

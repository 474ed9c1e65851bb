using System.Collections.Concurrent;
using CsCheck;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Workers.Tests;

/// <summary>
/// <see cref="WorkerPool.SubmitBatchAsync{TItem, TResult}(IReadOnlyList{TItem}, Func{TItem, CancellationToken, TResult}, JobOptions, CancellationToken)"/>
/// and its overloads: results, a failing item, cancellation, priorities, backpressure, memory pressure, shutdown and metrics.
/// </summary>
public sealed class BatchTests
{
    [Fact]
    public async Task Batch_OfManyItems_CompletesWithEveryResultAtItsItemsIndex_EachItemRunOnce()
    {
        await using var fixture = new PoolFixture(o => { o.MinWorkers = 4; o.MaxWorkers = 4; o.Capacity = 64; });
        var items = Enumerable.Range(0, 5_000).ToArray();
        var runs = new int[items.Length];

        var results = await fixture.Pool.SubmitBatchAsync(items, (i, _) => { Interlocked.Increment(ref runs[i]); return i * 3L; }).Within();

        Assert.Equal(items.Select(i => i * 3L), results);
        Assert.All(runs, n => Assert.Equal(1, n));
        Assert.Equal(0, fixture.Pool.QueueLength);
    }

    [Fact]
    public async Task Batch_EachDelegateKind_RunsEveryItem()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 2);
        var items = new List<string> { "a", "b", "c" };
        var seen = new ConcurrentBag<string>();

        await fixture.Pool.SubmitBatchAsync(items, (s, _) => seen.Add(s)).Within();
        await fixture.Pool.SubmitBatchAsync(items, async (s, _) => { await Task.Yield(); seen.Add(s + "!"); }).Within();
        var upper = await fixture.Pool.SubmitBatchAsync(items, (s, _) => s.ToUpperInvariant()).Within();
        var lengths = await fixture.Pool.SubmitBatchAsync(items, async (s, _) => { await Task.Yield(); return s.Length + 1; }).Within();

        Assert.Equal(["a", "a!", "b", "b!", "c", "c!"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(["A", "B", "C"], upper);
        Assert.Equal([2, 2, 2], lengths);
    }

    [Fact]
    public async Task Batch_WithNoItems_CompletesAtOnce_WithAnEmptyResult()
    {
        await using var fixture = new PoolFixture();
        var results = fixture.Pool.SubmitBatchAsync(Array.Empty<int>(), (i, _) => i);

        Assert.True(results.IsCompletedSuccessfully);
        Assert.Empty(await results);
    }

    [Fact]
    public async Task Batch_WhenAnItemThrows_TheItemsNotStartedNeverRun_AndTheTaskFailsWithThatException()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
        using var failed = new MetricCollector<long>(fixture.Instrumentation.JobsFailed);
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var thrown = new InvalidDataException("slice 3 is broken");
        var ran = new ConcurrentQueue<int>();

        var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 10).ToArray(), (i, _) =>
        {
            ran.Enqueue(i);
            return i == 3 ? throw thrown : i;
        });

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => batch.Within());
        Assert.Same(thrown, ex);
        Assert.Same(thrown, Assert.Single(batch.Exception!.InnerExceptions));
        Assert.Equal([0, 1, 2, 3], ran); // one worker: items start in order, and none after the failure
        Assert.Equal(3, completed.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(GameBookWorkersNames.ReasonException, Assert.Single(failed.GetMeasurementSnapshot()).Tags[GameBookWorkersNames.ReasonTag]);
        var skipped = Assert.Single(cancelled.GetMeasurementSnapshot());
        Assert.Equal(6, skipped.Value);
        Assert.Equal(GameBookWorkersNames.ReasonBatchFailed, skipped.Tags[GameBookWorkersNames.ReasonTag]);
        Assert.Equal(7, await fixture.Pool.SubmitAsync(_ => 7).Within()); // the worker went on
    }

    [Fact]
    public async Task Batch_WhenAnItemThrows_TheRunningItemsAreSignalled_AndTheTaskFailsOnceTheyStopped()
    {
        await using var fixture = new PoolFixture(o => { o.MinWorkers = 2; o.MaxWorkers = 2; });
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var gate = new Gate();

        // Item 0 waits on its token; item 1 throws once item 0 is running.
        var batch = fixture.Pool.SubmitBatchAsync(new[] { 0, 1 }, async (i, token) =>
        {
            if (i == 0)
            {
                await gate.WaitAsync(token);
                return;
            }

            await gate.Entered.Task;
            throw new FormatException("bad item");
        });

        var ex = await Assert.ThrowsAsync<FormatException>(() => batch.Within());
        Assert.Equal("bad item", ex.Message);
        Assert.Single(batch.Exception!.InnerExceptions); // item 0 stopped because of the failure: not a failure itself
        var stopped = Assert.Single(cancelled.GetMeasurementSnapshot());
        Assert.Equal(GameBookWorkersNames.ReasonBatchFailed, stopped.Tags[GameBookWorkersNames.ReasonTag]);
        Assert.Equal(0, fixture.Pool.BusyWorkers);
    }

    [Fact]
    public async Task Batch_CancelledMidway_StopsTheRunningItem_NeverStartsTheRest_AndIsCancelled()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var gate = new Gate();
        var ran = new ConcurrentQueue<int>();
        using var cts = new CancellationTokenSource();

        var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 20).ToArray(), async (i, token) =>
        {
            ran.Enqueue(i);
            if (i == 2)
            {
                await gate.WaitAsync(token);
            }
        }, default, cts.Token);
        await gate.Entered.Task.Within();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Within());
        Assert.True(batch.IsCanceled);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal([0, 1, 2], ran);
        Assert.Equal(2, completed.GetMeasurementSnapshot().Sum(m => m.Value));
        var counted = cancelled.GetMeasurementSnapshot();
        Assert.Equal(18, counted.Sum(m => m.Value)); // the running item and the 17 never started
        Assert.All(counted, m => Assert.Equal(GameBookWorkersNames.ReasonCaller, m.Tags[GameBookWorkersNames.ReasonTag]));
        await fixture.Pool.SubmitAsync(_ => { }).Within(); // the stale queue entries are skipped
        Assert.Equal(0, fixture.Pool.QueueLength);
        Assert.Equal([0, 1, 2], ran);
    }

    [Fact]
    public async Task Batch_WithAnAlreadyCancelledToken_IsCancelledAtOnce_AndNothingRuns()
    {
        await using var fixture = new PoolFixture();
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var ran = false;

        var batch = fixture.Pool.SubmitBatchAsync(new[] { 1, 2, 3 }, (_, _) => { ran = true; }, default, new CancellationToken(canceled: true));

        Assert.True(batch.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
        Assert.False(ran);
        Assert.Equal(3, Assert.Single(cancelled.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task Batch_ItemRunningPastItsTimeout_FailsTheBatchWithTimeoutException()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var batch = fixture.Pool.SubmitBatchAsync(new[] { 0, 1 }, (i, token) => i == 0 ? gate.WaitAsync(token) : Task.CompletedTask, new JobOptions { Timeout = TimeSpan.FromSeconds(5) });
        await gate.Entered.Task.Within();

        fixture.Time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => batch.Within());
        Assert.Contains("timeout of 00:00:05", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_LargerThanTheQueue_WaitsForRoom_ItemByItem_AndCompletes()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 4; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();

        var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 50).ToArray(), (i, _) => i + 1);

        Assert.Equal(4, fixture.Pool.QueueLength); // the capacity, not the batch's size
        Assert.False(batch.IsCompleted);
        var refused = fixture.Pool.SubmitAsync(_ => 0, new JobOptions { WhenFull = QueueFullMode.Reject });
        Assert.Equal(RejectionReason.QueueFull, (await Assert.ThrowsAsync<WorkRejectedException>(() => refused)).Reason);
        gate.Open();
        Assert.Equal(Enumerable.Range(1, 50), await batch.Within());
        await blocker;
    }

    [Fact]
    public async Task Batch_WaitingForRoom_CanBeCancelled()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 2; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        using var cts = new CancellationTokenSource();
        var ran = 0;
        var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 10).ToArray(), (_, _) => { Interlocked.Increment(ref ran); }, default, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Within());
        gate.Open();
        await blocker.Within();
        await fixture.Pool.SubmitAsync(_ => { }).Within();
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Batch_InRejectMode_WithoutRoomForEveryItem_IsRefusedWhole_AndEachItemIsCounted()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 10; });
        using var rejected = new MetricCollector<long>(fixture.Instrumentation.JobsRejected);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = fixture.Pool.SubmitAsync(_ => 1);
        var ran = false;

        var fits = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 9).ToArray(), (i, _) => i, new JobOptions { WhenFull = QueueFullMode.Reject });
        var tooBig = fixture.Pool.SubmitBatchAsync(new[] { 1, 2 }, (_, _) => { ran = true; }, new JobOptions { WhenFull = QueueFullMode.Reject, Priority = JobPriority.High });

        var ex = await Assert.ThrowsAsync<WorkRejectedException>(() => tooBig);
        Assert.Equal((RejectionReason.QueueFull, JobPriority.High), (ex.Reason, ex.Priority));
        var counted = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal(2, counted.Value);
        Assert.Equal(GameBookWorkersNames.ReasonQueueFull, counted.Tags[GameBookWorkersNames.ReasonTag]);
        gate.Open();
        Assert.Equal(Enumerable.Range(0, 9), await fits.Within());
        Assert.Equal(1, await queued.Within());
        await blocker;
        Assert.False(ran);
    }

    [Fact]
    public async Task Batch_UnderMemoryPressure_IsRefusedWhole_LowAtCritical_AllAtMaximum()
    {
        await using var fixture = new PoolFixture();
        using var rejected = new MetricCollector<long>(fixture.Instrumentation.JobsRejected);
        var items = Enumerable.Range(0, 5).ToArray();

        fixture.Memory.Set(MemoryLevel.Critical);
        var low = fixture.Pool.SubmitBatchAsync(items, (i, _) => i, JobOptions.WithPriority(JobPriority.Low));
        var normal = fixture.Pool.SubmitBatchAsync(items, (i, _) => i);
        Assert.Equal(RejectionReason.MemoryPressure, (await Assert.ThrowsAsync<WorkRejectedException>(() => low)).Reason);
        Assert.Equal(items, await normal.Within());

        fixture.Memory.Set(MemoryLevel.Maximum);
        var high = fixture.Pool.SubmitBatchAsync(items, (i, _) => i, JobOptions.WithPriority(JobPriority.High));
        Assert.Equal(RejectionReason.MemoryPressure, (await Assert.ThrowsAsync<WorkRejectedException>(() => high)).Reason);

        fixture.Memory.Set(MemoryLevel.Normal);
        Assert.Equal(items, await fixture.Pool.SubmitBatchAsync(items, (i, _) => i, JobOptions.WithPriority(JobPriority.Low)).Within());
        var counted = rejected.GetMeasurementSnapshot();
        Assert.Equal(10, counted.Sum(m => m.Value)); // per item
        Assert.All(counted, m => Assert.Equal(GameBookWorkersNames.ReasonMemoryPressure, m.Tags[GameBookWorkersNames.ReasonTag]));
    }

    [Fact]
    public async Task Batch_ItemsTakeTheirPriority_InTheQueueWithOtherWork()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var order = new ConcurrentQueue<string>();

        var low = fixture.Pool.SubmitBatchAsync(new[] { "low1", "low2" }, (s, _) => order.Enqueue(s), JobOptions.WithPriority(JobPriority.Low));
        var normal = fixture.Pool.SubmitAsync(_ => order.Enqueue("normal"));
        var high = fixture.Pool.SubmitBatchAsync(new[] { "high1", "high2" }, (s, _) => order.Enqueue(s), JobOptions.WithPriority(JobPriority.High));

        Assert.Equal(5, fixture.Pool.QueueLength); // one place per item
        Assert.Equal((2, 1, 2), (fixture.Pool.QueueLengthOf(JobPriority.High), fixture.Pool.QueueLengthOf(JobPriority.Normal), fixture.Pool.QueueLengthOf(JobPriority.Low)));
        gate.Open();
        await Task.WhenAll(low, normal, high).Within();
        await blocker;
        Assert.Equal(["high1", "high2", "normal", "low1", "low2"], order);
    }

    [Fact]
    public async Task Batch_Items_AreCountedAndTimed_EachAsAJob()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 2, name: "playtests");
        using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
        using var wait = new MetricCollector<double>(fixture.Instrumentation.QueueWait);
        using var run = new MetricCollector<double>(fixture.Instrumentation.RunDuration);

        await fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 25).ToArray(), (i, _) => i, JobOptions.WithPriority(JobPriority.Low)).Within();

        var counts = completed.GetMeasurementSnapshot();
        Assert.Equal(25, counts.Count);
        Assert.All(counts, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal("playtests", m.Tags[GameBookWorkersNames.PoolTag]);
            Assert.Equal("low", m.Tags[GameBookWorkersNames.PriorityTag]);
        });
        Assert.Equal(25, wait.GetMeasurementSnapshot().Count);
        Assert.Equal(25, run.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Batch_AfterStop_IsRefused_AndABatchWaitingForRoomIsRefusedWhenTheStopBegins()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.Capacity = 2; });
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var ran = 0;
        var waiting = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 5).ToArray(), (_, _) => { Interlocked.Increment(ref ran); });

        var stop = fixture.Pool.StopAsync();
        var late = fixture.Pool.SubmitBatchAsync(new[] { 1 }, (i, _) => i);

        Assert.Equal(RejectionReason.ShuttingDown, (await Assert.ThrowsAsync<WorkRejectedException>(() => late)).Reason);
        Assert.Equal(RejectionReason.ShuttingDown, (await Assert.ThrowsAsync<WorkRejectedException>(() => waiting.Within())).Reason);
        gate.Open();
        await stop.Within();
        await blocker;
        Assert.Equal(0, ran); // the batch could not be admitted whole: its queued items did not run either
    }

    [Fact]
    public async Task Stop_AfterTheDrainTimeout_CancelsTheBatchesQueuedItems()
    {
        await using var fixture = new PoolFixture(o => { o.MaxWorkers = 1; o.DrainTimeout = TimeSpan.FromSeconds(10); });
        using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
        var gate = new Gate();
        var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, 6).ToArray(), (i, token) => i == 0 ? gate.WaitAsync(token) : Task.CompletedTask);
        await gate.Entered.Task.Within();

        var stop = fixture.Pool.StopAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!stop.IsCompleted)
        {
            Assert.True(clock.Elapsed < Limits.Generous, "the pool did not stop");
            fixture.Time.Advance(TimeSpan.FromSeconds(1)); // the drain timer starts a moment after StopAsync returns
            await Task.Delay(5);
        }

        await stop;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Within());
        var counted = cancelled.GetMeasurementSnapshot();
        Assert.Equal(6, counted.Sum(m => m.Value)); // the running item and the five queued ones
        Assert.All(counted, m => Assert.Equal(GameBookWorkersNames.ReasonShutdown, m.Tags[GameBookWorkersNames.ReasonTag]));
        Assert.Equal("5", Assert.Single(fixture.Logger.Records("ShutdownCompleted")).GetStructuredStateValue("CancelledQueued"));
    }

    [Fact]
    public async Task RandomBatches_SettleEveryItemExactlyOnce_WhateverFailsOrIsCancelled()
    {
        // Sizes, workers, capacity, a failing item (or none) and a cancellation point (or none), chosen at random:
        // every item ends counted exactly once (completed, failed or cancelled), a failing item's exception is the
        // batch's, and a batch none of whose items failed or was given up completes with every result in order.
        var cases = Gen.Select(Gen.Int[1, 300], Gen.Int[1, 4], Gen.Int[1, 64], Gen.Int[-1, 299], Gen.Int[-1, 299]);
        await cases.SampleAsync(
            async (size, workers, capacity, failAt, cancelAt) =>
            {
                await using var fixture = new PoolFixture(o => { o.MinWorkers = workers; o.MaxWorkers = workers; o.Capacity = capacity; });
                using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
                using var failed = new MetricCollector<long>(fixture.Instrumentation.JobsFailed);
                using var cancelled = new MetricCollector<long>(fixture.Instrumentation.JobsCancelled);
                using var cts = new CancellationTokenSource();
                var runs = new int[size];

                var batch = fixture.Pool.SubmitBatchAsync(Enumerable.Range(0, size).ToArray(), (i, _) =>
                {
                    Interlocked.Increment(ref runs[i]);
                    if (i == cancelAt)
                    {
                        cts.Cancel();
                    }

                    return i == failAt ? throw new InvalidOperationException($"item {i}") : i;
                }, default, cts.Token);

                try
                {
                    Assert.Equal(Enumerable.Range(0, size), await batch.Within());
                    Assert.True(failAt < 0 || failAt >= size);
                }
                catch (InvalidOperationException ex)
                {
                    Assert.Equal($"item {failAt}", ex.Message);
                }
                catch (OperationCanceledException)
                {
                    Assert.InRange(cancelAt, 0, size - 1);
                }

                var done = completed.GetMeasurementSnapshot().Sum(m => m.Value);
                var threw = failed.GetMeasurementSnapshot().Sum(m => m.Value);
                var givenUp = cancelled.GetMeasurementSnapshot().Sum(m => m.Value);
                Assert.All(runs, n => Assert.InRange(n, 0, 1));
                Assert.Equal(runs.Sum(), done + threw); // the items ignore their token: each one started ends completed or failed
                Assert.Equal(size - runs.Sum(), givenUp); // and each one never started is counted cancelled
                Assert.Equal(batch.IsCompletedSuccessfully, givenUp == 0 && threw == 0);
            },
            iter: 60,
            threads: 1);
    }

    [Fact]
    public async Task Batch_WithBadArguments_ThrowsAtOnce()
    {
        await using var fixture = new PoolFixture();
        Assert.Throws<ArgumentNullException>(() => { _ = fixture.Pool.SubmitBatchAsync((int[])null!, (i, _) => i); });
        Assert.Throws<ArgumentNullException>(() => { _ = fixture.Pool.SubmitBatchAsync(new[] { 1 }, (Func<int, CancellationToken, int>)null!); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = fixture.Pool.SubmitBatchAsync(new[] { 1 }, (i, _) => i, JobOptions.WithPriority((JobPriority)9)); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = fixture.Pool.SubmitBatchAsync(new[] { 1 }, (i, _) => i, new JobOptions { Timeout = TimeSpan.FromSeconds(-1) }); });
    }
}

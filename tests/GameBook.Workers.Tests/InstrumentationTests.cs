using System.Collections.Concurrent;
using System.Diagnostics;
using GameBook.Workers.Diagnostics;
using GameBook.Workers.Scaling;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace GameBook.Workers.Tests;

/// <summary>Metrics, the per-job activity, and the controller running inside a pool (fake clock and CPU).</summary>
public sealed class InstrumentationTests
{
    [Fact]
    public async Task Jobs_AreCountedAndTimed_PerPoolAndPriority()
    {
        await using var fixture = new PoolFixture(name: "exports");
        using var completed = new MetricCollector<long>(fixture.Instrumentation.JobsCompleted);
        using var wait = new MetricCollector<double>(fixture.Instrumentation.QueueWait);
        using var run = new MetricCollector<double>(fixture.Instrumentation.RunDuration);

        await fixture.Pool.SubmitAsync(_ => { fixture.Time.Advance(TimeSpan.FromMilliseconds(250)); }, JobOptions.WithPriority(JobPriority.Low)).Within();

        var count = Assert.Single(completed.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal("exports", count.Tags[GameBookWorkersNames.PoolTag]);
        Assert.Equal("low", count.Tags[GameBookWorkersNames.PriorityTag]);
        Assert.Equal(0.25, Assert.Single(run.GetMeasurementSnapshot()).Value, 3);
        Assert.Equal(0, Assert.Single(wait.GetMeasurementSnapshot()).Value, 3);
        Assert.Equal("s", fixture.Instrumentation.RunDuration.Unit);
        Assert.Equal("s", fixture.Instrumentation.QueueWait.Unit);
    }

    [Fact]
    public async Task ObservableInstruments_ReportQueueLengthPerPriority_Workers_AndBusyWorkers()
    {
        await using var fixture = new PoolFixture(o => o.MaxWorkers = 1);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var jobs = new[]
        {
            fixture.Pool.SubmitAsync(_ => { }, JobOptions.WithPriority(JobPriority.High)),
            fixture.Pool.SubmitAsync(_ => { }, JobOptions.WithPriority(JobPriority.Low)),
            fixture.Pool.SubmitAsync(_ => { }, JobOptions.WithPriority(JobPriority.Low)),
        };
        using var queue = new MetricCollector<long>(fixture.MeterFactory, GameBookWorkersNames.MeterName, GameBookWorkersNames.QueueLength);
        using var workers = new MetricCollector<long>(fixture.MeterFactory, GameBookWorkersNames.MeterName, GameBookWorkersNames.Workers);
        using var busy = new MetricCollector<long>(fixture.MeterFactory, GameBookWorkersNames.MeterName, GameBookWorkersNames.BusyWorkers);

        queue.RecordObservableInstruments();
        workers.RecordObservableInstruments();
        busy.RecordObservableInstruments();

        var byPriority = queue.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags[GameBookWorkersNames.PriorityTag]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["high"] = 1, ["normal"] = 0, ["low"] = 2 }, byPriority);
        Assert.Equal(1, workers.LastMeasurement!.Value);
        Assert.Equal(1, busy.LastMeasurement!.Value);
        gate.Open();
        await Task.WhenAll(jobs).Within();
        await blocker;
    }

    [Fact]
    public async Task EachJob_HasAnActivity_ParentedToTheSubmittersActivity()
    {
        using var source = new ActivitySource("GameBook.Workers.Tests.Submitter");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GameBookWorkersNames.MeterName || s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var fixture = new PoolFixture();

        string? insideJob;
        using (var parent = source.StartActivity("submit")!)
        {
            insideJob = await fixture.Pool.SubmitAsync(_ => Activity.Current?.ParentSpanId.ToHexString()).Within();
            await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Pool.SubmitAsync(_ => throw new InvalidOperationException("x")).Within());

            // Activities stop before the job's task completes; the wait only guards against a regression hanging the test.
            List<Activity> Jobs() => [.. stopped.Where(a => a.OperationName == GameBookWorkersNames.JobActivity && a.TraceId == parent.TraceId)];
            await Limits.Until(() => Jobs().Count == 2, "both job activities to stop");
            var jobs = Jobs();
            Assert.All(jobs, a => Assert.Equal(parent.SpanId, a.ParentSpanId));
            Assert.All(jobs, a => Assert.Equal("test", a.GetTagItem(GameBookWorkersNames.PoolTag)));
            Assert.Equal(parent.SpanId.ToHexString(), insideJob);
            Assert.Single(jobs, a => a.Status == ActivityStatusCode.Error);
        }
    }

    [Fact]
    public async Task AJobSubmittedOutsideAnyActivity_GetsARootActivity_EvenIfThePoolWasCreatedInsideOne()
    {
        using var source = new ActivitySource("GameBook.Workers.Tests.Creator");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GameBookWorkersNames.MeterName || s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        PoolFixture fixture;
        ActivityTraceId creatorTrace;
        using (var creating = source.StartActivity("create-pool")!)
        {
            creatorTrace = creating.TraceId;
            fixture = new PoolFixture(o => o.MinWorkers = 2);
        }

        await using (fixture)
        {
            Assert.Null(Activity.Current);
            var traceInsideJob = await fixture.Pool.SubmitAsync(_ => Activity.Current!.TraceId).Within();

            Assert.NotEqual(creatorTrace, traceInsideJob);
            Assert.DoesNotContain(stopped, a => a.OperationName == GameBookWorkersNames.JobActivity && a.TraceId == creatorTrace);
        }
    }

    [Fact]
    public async Task Controller_WithBacklogAndLowCpu_AddsWorkers_AndLogsAndCountsEachDecisionWithItsInputs()
    {
        await using var fixture = new PoolFixture(o => { o.MinWorkers = 1; o.MaxWorkers = 4; });
        fixture.Logger.ControlLevel(LogLevel.Debug, true);
        using var decisions = new MetricCollector<long>(fixture.Instrumentation.ScalingDecisions);
        var gate = new Gate();
        var blocker = fixture.Pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var entered = new ConcurrentQueue<int>();
        var queued = Enumerable.Range(0, 10).Select(i => fixture.Pool.SubmitAsync(async ct => { entered.Enqueue(i); await gate.WaitAsync(ct); })).ToArray();

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        fixture.Cpu.Set(0.10);
        var first = fixture.Pool.ScaleOnce();
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        fixture.Cpu.Set(0.10);
        var second = fixture.Pool.ScaleOnce();

        Assert.Equal(ScalingReason.CpuUnknown, first.Reason); // one reading is not an average yet
        Assert.Equal(ScalingDirection.Up, second.Direction);
        Assert.Equal(3, second.TargetWorkers); // 0.10 per busy worker: 1 + 2 (step limit) stays under 0.70
        await Limits.Until(() => fixture.Pool.BusyWorkers == 3, "the added workers to take queued jobs");
        Assert.Equal(3, fixture.Pool.WorkerCount);
        var logged = fixture.Logger.Records("ScalingDecision").ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.Equal("Up", logged[1].GetStructuredStateValue("Direction"));
        Assert.Equal("Backlog", logged[1].GetStructuredStateValue("Reason"));
        Assert.Equal("10", logged[1].GetStructuredStateValue("QueueLength"));
        Assert.NotNull(logged[1].GetStructuredStateValue("SmoothedCpu"));
        Assert.Equal(["hold", "up"], decisions.GetMeasurementSnapshot().Select(m => (string)m.Tags[GameBookWorkersNames.DirectionTag]!));
        gate.Open();
        await Task.WhenAll(queued).Within();
        await blocker;
    }

    [Fact]
    public async Task Controller_WhenWorkersSitIdle_RetiresThem_DownToMinWorkers()
    {
        await using var fixture = new PoolFixture(o => { o.MinWorkers = 1; o.MaxWorkers = 4; o.MaxScaleUpStep = 4; });
        var gate = new Gate();
        var jobs = Enumerable.Range(0, 8).Select(_ => fixture.Pool.SubmitAsync(gate.WaitAsync)).ToArray();
        for (var i = 0; i < 2; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            fixture.Cpu.Set(0.05);
            _ = fixture.Pool.ScaleOnce();
        }

        Assert.Equal(4, fixture.Pool.WorkerCount);
        gate.Open();
        await Task.WhenAll(jobs).Within();
        await Limits.Until(() => fixture.Pool.BusyWorkers == 0, "the workers to go idle");

        var downs = 0;
        for (var i = 0; i < 10; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            fixture.Cpu.Set(0.01);
            var decision = fixture.Pool.ScaleOnce();
            if (decision.Direction == ScalingDirection.Down)
            {
                downs++;
                Assert.Equal(ScalingReason.Idle, decision.Reason);
                await Limits.Until(() => fixture.Pool.WorkerCount == decision.TargetWorkers, "an idle worker to retire"); // real ticks are seconds apart
            }
        }

        Assert.Equal(3, downs);
        Assert.Equal(1, fixture.Pool.WorkerCount);
        Assert.Equal(5, await fixture.Pool.SubmitAsync(_ => 5).Within()); // the remaining worker still serves
    }

    [Fact]
    public void Instrumentation_CreatesItsInstrumentsOnTheGameBookWorkersMeter()
    {
        using var factory = new TestMeterFactory();
        using var instrumentation = new WorkersInstrumentation(factory);
        Assert.Equal(GameBookWorkersNames.MeterName, instrumentation.Meter.Name);
        Assert.Equal("{job}", instrumentation.JobsCompleted.Unit);
        Assert.Equal(GameBookWorkersNames.ScalingDecisions, instrumentation.ScalingDecisions.Name);
    }
}

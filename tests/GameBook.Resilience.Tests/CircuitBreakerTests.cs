using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace GameBook.Resilience.Tests;

public sealed class CircuitBreakerTests : IDisposable
{
    private readonly TestHost _host = new(b => b.AddPipeline("db", TestHost.BreakerOnly).AddHealthCheck());

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Breaker_StaysClosed_BelowMinimumThroughput_EvenWhenEveryCallFails()
    {
        var pipeline = _host.Pipeline("db");
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<InvalidOperationException>(await Calls.Fail(pipeline));
        }

        Assert.Equal(CircuitState.Closed, _host.Status("db").BreakerState);
        Assert.Null(await Calls.Try(pipeline));
    }

    [Fact]
    public async Task Status_AfterTheContainerIsDisposed_ReportsNoBreakerStateInsteadOfThrowing()
    {
        // During shutdown a monitor or gauge may read a pipeline whose breaker Polly has already disposed.
        var host = new TestHost(b => b.AddPipeline("db", TestHost.BreakerOnly));
        await Calls.Succeed(host.Pipeline("db"));
        var monitor = host.Monitor;
        host.Dispose();

        Assert.Null(monitor.GetStatus("db").BreakerState);
    }

    [Fact]
    public async Task Breaker_OpensAtTheFailureRatio_AfterMinimumThroughput_AndRejectsWhileOpen()
    {
        var pipeline = _host.Pipeline("db");
        await Calls.Succeed(pipeline);
        await Calls.Succeed(pipeline);
        await Calls.Fail(pipeline);
        Assert.Equal(CircuitState.Closed, _host.Status("db").BreakerState); // 1 of 3: below throughput
        await Calls.Fail(pipeline); // 2 of 4 = 0.5

        var status = _host.Status("db");
        Assert.Equal(CircuitState.Open, status.BreakerState);
        Assert.Equal(_host.Time.GetUtcNow() + TimeSpan.FromSeconds(5), status.BreakEndsAt);

        _host.Time.Advance(TimeSpan.FromSeconds(4.9));
        var called = false;
        var rejected = await Record(() => _host.Pipeline("db").ExecuteAsync(_ => { called = true; return ValueTask.CompletedTask; }));
        Assert.IsType<BrokenCircuitException>(rejected);
        Assert.False(called);

        status = _host.Status("db");
        Assert.Equal(new PipelineCounts(2, 2, 0, 1, 0, 0, 0, 0, 0), status.Totals);
        Assert.Equal(5, status.Totals.Calls);
        Assert.Equal(CallOutcome.RejectedCircuitOpen, status.LastFailure!.Outcome);
        Assert.Equal(typeof(BrokenCircuitException).FullName, status.LastFailure.ExceptionType);
        var opened = Assert.Single(status.Transitions);
        Assert.Equal((CircuitState.Closed, CircuitState.Open, false, TimeSpan.FromSeconds(5)), (opened.From, opened.To, opened.IsManual, opened.BreakDuration!.Value));
    }

    [Fact]
    public async Task Breaker_HalfOpensAfterTheBreak_AndClosesOnASuccessfulProbe()
    {
        await OpenAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await Calls.Try(_host.Pipeline("db")));

        var status = _host.Status("db");
        Assert.Equal(CircuitState.Closed, status.BreakerState);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], status.Transitions.Select(t => t.To));
        Assert.Equal(_host.Time.GetUtcNow(), status.BreakerStateSince);
        Assert.Null(await Calls.Try(_host.Pipeline("db")));
    }

    [Fact]
    public async Task Breaker_ReOpens_OnAFailedProbe()
    {
        await OpenAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.IsType<InvalidOperationException>(await Calls.Fail(_host.Pipeline("db"), "probe failed"));

        var status = _host.Status("db");
        Assert.Equal(CircuitState.Open, status.BreakerState);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open], status.Transitions.Select(t => t.To));
        Assert.Equal("probe failed", status.LastFailure!.Message);
        Assert.IsType<BrokenCircuitException>(await Calls.Try(_host.Pipeline("db")));
    }

    [Fact]
    public async Task Health_IsHealthy_WhenClosed_WithEachBreakerInTheData()
    {
        await Calls.Succeed(_host.Pipeline("db"));

        var entry = await _host.HealthAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(["storage", "http", "db"], entry.Data.Keys);
        var db = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(entry.Data["db"]);
        Assert.Equal("Closed", db["state"]);
        Assert.Equal(1L, db["totalCalls"]);
        Assert.Contains(GameBook.Telemetry.Health.GameBookHealthChecks.ReadyTag, entry.Tags);
    }

    [Fact]
    public async Task Health_IsUnhealthy_WhenOpen()
    {
        await OpenAsync();

        var entry = await _host.HealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("db: open until ", entry.Description, StringComparison.Ordinal);
        var db = (IReadOnlyDictionary<string, object>)entry.Data["db"];
        Assert.Equal("Open", db["state"]);
        Assert.Equal(2L, db["windowFailures"]);
    }

    [Fact]
    public async Task Health_IsDegraded_BreakElapsedAwaitingProbe_WhenOpenPastItsBreak()
    {
        await OpenAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(5));

        var entry = await _host.HealthAsync();

        Assert.Equal(CircuitState.Open, _host.Status("db").BreakerState); // Polly still reports Open until the next call
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("db: break elapsed, awaiting probe", entry.Description);
    }

    [Fact]
    public async Task Health_IsDegraded_WhileHalfOpen()
    {
        await OpenAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        var inProbe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = _host.Pipeline("db").ExecuteAsync(async _ =>
        {
            inProbe.SetResult();
            await release.Task;
        }).AsTask();
        await inProbe.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var entry = await _host.HealthAsync();
        release.SetResult();
        await probe.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("db: half-open, probing", entry.Description);
        Assert.Equal(HealthStatus.Healthy, (await _host.HealthAsync()).Status);
    }

    [Fact]
    public async Task Isolate_RejectsEveryCall_ReportsUnhealthyIsolatedByOperator_AndCloseRecovers()
    {
        await _host.Control.IsolateAsync("db");

        Assert.IsType<IsolatedCircuitException>(await Calls.Try(_host.Pipeline("db")));
        var entry = await _host.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("db: isolated by operator", entry.Description);
        Assert.Equal(CircuitState.Isolated, _host.Status("db").BreakerState);

        await _host.Control.CloseAsync("db");

        Assert.Null(await Calls.Try(_host.Pipeline("db")));
        var status = _host.Status("db");
        Assert.Equal(CircuitState.Closed, status.BreakerState);
        Assert.Equal(1, status.Totals.RejectedIsolated);
        Assert.Equal([(CircuitState.Isolated, true), (CircuitState.Closed, true)], status.Transitions.Select(t => (t.To, t.IsManual)));
        Assert.Equal(HealthStatus.Healthy, (await _host.HealthAsync()).Status);
    }

    [Fact]
    public async Task Close_EndsABreakEarly()
    {
        await OpenAsync();

        await _host.Control.CloseAsync("db");

        Assert.Null(await Calls.Try(_host.Pipeline("db")));
    }

    [Fact]
    public async Task Control_OnAPipelineWithoutBreaker_SaysSo()
    {
        using var host = new TestHost(b => b.AddPipeline("nobreaker", o => o.CircuitBreaker.Enabled = false));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Control.IsolateAsync("nobreaker"));

        Assert.Equal("Pipeline 'nobreaker' has no circuit breaker (CircuitBreaker.Enabled is false), so it cannot be isolated or closed.", error.Message);
    }

    [Fact]
    public async Task PerBreakerHealthCheck_CoversOnlyItsPipeline()
    {
        using var host = new TestHost(b => b.AddPipeline("db", TestHost.BreakerOnly), s => s.AddHealthChecks().AddGameBookResilienceHealthCheck("db-breaker", ["db"]));
        await host.Control.IsolateAsync("db");

        var entry = await host.HealthAsync("db-breaker");

        Assert.Equal(["db"], entry.Data.Keys);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    [Fact]
    public async Task Transitions_AreCounted_AndLogged_AndStateIsAGauge()
    {
        var meterFactory = _host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var transitions = new MetricCollector<long>(meterFactory, GameBook.Telemetry.GameBookTelemetryNames.Resilience, GameBookResilienceNames.BreakerTransitions);
        using var state = new MetricCollector<int>(meterFactory, GameBook.Telemetry.GameBookTelemetryNames.Resilience, GameBookResilienceNames.BreakerState);
        using var rejections = new MetricCollector<long>(meterFactory, GameBook.Telemetry.GameBookTelemetryNames.Resilience, GameBookResilienceNames.Rejections);

        await OpenAsync();
        await Calls.Try(_host.Pipeline("db"));
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        await Calls.Succeed(_host.Pipeline("db"));

        Assert.Equal(["open", "half_open", "closed"], transitions.GetMeasurementSnapshot().Select(m => (string)m.Tags[GameBookResilienceNames.StateTag]!));
        Assert.All(transitions.GetMeasurementSnapshot(), m => Assert.Equal("db", m.Tags[GameBookResilienceNames.PipelineTag]));
        state.RecordObservableInstruments();
        Assert.Contains(state.GetMeasurementSnapshot(), m => (string)m.Tags[GameBookResilienceNames.PipelineTag]! == "db" && m.Value == (int)CircuitState.Closed);
        rejections.RecordObservableInstruments();
        Assert.Contains(rejections.GetMeasurementSnapshot(), m => (string)m.Tags[GameBookResilienceNames.PipelineTag]! == "db" && (string)m.Tags[GameBookResilienceNames.RejectionKindTag]! == "circuit_open" && m.Value == 1);

        var logs = _host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "GameBook.Resilience").ToList();
        Assert.Equal(["BreakerOpened", "BreakerHalfOpened", "BreakerClosed"], logs.Select(r => r.Id.Name));
        Assert.Equal(LogLevel.Warning, logs[0].Level);
        Assert.Contains("Circuit breaker of pipeline db opened (was Closed) for 00:00:05", logs[0].Message, StringComparison.Ordinal);
    }

    private async Task OpenAsync()
    {
        var pipeline = _host.Pipeline("db");
        await Calls.Succeed(pipeline);
        await Calls.Succeed(pipeline);
        await Calls.Fail(pipeline);
        await Calls.Fail(pipeline);
        Assert.Equal(CircuitState.Open, _host.Status("db").BreakerState);
    }

    private static async Task<Exception?> Record(Func<ValueTask> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}

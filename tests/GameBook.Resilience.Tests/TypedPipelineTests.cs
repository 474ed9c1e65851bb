using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Testing;

namespace GameBook.Resilience.Tests;

public sealed class TypedPipelineTests
{
    [Fact]
    public async Task TypedPipeline_RetriesFailureResults_AndTracksTheLastOneAsAFailure()
    {
        using var host = new TestHost(b => b
            .AddPipeline<int>("codes", r => r.ShouldHandleResult = code => code >= 500)
            .ConfigurePipeline("codes", o => { o.Timeout.Enabled = false; o.Retry.BaseDelay = TimeSpan.Zero; }));
        var pipeline = host.Services.GetRequiredKeyedService<ResiliencePipeline<int>>("codes");
        var attempts = 0;

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++attempts < 3 ? 503 : 200));
        var failed = await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(500));

        Assert.Equal(200, result);
        Assert.Equal(500, failed);
        var status = host.Status("codes");
        Assert.Equal((1L, 1L), (status.Totals.Successes, status.Totals.Failures));
        Assert.Equal(2 + 3, status.Retries);
        Assert.Equal("result", status.LastFailure!.ExceptionType);
        Assert.Equal("The result counts as a failure: 500", status.LastFailure.Message);
    }

    [Fact]
    public async Task Fallback_IsOutermost_SubstitutesForFailuresAndRejections_WhileTrackingCountsTheRealOutcome()
    {
        using var host = new TestHost(b => b
            .AddPipeline<string>("story", r => r.Fallback = outcome => ValueTask.FromResult($"cached ({outcome.Exception?.GetType().Name})"))
            .ConfigurePipeline("story", TestHost.BreakerOnly));
        var pipeline = host.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<string>("story");

        Assert.Equal(["fallback", "circuit-breaker"], pipeline.GetPipelineDescriptor().Strategies.Select(s => s.Options?.Name));
        Assert.Equal("fresh", await pipeline.ExecuteAsync(static _ => ValueTask.FromResult("fresh")));
        Assert.Equal("cached (IOException)", await pipeline.ExecuteAsync<string>(static _ => throw new IOException("remote store down")));
        await host.Control.IsolateAsync("story");
        Assert.Equal("cached (IsolatedCircuitException)", await pipeline.ExecuteAsync(static _ => ValueTask.FromResult("fresh")));

        var status = host.Status("story");
        Assert.Equal(new PipelineCounts(1, 1, 0, 0, 1, 0, 0, 0, 0), status.Totals);
        Assert.Equal(2, status.Fallbacks);
        Assert.Equal(CircuitState.Isolated, status.BreakerState);
    }

    [Fact]
    public void AName_CannotBeBothTypedAndUntyped()
    {
        var services = new ServiceCollection();
        var builder = services.AddGameBookResilience().AddPipeline("x");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddPipeline<int>("x", _ => { }));

        Assert.Equal("Pipeline 'x' is already registered as an untyped ResiliencePipeline; it cannot also be registered for results of type System.Int32. Give the other pipeline its own name.", error.Message);
    }

    [Fact]
    public async Task PollysMeter_IsEnabled_WithThePipelineNameAsTag()
    {
        using var host = new TestHost(_ => { });
        using var durations = new MetricCollector<double>(null, GameBook.Telemetry.GameBookTelemetryNames.PollyMeter, "resilience.polly.pipeline.duration");

        await Calls.Succeed(host.Pipeline("storage"));

        Assert.Contains(durations.GetMeasurementSnapshot(), m => (string?)m.Tags["pipeline.name"] == "storage");
    }

    [Fact]
    public async Task PollysMeter_Reports_WithThePipelineNameAsTag_WhenListeningStartsAfterUnobservedCalls()
    {
        using var host = new TestHost(b => b.AddPipeline("late-listener"), s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        var pipeline = host.Pipeline("late-listener");
        await Calls.Succeed(pipeline);

        using var durations = new MetricCollector<double>(null, GameBook.Telemetry.GameBookTelemetryNames.PollyMeter, "resilience.polly.pipeline.duration");
        using var attempts = new MetricCollector<double>(null, GameBook.Telemetry.GameBookTelemetryNames.PollyMeter, "resilience.polly.strategy.attempt.duration");
        await Calls.Succeed(pipeline);

        Assert.Contains(durations.GetMeasurementSnapshot(), m => (string?)m.Tags["pipeline.name"] == "late-listener");
        Assert.Contains(attempts.GetMeasurementSnapshot(), m => (string?)m.Tags["pipeline.name"] == "late-listener" && (string?)m.Tags["strategy.name"] == "retry");
    }

    [Fact]
    public async Task PollysLogger_LogsEachCall_WhenDebugIsOn()
    {
        using var host = new TestHost(b => b.AddPipeline("logged"));

        await Calls.Succeed(host.Pipeline("logged"));

        var polly = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == GameBook.Telemetry.GameBookTelemetryNames.PollyMeter).ToList();
        Assert.Contains(polly, r => r.Id.Name == "StrategyExecuting");
        Assert.Contains(polly, r => r.Id.Name == "StrategyExecuted");
        Assert.Contains(polly, r => r.Id.Name == "ExecutionAttempt");
    }
}

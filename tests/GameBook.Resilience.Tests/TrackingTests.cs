using GameBook.Resilience.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Resilience.Tests;

public sealed class TrackingTests
{
    [Fact]
    public async Task RollingWindow_DropsSecondsOlderThanTheWindow_WhileTotalsKeepEverything()
    {
        using var host = new TestHost(b => b.AddPipeline("w", TestHost.BreakerOnly), s => s.AddGameBookResilience(o => o.RollingWindowSeconds = 5));
        var pipeline = host.Pipeline("w");
        for (var i = 0; i < 3; i++)
        {
            await Calls.Succeed(pipeline);
        }

        host.Time.Advance(TimeSpan.FromSeconds(2));
        await Calls.Fail(pipeline);
        Assert.Equal((3L, 1L), (host.Status("w").Window.Successes, host.Status("w").Window.Failures));

        host.Time.Advance(TimeSpan.FromSeconds(3)); // t = 5 s: second 0 left the window; its bucket is reused
        await Calls.Succeed(pipeline);

        var status = host.Status("w");
        Assert.Equal(new PipelineCounts(1, 1, 0, 0, 0, 0, 0, 0, 0), status.Window);
        Assert.Equal(new PipelineCounts(4, 1, 0, 0, 0, 0, 0, 0, 0), status.Totals);
        Assert.Equal(TimeSpan.FromSeconds(5), status.WindowLength);

        host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(default, host.Status("w").Window);
        Assert.Equal(5, host.Status("w").Totals.Calls);
    }

    [Fact]
    public async Task LastFailure_HasTypeMessageAndTime()
    {
        using var host = new TestHost(b => b.AddPipeline("w", TestHost.BreakerOnly));
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await Calls.Fail(host.Pipeline("w"), "disk full");

        var failure = host.Status("w").LastFailure!;
        Assert.Equal(new FailureInfo(CallOutcome.Failure, "System.InvalidOperationException", "disk full", host.Time.GetUtcNow()), failure);
    }

    [Fact]
    public async Task TransitionHistory_IsBounded_ButTheCountIsNot()
    {
        using var host = new TestHost(b => b.AddPipeline("w", TestHost.BreakerOnly), s => s.AddGameBookResilience(o => o.TransitionHistorySize = 3));
        for (var i = 0; i < 3; i++)
        {
            await host.Control.IsolateAsync("w");
            await host.Control.CloseAsync("w");
        }

        var status = host.Status("w");
        Assert.Equal(6, status.TransitionCount);
        Assert.Equal(3, status.Transitions.Count);
        Assert.Equal([Polly.CircuitBreaker.CircuitState.Closed, Polly.CircuitBreaker.CircuitState.Isolated, Polly.CircuitBreaker.CircuitState.Closed], status.Transitions.Select(t => t.To));
    }

    [Fact]
    public async Task ACallWhoseTokenIsAlreadyCanceled_CountsAsCanceled_NotAsAFailure()
    {
        using var host = new TestHost(b => b.AddPipeline("w", TestHost.BreakerOnly));
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await host.Pipeline("w").ExecuteAsync(static _ => ValueTask.CompletedTask, canceled.Token));

        Assert.Equal(new PipelineCounts(0, 0, 0, 0, 0, 0, 0, 0, 1), host.Status("w").Totals);
        Assert.Null(host.Status("w").LastFailure);
    }

    [Fact]
    public async Task OneContextReusedForManyCalls_CountsEachCallOnce()
    {
        using var host = new TestHost(b => b
            .AddPipeline<string>("story", r => r.Fallback = _ => ValueTask.FromResult("cached"))
            .ConfigurePipeline("story", TestHost.BreakerOnly));
        var pipeline = host.Services.GetRequiredKeyedService<Polly.ResiliencePipeline<string>>("story");
        var context = Polly.ResilienceContextPool.Shared.Get();

        Assert.Equal("cached", await pipeline.ExecuteAsync<string, int>(static (_, _) => throw new IOException("down"), context, 0));
        Assert.Equal("fresh", await pipeline.ExecuteAsync(static (_, _) => ValueTask.FromResult("fresh"), context, 0));
        Assert.Equal("fresh", await pipeline.ExecuteAsync(static (_, _) => ValueTask.FromResult("fresh"), context, 0));
        Polly.ResilienceContextPool.Shared.Return(context);

        var status = host.Status("story");
        Assert.Equal(new PipelineCounts(2, 1, 0, 0, 0, 0, 0, 0, 0), status.Totals);
        Assert.Equal(1, status.Fallbacks);
    }

    [Fact]
    public async Task ATelemetryListenerOfYourOwn_StillSeesEveryPollyEvent_WhileTrackingCounts()
    {
        var listener = new EventNames();
        using var host = new TestHost(
            b => b.AddPipeline("w", TestHost.BreakerOnly),
            s => s.Configure<Polly.Telemetry.TelemetryOptions>(o => o.TelemetryListeners.Add(listener)));

        await Calls.Succeed(host.Pipeline("w"));
        await Calls.Succeed(host.Pipeline("w"));

        Assert.Equal(2, listener.Names.Count(n => n == "PipelineExecuting"));
        Assert.Equal(2, listener.Names.Count(n => n == "PipelineExecuted"));
        Assert.Equal(2, host.Status("w").Totals.Successes);
    }

    [Theory]
    [InlineData(typeof(Polly.Timeout.TimeoutRejectedException), CallOutcome.Timeout)]
    [InlineData(typeof(Polly.CircuitBreaker.IsolatedCircuitException), CallOutcome.RejectedIsolated)]
    [InlineData(typeof(Polly.CircuitBreaker.BrokenCircuitException), CallOutcome.RejectedCircuitOpen)]
    [InlineData(typeof(Polly.RateLimiting.RateLimiterRejectedException), CallOutcome.RejectedConcurrencyLimit)]
    [InlineData(typeof(LoadSheddingRejectedException), CallOutcome.RejectedLoadShedding)]
    [InlineData(typeof(Polly.ExecutionRejectedException), CallOutcome.RejectedOther)]
    [InlineData(typeof(OperationCanceledException), CallOutcome.Failure)] // not the caller's token
    [InlineData(typeof(IOException), CallOutcome.Failure)]
    public void Classify_MapsExceptionsToOutcomes(Type type, CallOutcome expected)
    {
        var exception = type == typeof(Polly.ExecutionRejectedException) ? new OtherRejection() : (Exception)Activator.CreateInstance(type)!;

        Assert.Equal(expected, PipelineTracker.Classify(exception, CancellationToken.None));
    }

    [Fact]
    public void Monitor_GetAll_ListsEveryPipelineInOrder()
    {
        using var host = new TestHost(b => b.AddPipeline("x"));

        Assert.Equal(["storage", "http", "x"], host.Services.GetRequiredService<IResilienceMonitor>().GetAll().Select(s => s.Name));
    }

    private sealed class OtherRejection : Polly.ExecutionRejectedException;

    private sealed class EventNames : Polly.Telemetry.TelemetryListener
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Names { get; } = new();

        public override void Write<TResult, TArgs>(in Polly.Telemetry.TelemetryEventArguments<TResult, TArgs> args) => Names.Enqueue(args.Event.EventName);
    }
}

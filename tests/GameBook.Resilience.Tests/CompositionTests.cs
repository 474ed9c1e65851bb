using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace GameBook.Resilience.Tests;

public sealed class CompositionTests
{
    [Fact]
    public void StoragePipeline_IsComposed_LoadSheddingThenTimeoutRetryBreaker_InThatOrder()
    {
        using var host = new TestHost(_ => { });

        var descriptor = host.Pipeline(ResilienceProfiles.Storage).GetPipelineDescriptor();

        Assert.True(descriptor.IsReloadable);
        Assert.Equal(
            [GameBookResilienceNames.LoadSheddingStrategyName, "total-timeout", "retry", "circuit-breaker"],
            descriptor.Strategies.Select(s => s.Options?.Name));
        var timeout = Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[1].Options);
        Assert.Equal(TimeSpan.FromSeconds(10), timeout.Timeout);
        var retry = Assert.IsType<RetryStrategyOptions>(descriptor.Strategies[2].Options);
        Assert.Equal(3, retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), retry.Delay);
        Assert.Equal(DelayBackoffType.Exponential, retry.BackoffType);
        Assert.True(retry.UseJitter);
        var breaker = Assert.IsType<CircuitBreakerStrategyOptions>(descriptor.Strategies[3].Options);
        Assert.Equal(0.5, breaker.FailureRatio);
        Assert.Equal(10, breaker.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(15), breaker.BreakDuration);
    }

    [Fact]
    public void HttpPipeline_AddsConcurrencyLimiterAndAttemptTimeout_Innermost()
    {
        using var host = new TestHost(_ => { });

        var descriptor = host.Pipeline(ResilienceProfiles.Http).GetPipelineDescriptor();

        Assert.Equal([GameBookResilienceNames.LoadSheddingStrategyName, "total-timeout", "retry", "circuit-breaker", "concurrency-limiter", "attempt-timeout"], descriptor.Strategies.Select(s => s.Options?.Name));
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[1].Options).Timeout);
        Assert.IsType<RetryStrategyOptions>(descriptor.Strategies[2].Options);
        Assert.Equal(0.1, Assert.IsType<CircuitBreakerStrategyOptions>(descriptor.Strategies[3].Options).FailureRatio);
        Assert.Equal(1000, Assert.IsType<RateLimiterStrategyOptions>(descriptor.Strategies[4].Options).DefaultRateLimiterOptions.PermitLimit);
        var attempt = Assert.IsType<TimeoutStrategyOptions>(descriptor.Strategies[5].Options);
        Assert.Equal("attempt-timeout", attempt.Name);
        Assert.Equal(TimeSpan.FromSeconds(10), attempt.Timeout);
    }

    [Fact]
    public async Task DisabledParts_AreLeftOut_ButTrackingStays()
    {
        using var host = new TestHost(b => b.AddPipeline("bare", o =>
        {
            o.LoadShedding = false;
            o.Timeout.Enabled = false;
            o.Retry.Enabled = false;
            o.CircuitBreaker.Enabled = false;
        }));

        var descriptor = host.Pipeline("bare").GetPipelineDescriptor();

        Assert.Equal(["tracking"], descriptor.Strategies.Select(s => s.Options?.Name));
        await Calls.Succeed(host.Pipeline("bare"));
        await Calls.Fail(host.Pipeline("bare"));
        Assert.Equal(new PipelineCounts(1, 1, 0, 0, 0, 0, 0, 0, 0), host.Status("bare").Totals);
        Assert.False(host.Status("bare").HasCircuitBreaker);
        Assert.Null(host.Status("bare").BreakerState);
    }

    [Fact]
    public void Pipelines_ResolveByKey_AndFromTheProvider_AsTheSameInstance()
    {
        using var host = new TestHost(b => b.AddPipeline("custom"));

        var provider = host.Services.GetRequiredService<ResiliencePipelineProvider<string>>();
        foreach (var name in new[] { ResilienceProfiles.Storage, ResilienceProfiles.Http, "custom" })
        {
            var keyed = host.Services.GetRequiredKeyedService<ResiliencePipeline>(name);
            Assert.Same(provider.GetPipeline(name), keyed);
        }

        Assert.Equal([ResilienceProfiles.Storage, ResilienceProfiles.Http, "custom"], host.Monitor.PipelineNames);
    }

    [Fact]
    public void AddGameBookResilience_IsIdempotent_AndAddPipelineTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddGameBookResilience().AddPipeline("a");
        var count = services.Count;
        services.AddGameBookResilience().AddPipeline("a");

        using var provider = services.BuildServiceProvider();
        Assert.Equal(["storage", "http", "a"], provider.GetRequiredService<IResilienceMonitor>().PipelineNames);
        Assert.InRange(services.Count - count, 0, 2); // only the extra (harmless) options registrations
    }

    [Fact]
    public void UnknownPipeline_GivesAnActionableError()
    {
        using var host = new TestHost(_ => { });

        var error = Assert.Throws<ArgumentException>(() => host.Monitor.GetStatus("sessions"));

        Assert.Contains("No GameBook pipeline is named 'sessions'", error.Message, StringComparison.Ordinal);
        Assert.Contains("storage, http", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddPipeline(\"sessions\")", error.Message, StringComparison.Ordinal);
    }
}

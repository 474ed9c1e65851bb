using BenchmarkDotNet.Attributes;
using GameBook.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace GameBook.Benchmarks.Resilience;

/// <summary>
/// One call (a trivial callback that completes synchronously) through a timeout + retry + circuit breaker pipeline:
/// built by hand with Polly (the baseline) against the same strategies resolved from <c>AddGameBookResilience</c>,
/// which adds failure tracking, load shedding, Polly's telemetry and reloads. The claim: ratio at most 1.2 and no
/// more allocated per call. No faults, nobody listening to the meters.
/// </summary>
[MemoryDiagnoser]
public class ResiliencePipelineBenchmarks
{
    private ServiceProvider _services = null!;
    private ResiliencePipeline _handBuilt = null!;
    private ResiliencePipeline _gameBook = null!;
    private ResiliencePipeline _gameBookNoShedding = null!;
    private ResiliencePipeline _handBuiltWithTelemetry = null!;
    private ResiliencePipeline _registered = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handBuilt = AddSameThree(new ResiliencePipelineBuilder()).Build();
        _handBuiltWithTelemetry = AddSameThree(new ResiliencePipelineBuilder().ConfigureTelemetry(NullLoggerFactory.Instance)).Build();

        var services = new ServiceCollection();
        services.AddGameBookResilience().AddPipeline("no-shedding", o => o.LoadShedding = false);
        services.AddResiliencePipeline("polly-registered", builder => AddSameThree(builder));
        _services = services.BuildServiceProvider();
        var provider = _services.GetRequiredService<ResiliencePipelineProvider<string>>();
        _gameBook = provider.GetPipeline(ResilienceProfiles.Storage);
        _gameBookNoShedding = provider.GetPipeline("no-shedding");
        _registered = provider.GetPipeline("polly-registered");
    }

    private static ResiliencePipelineBuilder AddSameThree(ResiliencePipelineBuilder builder)
    {
        var defaults = new GameBookPipelineOptions();
        return builder
            .AddTimeout(new TimeoutStrategyOptions { Timeout = defaults.Timeout.Total })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = defaults.Retry.MaxRetryAttempts,
                Delay = defaults.Retry.BaseDelay,
                MaxDelay = defaults.Retry.MaxDelay,
                BackoffType = defaults.Retry.BackoffType,
                UseJitter = defaults.Retry.UseJitter,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = defaults.CircuitBreaker.FailureRatio,
                MinimumThroughput = defaults.CircuitBreaker.MinimumThroughput,
                SamplingDuration = defaults.CircuitBreaker.SamplingDuration,
                BreakDuration = defaults.CircuitBreaker.BreakDuration,
            });
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Polly by hand: timeout + retry + breaker")]
    public ValueTask HandBuilt() => ExecuteAsync(_handBuilt);

    [Benchmark(Description = "GameBook storage pipeline (tracking + load shedding + same three)")]
    public ValueTask GameBook() => ExecuteAsync(_gameBook);

    [Benchmark(Description = "GameBook pipeline without load shedding")]
    public ValueTask GameBookNoShedding() => ExecuteAsync(_gameBookNoShedding);

    [Benchmark(Description = "Polly by hand + telemetry (ConfigureTelemetry, null logger)")]
    public ValueTask HandBuiltWithTelemetry() => ExecuteAsync(_handBuiltWithTelemetry);

    [Benchmark(Description = "Polly via AddResiliencePipeline (telemetry, registry)")]
    public ValueTask PollyRegistered() => ExecuteAsync(_registered);

    private static async ValueTask ExecuteAsync(ResiliencePipeline pipeline)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            await pipeline.ExecuteAsync(static (_, _) => ValueTask.CompletedTask, context, 0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}

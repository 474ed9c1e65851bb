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
/// more allocated per call. No faults, nobody listening to the meters. A second group compares against the same
/// hand-built pipeline with Polly's telemetry switched on (which GameBook pipelines carry, as Polly.Extensions
/// does for every pipeline it registers) and against the same three strategies registered with Polly.Extensions.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ResiliencePipelineBenchmarks
{
    private const string PlainPolly = "vs plain Polly";
    private const string PollyWithTelemetry = "vs Polly with telemetry";

    private ServiceProvider _services = null!;
    private ResiliencePipeline _handBuilt = null!;
    private ResiliencePipeline _gameBook = null!;
    private ResiliencePipeline _handBuiltWithTelemetry = null!;
    private ResiliencePipeline _registered = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handBuilt = AddSameThree(new ResiliencePipelineBuilder()).Build();
        _handBuiltWithTelemetry = AddSameThree(new ResiliencePipelineBuilder().ConfigureTelemetry(NullLoggerFactory.Instance)).Build();

        var services = new ServiceCollection();
        services.AddGameBookResilience();
        services.AddResiliencePipeline("polly-registered", (builder, context) =>
        {
            context.EnableReloads<GameBookPipelineOptions>("polly-registered"); // reload tracking, as GameBook pipelines have
            AddSameThree(builder);
        });
        _services = services.BuildServiceProvider();
        var provider = _services.GetRequiredService<ResiliencePipelineProvider<string>>();
        _gameBook = provider.GetPipeline(ResilienceProfiles.Storage);
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

    [BenchmarkCategory(PlainPolly)]
    [Benchmark(Baseline = true, Description = "Polly by hand: timeout + retry + breaker")]
    public ValueTask HandBuilt() => ExecuteAsync(_handBuilt);

    [BenchmarkCategory(PlainPolly)]
    [Benchmark(Description = "GameBook storage pipeline")]
    public ValueTask GameBook() => ExecuteAsync(_gameBook);

    [BenchmarkCategory(PollyWithTelemetry)]
    [Benchmark(Baseline = true, Description = "Polly by hand + Polly telemetry")]
    public ValueTask HandBuiltWithTelemetry() => ExecuteAsync(_handBuiltWithTelemetry);

    [BenchmarkCategory(PollyWithTelemetry)]
    [Benchmark(Description = "Polly via AddResiliencePipeline (telemetry + reloads)")]
    public ValueTask PollyRegistered() => ExecuteAsync(_registered);

    [BenchmarkCategory(PollyWithTelemetry)]
    [Benchmark(Description = "GameBook storage pipeline (same)")]
    public ValueTask GameBookAgainstTelemetry() => ExecuteAsync(_gameBook);

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

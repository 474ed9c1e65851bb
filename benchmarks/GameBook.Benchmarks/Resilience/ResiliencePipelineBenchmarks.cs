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
/// One call (a trivial callback that completes synchronously, pooled context) through timeout + retry + circuit
/// breaker, no faults, nobody listening to any meter. The floor (resilience issue): a GameBook pipeline within 1.2 x
/// the same pipeline built by hand with Polly, allocating nothing more. "The same" includes Polly's telemetry, which
/// the issue requires of every GameBook pipeline and which Polly.Extensions gives every pipeline it registers: the
/// baseline of the first group is that hand-built pipeline with <c>ConfigureTelemetry</c>. For reference, the first
/// group also has the GameBook storage profile (the same plus load shedding) and the same three strategies registered
/// through Polly.Extensions with reloads (what GameBook registers with); the second group compares with the
/// hand-built pipeline without telemetry.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class ResiliencePipelineBenchmarks
{
    private const string ByHand = "vs Polly by hand";
    private const string PlainPolly = "vs Polly by hand without telemetry";
    private const string Three = "three";

    private ServiceProvider _services = null!;
    private ResiliencePipeline _handBuilt = null!;
    private ResiliencePipeline _handBuiltWithTelemetry = null!;
    private ResiliencePipeline _gameBook = null!;
    private ResiliencePipeline _storage = null!;
    private ResiliencePipeline _registered = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handBuilt = AddSameThree(new ResiliencePipelineBuilder()).Build();
        _handBuiltWithTelemetry = AddSameThree(new ResiliencePipelineBuilder().ConfigureTelemetry(NullLoggerFactory.Instance)).Build();

        var services = new ServiceCollection();
        services.AddGameBookResilience().AddPipeline(Three, o => o.LoadShedding = false);
        services.AddResiliencePipeline("polly-registered", (builder, context) =>
        {
            context.EnableReloads<GameBookPipelineOptions>("polly-registered"); // reloads, as GameBook pipelines have
            AddSameThree(builder);
        });
        _services = services.BuildServiceProvider();
        var provider = _services.GetRequiredService<ResiliencePipelineProvider<string>>();
        _gameBook = provider.GetPipeline(Three);
        _storage = provider.GetPipeline(ResilienceProfiles.Storage);
        _registered = provider.GetPipeline("polly-registered");
    }

    internal static ResiliencePipelineBuilder AddSameThree(ResiliencePipelineBuilder builder)
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

    [BenchmarkCategory(ByHand)]
    [Benchmark(Baseline = true, Description = "Polly by hand: timeout + retry + breaker, Polly telemetry")]
    public ValueTask HandBuiltWithTelemetry() => ExecuteAsync(_handBuiltWithTelemetry);

    [BenchmarkCategory(ByHand)]
    [Benchmark(Description = "GameBook pipeline: timeout + retry + breaker")]
    public ValueTask GameBook() => ExecuteAsync(_gameBook);

    [BenchmarkCategory(ByHand)]
    [Benchmark(Description = "GameBook storage profile (+ load shedding)")]
    public ValueTask GameBookStorage() => ExecuteAsync(_storage);

    [BenchmarkCategory(ByHand)]
    [Benchmark(Description = "Polly via AddResiliencePipeline, reloads")]
    public ValueTask PollyRegistered() => ExecuteAsync(_registered);

    [BenchmarkCategory(PlainPolly)]
    [Benchmark(Baseline = true, Description = "Polly by hand: timeout + retry + breaker, no telemetry")]
    public ValueTask HandBuilt() => ExecuteAsync(_handBuilt);

    [BenchmarkCategory(PlainPolly)]
    [Benchmark(Description = "GameBook pipeline: timeout + retry + breaker ")]
    public ValueTask GameBookAgainstPlain() => ExecuteAsync(_gameBook);

    internal static async ValueTask ExecuteAsync(ResiliencePipeline pipeline)
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

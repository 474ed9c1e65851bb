using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using GameBook.Resilience.Diagnostics;
using GameBook.Resilience.LoadShedding;
using GameBook.Resilience.Tracking;
using GameBook.Telemetry.Memory;
using Polly;
using Polly.CircuitBreaker;
using Polly.Fallback;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace GameBook.Resilience.Pipelines;

/// <summary>
/// Builds a GameBook pipeline from validated options. Order, outer to inner: fallback (typed pipelines only),
/// load shedding, total timeout, retry, circuit breaker, concurrency limiter, attempt timeout. Failure tracking is the
/// builder's telemetry listener (<see cref="TrackingTelemetryListener{TPipelineResult}"/>), not a strategy.
/// Stateless; thread-safe.
/// </summary>
internal static class PipelineComposer
{
    /// <summary>Polly strategy names (the <c>strategy.name</c> tag of Polly's telemetry).</summary>
    public const string TotalTimeoutName = "total-timeout";

    public const string RetryName = "retry";

    public const string CircuitBreakerName = "circuit-breaker";

    public const string ConcurrencyLimiterName = "concurrency-limiter";

    public const string AttemptTimeoutName = "attempt-timeout";

    public const string FallbackName = "fallback";

    public static void Compose(ResiliencePipelineBuilder builder, GameBookPipelineOptions options, PipelineTracker tracker, IMemoryPressure pressure, TelemetryOptions? telemetry)
    {
        builder.TelemetryListener = new TrackingTelemetryListener<object>(tracker, isFailedResult: null, hasFallback: false, builder.TelemetryListener, PollyTelemetryGate.For(telemetry));
        AddLoadShedding(builder, options, tracker, pressure);
        AddTotalTimeout(builder, options);
        var handled = new HandledExceptions(options.Retry.HandledExceptions);
        if (options.Retry.Enabled)
        {
            _ = builder.AddRetry(Fill<RetryStrategyOptions, object>(new RetryStrategyOptions(), options.Retry, tracker, outcome => handled.IsTransient(outcome.Exception)));
        }

        tracker.HasBreaker = options.CircuitBreaker.Enabled;
        if (options.CircuitBreaker.Enabled)
        {
            _ = builder.AddCircuitBreaker(Fill<CircuitBreakerStrategyOptions, object>(new CircuitBreakerStrategyOptions(), options.CircuitBreaker, tracker, outcome => handled.IsTransient(outcome.Exception)));
        }

        AddInner(builder, options);
        KeepTracking(builder, options, hasFallback: false);
        tracker.IsBuilt = true;
    }

    public static void Compose<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(ResiliencePipelineBuilder<TResult> builder, GameBookPipelineOptions options, ResultPipelineOptions<TResult> results, PipelineTracker tracker, IMemoryPressure pressure, TelemetryOptions? telemetry)
    {
        builder.TelemetryListener = new TrackingTelemetryListener<TResult>(tracker, results.ShouldHandleResult, hasFallback: results.Fallback is not null, builder.TelemetryListener, PollyTelemetryGate.For(telemetry));
        if (results.Fallback is { } fallback)
        {
            _ = builder.AddFallback(new FallbackStrategyOptions<TResult>
            {
                Name = FallbackName,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                {
                    OperationCanceledException when args.Context.CancellationToken.IsCancellationRequested => false,
                    null => results.ShouldHandleResult?.Invoke(args.Outcome.Result!) ?? false,
                    _ => true,
                }),
                FallbackAction = async args => Outcome.FromResult(await fallback(args.Outcome).ConfigureAwait(args.Context.ContinueOnCapturedContext)),
                OnFallback = args =>
                {
                    TrackingTelemetryListener<TResult>.MarkRecorded(tracker, args.Outcome, args.Context, results.ShouldHandleResult);
                    tracker.RecordFallback();
                    return default;
                },
            });
        }

        AddLoadShedding(builder, options, tracker, pressure);
        AddTotalTimeout(builder, options);
        var handled = new HandledExceptions(options.Retry.HandledExceptions);
        var isFailure = results.ShouldHandleResult;
        bool IsTransient(Outcome<TResult> outcome) => outcome.Exception is { } exception
            ? handled.IsTransient(exception)
            : isFailure is not null && isFailure(outcome.Result!);
        if (options.Retry.Enabled)
        {
            _ = builder.AddRetry(Fill<RetryStrategyOptions<TResult>, TResult>(new RetryStrategyOptions<TResult>(), options.Retry, tracker, IsTransient));
        }

        tracker.HasBreaker = options.CircuitBreaker.Enabled;
        if (options.CircuitBreaker.Enabled)
        {
            _ = builder.AddCircuitBreaker(Fill<CircuitBreakerStrategyOptions<TResult>, TResult>(new CircuitBreakerStrategyOptions<TResult>(), options.CircuitBreaker, tracker, IsTransient));
        }

        AddInner(builder, options);
        KeepTracking(builder, options, hasFallback: results.Fallback is not null);
        tracker.IsBuilt = true;
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the options with data annotations; LoadSheddingStrategyOptions only has the base Name property, which carries no validation attribute.")]
    private static void AddLoadShedding<TBuilder>(TBuilder builder, GameBookPipelineOptions options, PipelineTracker tracker, IMemoryPressure pressure)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        if (options.LoadShedding)
        {
            _ = builder.AddStrategy(_ => new LoadSheddingStrategy(tracker.Name, pressure), new LoadSheddingStrategyOptions());
        }
    }

    private static void AddTotalTimeout<TBuilder>(TBuilder builder, GameBookPipelineOptions options)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        if (options.Timeout.Enabled)
        {
            _ = builder.AddTimeout(new TimeoutStrategyOptions { Name = TotalTimeoutName, Timeout = options.Timeout.Total });
        }
    }

    /// <summary>
    /// Polly builds a pipeline without strategies as an empty one that reports no telemetry, and so nothing would be
    /// tracked: such a pipeline gets a strategy that only passes the call on.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the options with data annotations; PassThroughStrategyOptions only has the base Name property, which carries no validation attribute.")]
    private static void KeepTracking<TBuilder>(TBuilder builder, GameBookPipelineOptions options, bool hasFallback)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        var hasStrategy = hasFallback
            || options.LoadShedding
            || options.Timeout.Enabled
            || options.Timeout.PerAttempt is not null
            || options.Retry.Enabled
            || options.CircuitBreaker.Enabled
            || options.ConcurrencyLimit.Enabled;
        if (!hasStrategy)
        {
            _ = builder.AddStrategy(_ => new PassThroughStrategy(), new PassThroughStrategyOptions());
        }
    }

    private static void AddInner<TBuilder>(TBuilder builder, GameBookPipelineOptions options)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        if (options.ConcurrencyLimit.Enabled)
        {
            _ = builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = ConcurrencyLimiterName,
                DefaultRateLimiterOptions = new System.Threading.RateLimiting.ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ConcurrencyLimit.PermitLimit,
                    QueueLimit = options.ConcurrencyLimit.QueueLimit,
                    QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst,
                },
            });
        }

        if (options.Timeout.PerAttempt is { } perAttempt)
        {
            _ = builder.AddTimeout(new TimeoutStrategyOptions { Name = AttemptTimeoutName, Timeout = perAttempt });
        }
    }

    private static TOptions Fill<TOptions, TResult>(TOptions target, PipelineRetryOptions retry, PipelineTracker tracker, Func<Outcome<TResult>, bool> isTransient)
        where TOptions : RetryStrategyOptions<TResult>
    {
        target.Name = RetryName;
        target.MaxRetryAttempts = retry.MaxRetryAttempts;
        target.Delay = retry.BaseDelay;
        target.MaxDelay = retry.MaxDelay;
        target.BackoffType = retry.BackoffType;
        target.UseJitter = retry.UseJitter;
        target.ShouldHandle = args => new ValueTask<bool>(isTransient(args.Outcome));
        target.OnRetry = _ =>
        {
            tracker.RecordRetry();
            return default;
        };
        return target;
    }

    private static TOptions Fill<TOptions, TResult>(TOptions target, PipelineCircuitBreakerOptions breaker, PipelineTracker tracker, Func<Outcome<TResult>, bool> isTransient)
        where TOptions : CircuitBreakerStrategyOptions<TResult>
    {
        target.Name = CircuitBreakerName;
        target.FailureRatio = breaker.FailureRatio;
        target.MinimumThroughput = breaker.MinimumThroughput;
        target.SamplingDuration = breaker.SamplingDuration;
        target.BreakDuration = breaker.BreakDuration;
        target.ShouldHandle = args => new ValueTask<bool>(isTransient(args.Outcome));
        target.StateProvider = tracker.NewStateProvider();
        target.ManualControl = tracker.ManualControl;
        target.OnOpened = tracker.OnOpened;
        target.OnHalfOpened = _ => tracker.OnHalfOpened();
        target.OnClosed = tracker.OnClosed;
        return target;
    }

    /// <summary>Which exceptions are transient: retried and counted by the breaker.</summary>
    internal sealed class HandledExceptions(IEnumerable<string> typeNames)
    {
        private readonly FrozenSet<string> _names = typeNames.Select(n => n.Trim()).ToFrozenSet(StringComparer.Ordinal);

        public bool IsTransient(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return false;
                case TimeoutRejectedException:
                    return true; // an attempt timeout (the total timeout is outside retry and breaker)
                case OperationCanceledException or ExecutionRejectedException:
                    return false;
            }

            if (_names.Count == 0)
            {
                return true;
            }

            for (var type = exception.GetType(); type is not null; type = type.BaseType)
            {
                if (type.FullName is { } fullName && _names.Contains(fullName))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Frozen;
using GameBook.Resilience.LoadShedding;
using GameBook.Resilience.Tracking;
using GameBook.Telemetry.Memory;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace GameBook.Resilience.Pipelines;

/// <summary>
/// Builds a GameBook pipeline from validated options. Order, outer to inner: failure tracking, load shedding,
/// total timeout, retry, circuit breaker, concurrency limiter, attempt timeout. Stateless; thread-safe.
/// </summary>
internal static class PipelineComposer
{
    /// <summary>Polly strategy names (the <c>strategy.name</c> tag of Polly's telemetry).</summary>
    public const string TotalTimeoutName = "total-timeout";

    public const string RetryName = "retry";

    public const string CircuitBreakerName = "circuit-breaker";

    public const string ConcurrencyLimiterName = "concurrency-limiter";

    public const string AttemptTimeoutName = "attempt-timeout";

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the options with data annotations; GameBookStrategyOptions only has the base Name property, which carries no validation attribute.")]
    public static void Compose(ResiliencePipelineBuilder builder, GameBookPipelineOptions options, PipelineTracker tracker, IMemoryPressure pressure)
    {
        var name = tracker.Name;
        _ = builder.AddStrategy(_ => new TrackingStrategy(tracker), new GameBookStrategyOptions(GameBookResilienceNames.TrackingStrategyName));
        if (options.LoadShedding)
        {
            _ = builder.AddStrategy(_ => new LoadSheddingStrategy(name, pressure), new GameBookStrategyOptions(GameBookResilienceNames.LoadSheddingStrategyName));
        }

        if (options.Timeout.Enabled)
        {
            _ = builder.AddTimeout(new TimeoutStrategyOptions { Name = TotalTimeoutName, Timeout = options.Timeout.Total });
        }

        var handled = new HandledExceptions(options.Retry.HandledExceptions);
        if (options.Retry.Enabled)
        {
            _ = builder.AddRetry(new RetryStrategyOptions
            {
                Name = RetryName,
                MaxRetryAttempts = options.Retry.MaxRetryAttempts,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                BackoffType = options.Retry.BackoffType,
                UseJitter = options.Retry.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(handled.IsTransient(args.Outcome.Exception)),
                OnRetry = _ =>
                {
                    tracker.RecordRetry();
                    return default;
                },
            });
        }

        tracker.HasBreaker = options.CircuitBreaker.Enabled;
        if (options.CircuitBreaker.Enabled)
        {
            _ = builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = CircuitBreakerName,
                FailureRatio = options.CircuitBreaker.FailureRatio,
                MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
                SamplingDuration = options.CircuitBreaker.SamplingDuration,
                BreakDuration = options.CircuitBreaker.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(handled.IsTransient(args.Outcome.Exception)),
                StateProvider = tracker.NewStateProvider(),
                ManualControl = tracker.ManualControl,
                OnOpened = tracker.OnOpened,
                OnHalfOpened = _ => tracker.OnHalfOpened(),
                OnClosed = tracker.OnClosed,
            });
        }

        if (options.ConcurrencyLimit.Enabled)
        {
            _ = builder.AddConcurrencyLimiter(new System.Threading.RateLimiting.ConcurrencyLimiterOptions
            {
                PermitLimit = options.ConcurrencyLimit.PermitLimit,
                QueueLimit = options.ConcurrencyLimit.QueueLimit,
                QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst,
            });
        }

        if (options.Timeout.PerAttempt is { } perAttempt)
        {
            _ = builder.AddTimeout(new TimeoutStrategyOptions { Name = AttemptTimeoutName, Timeout = perAttempt });
        }

        tracker.IsBuilt = true;
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

using Polly.CircuitBreaker;

namespace GameBook.Resilience;

/// <summary>The last call through a pipeline that did not succeed. Immutable; thread-safe.</summary>
/// <param name="Outcome">How it ended (never <see cref="CallOutcome.Success"/> or <see cref="CallOutcome.Canceled"/>).</param>
/// <param name="ExceptionType">Full name of the exception's type.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Timestamp">When it was recorded, by the pipeline's <see cref="TimeProvider"/>.</param>
public sealed record FailureInfo(CallOutcome Outcome, string ExceptionType, string Message, DateTimeOffset Timestamp);

/// <summary>One circuit breaker state change. Immutable; thread-safe.</summary>
/// <param name="From">The state before.</param>
/// <param name="To">The state entered.</param>
/// <param name="Timestamp">When, by the pipeline's <see cref="TimeProvider"/>.</param>
/// <param name="IsManual">Whether an operator caused it (isolate or close).</param>
/// <param name="BreakDuration">For a transition to <see cref="CircuitState.Open"/>: how long the breaker stays open.</param>
public sealed record BreakerTransition(CircuitState From, CircuitState To, DateTimeOffset Timestamp, bool IsManual, TimeSpan? BreakDuration);

/// <summary>
/// A snapshot of one pipeline's failure tracking and breaker, taken by <see cref="IResilienceMonitor"/>.
/// Immutable; thread-safe.
/// </summary>
public sealed class PipelineStatus
{
    internal PipelineStatus(string name) => Name = name;

    /// <summary>The pipeline name.</summary>
    public string Name { get; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Counts since the pipeline was first built (they survive configuration reloads).</summary>
    public PipelineCounts Totals { get; init; }

    /// <summary>Counts in the rolling window (the last <see cref="WindowLength"/>, current second included).</summary>
    public PipelineCounts Window { get; init; }

    /// <summary>Length of the rolling window.</summary>
    public TimeSpan WindowLength { get; init; }

    /// <summary>Retries since the pipeline was first built (attempts after the first; not calls).</summary>
    public long Retries { get; init; }

    /// <summary>Substitute results a typed pipeline's fallback produced since the pipeline was first built.</summary>
    public long Fallbacks { get; init; }

    /// <summary>The last call that did not succeed (canceled calls excluded), or <see langword="null"/>.</summary>
    public FailureInfo? LastFailure { get; init; }

    /// <summary>Whether the pipeline has a circuit breaker.</summary>
    public bool HasCircuitBreaker { get; init; }

    /// <summary>The breaker's state as Polly reports it (Open until the next call after the break elapsed); <see langword="null"/> without a breaker or before the pipeline was built.</summary>
    public CircuitState? BreakerState { get; init; }

    /// <summary>When the breaker entered <see cref="BreakerState"/> (or the pipeline was built, if it never changed).</summary>
    public DateTimeOffset? BreakerStateSince { get; init; }

    /// <summary>For an Open breaker: when its break ends, after which the next call is let through as a probe.</summary>
    public DateTimeOffset? BreakEndsAt { get; init; }

    /// <summary>Breaker transitions, oldest first, at most <see cref="GameBookResilienceOptions.TransitionHistorySize"/>.</summary>
    public IReadOnlyList<BreakerTransition> Transitions { get; init; } = [];

    /// <summary>Transitions since the pipeline was first built, including those dropped from <see cref="Transitions"/>.</summary>
    public long TransitionCount { get; init; }
}

namespace GameBook.Resilience;

/// <summary>
/// Calls through one pipeline by final outcome (see <see cref="CallOutcome"/>), over a period: since the
/// pipeline was first used, or the rolling window. <see cref="Calls"/> is the sum of all the parts, so every call
/// is counted exactly once. An immutable value; thread-safe.
/// </summary>
/// <param name="Successes">Calls that returned.</param>
/// <param name="Failures">Calls that ended with an exception after the pipeline handled what it could.</param>
/// <param name="Timeouts">Calls that ended with a <c>TimeoutRejectedException</c>.</param>
/// <param name="RejectedCircuitOpen">Calls an open circuit rejected.</param>
/// <param name="RejectedIsolated">Calls an isolated circuit rejected.</param>
/// <param name="RejectedConcurrencyLimit">Calls the concurrency limit rejected.</param>
/// <param name="RejectedLoadShedding">Calls load shedding rejected.</param>
/// <param name="RejectedOther">Calls any other Polly strategy rejected.</param>
/// <param name="Canceled">Calls the caller canceled.</param>
public readonly record struct PipelineCounts(
    long Successes,
    long Failures,
    long Timeouts,
    long RejectedCircuitOpen,
    long RejectedIsolated,
    long RejectedConcurrencyLimit,
    long RejectedLoadShedding,
    long RejectedOther,
    long Canceled)
{
    /// <summary>All rejections: open circuit, isolated, concurrency limit, load shedding and other.</summary>
    public long Rejections => RejectedCircuitOpen + RejectedIsolated + RejectedConcurrencyLimit + RejectedLoadShedding + RejectedOther;

    /// <summary>All calls: successes + failures + timeouts + rejections + canceled.</summary>
    public long Calls => Successes + Failures + Timeouts + Rejections + Canceled;

    /// <summary>The count of one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>How many calls ended that way.</returns>
    public long this[CallOutcome outcome] => outcome switch
    {
        CallOutcome.Success => Successes,
        CallOutcome.Failure => Failures,
        CallOutcome.Timeout => Timeouts,
        CallOutcome.RejectedCircuitOpen => RejectedCircuitOpen,
        CallOutcome.RejectedIsolated => RejectedIsolated,
        CallOutcome.RejectedConcurrencyLimit => RejectedConcurrencyLimit,
        CallOutcome.RejectedLoadShedding => RejectedLoadShedding,
        CallOutcome.RejectedOther => RejectedOther,
        CallOutcome.Canceled => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown call outcome."),
    };

    internal static PipelineCounts From(ReadOnlySpan<long> counts) =>
        new(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7], counts[8]);
}

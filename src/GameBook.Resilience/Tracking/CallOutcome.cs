namespace GameBook.Resilience;

/// <summary>
/// How one call through a GameBook pipeline ended, as failure tracking counts it. A call is one execution of the
/// pipeline (one <c>ExecuteAsync</c>), whatever number of attempts it made. Ordered as the counters are stored.
/// </summary>
public enum CallOutcome
{
    /// <summary>The callback returned (possibly after retries).</summary>
    Success = 0,

    /// <summary>The callback threw an exception the pipeline could not recover from (after any retries).</summary>
    Failure = 1,

    /// <summary>A timeout fired: the total timeout, or the last attempt's timeout when retries ran out (<c>TimeoutRejectedException</c>).</summary>
    Timeout = 2,

    /// <summary>Rejected by an open circuit (<c>BrokenCircuitException</c>).</summary>
    RejectedCircuitOpen = 3,

    /// <summary>Rejected by a circuit an operator isolated (<c>IsolatedCircuitException</c>).</summary>
    RejectedIsolated = 4,

    /// <summary>Rejected by the concurrency limit (<c>RateLimiterRejectedException</c>).</summary>
    RejectedConcurrencyLimit = 5,

    /// <summary>Rejected by load shedding at memory level Maximum (<see cref="LoadSheddingRejectedException"/>).</summary>
    RejectedLoadShedding = 6,

    /// <summary>Rejected by another Polly strategy (any other <c>ExecutionRejectedException</c>).</summary>
    RejectedOther = 7,

    /// <summary>The caller's cancellation token was canceled.</summary>
    Canceled = 8,
}

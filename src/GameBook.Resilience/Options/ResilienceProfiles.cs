namespace GameBook.Resilience;

/// <summary>
/// The built-in pipelines every <c>AddGameBookResilience</c> registers, with their defaults. Constants and
/// pure functions; thread-safe.
/// </summary>
public static class ResilienceProfiles
{
    /// <summary>
    /// Pipeline for session storage and other local or nearby stores: fast calls, any exception but cancellation
    /// is transient. Timeout 10 s total, 3 retries from 200 ms (exponential, jitter, at most 5 s), breaker at 50 %
    /// failures over 30 s after 10 calls, open 15 s, no concurrency limit, load shedding on.
    /// </summary>
    public const string Storage = "storage";

    /// <summary>
    /// Pipeline for outgoing HTTP (webhooks, remote story stores): timeout 30 s total and 10 s per attempt,
    /// 3 retries from 1 s (exponential, jitter, at most 30 s) of <c>HttpRequestException</c> and attempt timeouts,
    /// breaker at 10 % failures over 30 s after 100 calls, open 5 s, 1000 concurrent calls and no queue, load shedding on.
    /// </summary>
    public const string Http = "http";

    /// <summary>Sets <paramref name="options"/> to the <see cref="Storage"/> profile (which is also the class defaults).</summary>
    /// <param name="options">The options to overwrite.</param>
    public static void ApplyStorage(GameBookPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new GameBookPipelineOptions();
        options.LoadShedding = defaults.LoadShedding;
        options.Timeout = defaults.Timeout;
        options.Retry = defaults.Retry;
        options.CircuitBreaker = defaults.CircuitBreaker;
        options.ConcurrencyLimit = defaults.ConcurrencyLimit;
    }

    /// <summary>Sets <paramref name="options"/> to the <see cref="Http"/> profile.</summary>
    /// <param name="options">The options to overwrite.</param>
    public static void ApplyHttp(GameBookPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ApplyStorage(options);
        options.Timeout.Total = ResilienceDefaults.HttpTotalTimeout;
        options.Timeout.PerAttempt = ResilienceDefaults.HttpAttemptTimeout;
        options.Retry.BaseDelay = ResilienceDefaults.HttpRetryBaseDelay;
        options.Retry.MaxDelay = ResilienceDefaults.HttpRetryMaxDelay;
        options.Retry.HandledExceptions = ["System.Net.Http.HttpRequestException"];
        options.CircuitBreaker.FailureRatio = ResilienceDefaults.HttpFailureRatio;
        options.CircuitBreaker.MinimumThroughput = ResilienceDefaults.HttpMinimumThroughput;
        options.CircuitBreaker.BreakDuration = ResilienceDefaults.HttpBreakDuration;
        options.ConcurrencyLimit.Enabled = true;
        options.ConcurrencyLimit.PermitLimit = ResilienceDefaults.HttpPermitLimit;
    }
}

using Polly;

namespace GameBook.Resilience;

/// <summary>
/// Default values of <see cref="GameBookPipelineOptions"/> (the <see cref="ResilienceProfiles.Storage"/> profile),
/// of the <see cref="ResilienceProfiles.Http"/> profile and of <see cref="GameBookResilienceOptions"/>. Constants; thread-safe.
/// </summary>
public static class ResilienceDefaults
{
    /// <summary>Total timeout of one call, retries included: 10 seconds.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt: 3.</summary>
    public const int MaxRetryAttempts = 3;

    /// <summary>Delay before the first retry (the base of the backoff): 200 ms.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on any one retry delay: 5 seconds.</summary>
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Backoff: exponential.</summary>
    public const DelayBackoffType BackoffType = DelayBackoffType.Exponential;

    /// <summary>Jitter on retry delays: on.</summary>
    public const bool UseJitter = true;

    /// <summary>Failure ratio in the sampling window at which the breaker opens: 0.5.</summary>
    public const double FailureRatio = 0.5;

    /// <summary>Calls in the sampling window before the breaker may open: 10.</summary>
    public const int MinimumThroughput = 10;

    /// <summary>Sampling window of the breaker: 30 seconds.</summary>
    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before a probe: 15 seconds.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>Concurrent calls when the concurrency limit is enabled: 100.</summary>
    public const int PermitLimit = 100;

    /// <summary>Calls queued beyond the permits: 0 (reject at once).</summary>
    public const int QueueLimit = 0;

    /// <summary>Load shedding at memory level Maximum: on.</summary>
    public const bool LoadShedding = true;

    /// <summary>HTTP profile: total timeout 30 seconds.</summary>
    public static readonly TimeSpan HttpTotalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>HTTP profile: timeout of one attempt 10 seconds.</summary>
    public static readonly TimeSpan HttpAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>HTTP profile: first retry delay 1 second.</summary>
    public static readonly TimeSpan HttpRetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>HTTP profile: cap on a retry delay 30 seconds.</summary>
    public static readonly TimeSpan HttpRetryMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>HTTP profile: failure ratio 0.1.</summary>
    public const double HttpFailureRatio = 0.1;

    /// <summary>HTTP profile: minimum throughput 100.</summary>
    public const int HttpMinimumThroughput = 100;

    /// <summary>HTTP profile: break duration 5 seconds.</summary>
    public static readonly TimeSpan HttpBreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>HTTP profile: 1000 concurrent calls.</summary>
    public const int HttpPermitLimit = 1000;

    /// <summary>Length of the rolling window of failure tracking, in one-second buckets: 60.</summary>
    public const int RollingWindowSeconds = 60;

    /// <summary>Breaker transitions kept per pipeline (oldest dropped first): 50.</summary>
    public const int TransitionHistorySize = 50;
}

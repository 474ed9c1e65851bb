using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GameBook.Resilience;

/// <summary>
/// Options of one named GameBook pipeline (named options: the options name is the pipeline name). Every part
/// can be switched off. Bindable from configuration (<c>GameBook:Resilience:Pipelines:{name}</c>), validated on
/// start and on every reload; a change rebuilds the pipeline. Defaults are the <see cref="ResilienceProfiles.Storage"/>
/// profile. Not thread-safe to mutate; pipelines are built from a validated snapshot.
/// </summary>
public sealed class GameBookPipelineOptions
{
    /// <summary>Rejects calls at once while the memory pressure level is Maximum. Default <see langword="true"/>.</summary>
    public bool LoadShedding { get; set; } = ResilienceDefaults.LoadShedding;

    /// <summary>Total timeout of a call (retries included) and optional timeout of each attempt.</summary>
    public PipelineTimeoutOptions Timeout { get; set; } = new();

    /// <summary>Retries with backoff and jitter.</summary>
    [ValidateObjectMembers]
    public PipelineRetryOptions Retry { get; set; } = new();

    /// <summary>The circuit breaker.</summary>
    [ValidateObjectMembers]
    public PipelineCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>The concurrency limit (off by default in the storage profile).</summary>
    [ValidateObjectMembers]
    public PipelineConcurrencyLimitOptions ConcurrencyLimit { get; set; } = new();
}

/// <summary>Timeouts of a <see cref="GameBookPipelineOptions"/>. Not thread-safe to mutate.</summary>
public sealed class PipelineTimeoutOptions
{
    /// <summary>Whether the total timeout strategy is added. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Total time a call may take, retries and their delays included; 10 ms to 1 day. Default 10 seconds.</summary>
    public TimeSpan Total { get; set; } = ResilienceDefaults.TotalTimeout;

    /// <summary>
    /// Time one attempt may take (innermost strategy), 10 ms to 1 day and less than <see cref="Total"/> when both are
    /// enabled; <see langword="null"/> for none. An attempt timeout is a handled failure: it is retried and counts
    /// towards the breaker. Default <see langword="null"/> (the HTTP profile: 10 seconds).
    /// </summary>
    public TimeSpan? PerAttempt { get; set; }
}

/// <summary>Retry part of a <see cref="GameBookPipelineOptions"/>. Not thread-safe to mutate.</summary>
public sealed class PipelineRetryOptions
{
    /// <summary>Whether the retry strategy is added. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt, 1 to 100. Default 3.</summary>
    [Range(1, 100)]
    public int MaxRetryAttempts { get; set; } = ResilienceDefaults.MaxRetryAttempts;

    /// <summary>Delay before the first retry and base of the backoff, 0 to 1 hour. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = ResilienceDefaults.RetryBaseDelay;

    /// <summary>Cap on any retry delay, jitter included; at least <see cref="BaseDelay"/>, at most 1 day. Default 5 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = ResilienceDefaults.RetryMaxDelay;

    /// <summary>Backoff: <c>Constant</c>, <c>Linear</c> or <c>Exponential</c>. Default <c>Exponential</c>.</summary>
    [EnumDataType(typeof(Polly.DelayBackoffType))]
    public Polly.DelayBackoffType BackoffType { get; set; } = ResilienceDefaults.BackoffType;

    /// <summary>Adds jitter to the delays (Polly's decorrelated jitter for exponential backoff). Default <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = ResilienceDefaults.UseJitter;

    /// <summary>
    /// Full names of the exception types that count as transient failures (retried and counted by the breaker);
    /// a thrown exception matches if its type or any base type has one of these names. Empty (the default) means
    /// every exception except <see cref="OperationCanceledException"/> and Polly's rejections. Attempt timeouts are always handled.
    /// </summary>
#pragma warning disable CA2227 // Settable so configuration binding and profiles can replace the list.
    public IList<string> HandledExceptions { get; set; } = [];
#pragma warning restore CA2227
}

/// <summary>Circuit breaker part of a <see cref="GameBookPipelineOptions"/>. Not thread-safe to mutate.</summary>
public sealed class PipelineCircuitBreakerOptions
{
    /// <summary>Whether the circuit breaker is added. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Ratio of handled failures among the calls in the sampling window at which the breaker opens, 0.001 to 1. Default 0.5.</summary>
    [Range(0.001, 1.0)]
    public double FailureRatio { get; set; } = ResilienceDefaults.FailureRatio;

    /// <summary>Attempts in the sampling window before the breaker may open, 2 to 1,000,000. Default 10.</summary>
    [Range(2, 1_000_000)]
    public int MinimumThroughput { get; set; } = ResilienceDefaults.MinimumThroughput;

    /// <summary>The sampling window, 500 ms to 1 day. Default 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = ResilienceDefaults.SamplingDuration;

    /// <summary>How long the breaker stays open before it lets one probe through, 500 ms to 1 day. Default 15 seconds.</summary>
    public TimeSpan BreakDuration { get; set; } = ResilienceDefaults.BreakDuration;
}

/// <summary>Concurrency limit part of a <see cref="GameBookPipelineOptions"/>. Not thread-safe to mutate.</summary>
public sealed class PipelineConcurrencyLimitOptions
{
    /// <summary>Whether the concurrency limiter is added. Default <see langword="false"/> (the HTTP profile: <see langword="true"/>).</summary>
    public bool Enabled { get; set; }

    /// <summary>Calls that may run at once, 1 to 1,000,000. Default 100.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = ResilienceDefaults.PermitLimit;

    /// <summary>Calls that may wait for a permit, 0 to 1,000,000; beyond that they are rejected. Default 0.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = ResilienceDefaults.QueueLimit;
}

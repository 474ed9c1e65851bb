using Microsoft.Extensions.Options;

namespace GameBook.Resilience;

/// <summary>
/// The checks of <see cref="GameBookPipelineOptions"/> that data annotations cannot express (time spans, order of
/// timeouts and delays, exception names), with messages that name the pipeline. Runs beside the generated
/// validator. Stateless; thread-safe.
/// </summary>
internal sealed class PipelineOptionsRules : IValidateOptions<GameBookPipelineOptions>
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, GameBookPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var prefix = $"Pipeline '{name}': ";
        void Fail(string message) => failures.Add(prefix + message);

        var timeout = options.Timeout;
        if (timeout.Enabled && (timeout.Total < MinTimeout || timeout.Total > MaxDuration))
        {
            Fail($"Timeout.Total must be between 10 ms and 1 day; got {timeout.Total}. Set it in the pipeline's Timeout section, or set Timeout.Enabled to false.");
        }

        if (timeout.PerAttempt is { } perAttempt)
        {
            if (perAttempt < MinTimeout || perAttempt > MaxDuration)
            {
                Fail($"Timeout.PerAttempt must be between 10 ms and 1 day, or absent; got {perAttempt}.");
            }
            else if (timeout.Enabled && perAttempt >= timeout.Total)
            {
                Fail($"Timeout.PerAttempt ({perAttempt}) must be less than Timeout.Total ({timeout.Total}), or the total timeout fires before any retry.");
            }
        }

        var retry = options.Retry;
        if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > TimeSpan.FromHours(1))
        {
            Fail($"Retry.BaseDelay must be between 0 and 1 hour; got {retry.BaseDelay}.");
        }

        if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > MaxDuration)
        {
            Fail($"Retry.MaxDelay must be at least Retry.BaseDelay ({retry.BaseDelay}) and at most 1 day; got {retry.MaxDelay}.");
        }

        for (var i = 0; i < retry.HandledExceptions.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(retry.HandledExceptions[i]))
            {
                Fail($"Retry.HandledExceptions[{i}] is empty; give a full exception type name such as System.IO.IOException.");
            }
        }

        var breaker = options.CircuitBreaker;
        if (breaker.SamplingDuration < MinBreakerDuration || breaker.SamplingDuration > MaxDuration)
        {
            Fail($"CircuitBreaker.SamplingDuration must be between 500 ms and 1 day; got {breaker.SamplingDuration}.");
        }

        if (breaker.BreakDuration < MinBreakerDuration || breaker.BreakDuration > MaxDuration)
        {
            Fail($"CircuitBreaker.BreakDuration must be between 500 ms and 1 day; got {breaker.BreakDuration}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

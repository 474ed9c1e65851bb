using System.ComponentModel.DataAnnotations;

namespace GameBook.Telemetry.Alerts;

/// <summary>Options of the webhook alert sink. Validated on start. Not thread-safe to mutate.</summary>
public sealed class WebhookAlertSinkOptions : IValidatableObject
{
    /// <summary>The absolute URI the alerts are POSTed to as JSON. Required.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Timeout of one POST attempt, 1 ms to 10 minutes. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a failed attempt (timeout, connection error, non-success status). Default 3.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry, 0 to 10 minutes; doubled on each further retry. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Alerts waiting for delivery; when full, the oldest waiting alert is dropped and counted. Default 100.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 100;

    /// <summary>Checks that the endpoint is an absolute http(s) URI and the durations are in range.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is not null && !(Endpoint.IsAbsoluteUri && (Endpoint.Scheme == Uri.UriSchemeHttp || Endpoint.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"Endpoint must be an absolute http or https URI; got '{Endpoint}'.", [nameof(Endpoint)]);
        }

        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Timeout must be between 1 ms and 10 minutes; got {Timeout}.", [nameof(Timeout)]);
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"RetryDelay must be between 0 and 10 minutes; got {RetryDelay}.", [nameof(RetryDelay)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace GameBook.Telemetry.Health;

/// <summary>Options of the GameBook CPU health check. Validated on start. Not thread-safe to mutate.</summary>
public sealed class CpuHealthCheckOptions : IValidatableObject
{
    /// <summary>Average CPU utilization over <see cref="Window"/> (percent) above which the check reports Degraded. Default 70.</summary>
    [Range(0.0, 100.0)]
    public double DegradedPercent { get; set; } = 70;

    /// <summary>Average CPU utilization over <see cref="Window"/> (percent) above which the check reports Unhealthy. Default 90.</summary>
    [Range(0.0, 100.0)]
    public double UnhealthyPercent { get; set; } = 90;

    /// <summary>How long the CPU must stay high: the samples of this window are averaged; 1 ms to 1 hour. Default 30 seconds.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks that <see cref="DegradedPercent"/> is not above <see cref="UnhealthyPercent"/> and the window is in range.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DegradedPercent > UnhealthyPercent)
        {
            yield return new ValidationResult(
                $"CpuHealthCheckOptions needs DegradedPercent <= UnhealthyPercent; got {DegradedPercent}, {UnhealthyPercent}.",
                [nameof(DegradedPercent), nameof(UnhealthyPercent)]);
        }

        if (Window < TimeSpan.FromMilliseconds(1) || Window > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"Window must be between 1 ms and 1 hour; got {Window}.", [nameof(Window)]);
        }
    }
}

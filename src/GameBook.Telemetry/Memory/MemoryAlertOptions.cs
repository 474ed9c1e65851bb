using System.ComponentModel.DataAnnotations;

namespace GameBook.Telemetry.Memory;

/// <summary>
/// Options of the <see cref="MemoryAlertManager"/>. Validated on start; thresholds, margin and interval
/// may be changed at run time through <c>IOptionsMonitor</c>. Not thread-safe to mutate; the manager reads a
/// validated snapshot.
/// </summary>
public sealed class MemoryAlertOptions : IValidatableObject
{
    /// <summary>Percentage of the memory limit at which <see cref="MemoryLevel.Warning"/> is entered. Default 60.</summary>
    [Range(0.0, 100.0)]
    public double WarningPercent { get; set; } = MemoryAlertDefaults.WarningPercent;

    /// <summary>Percentage of the memory limit at which <see cref="MemoryLevel.Critical"/> is entered. Default 70.</summary>
    [Range(0.0, 100.0)]
    public double CriticalPercent { get; set; } = MemoryAlertDefaults.CriticalPercent;

    /// <summary>Percentage of the memory limit at which <see cref="MemoryLevel.Maximum"/> is entered. Default 80.</summary>
    [Range(0.0, 100.0)]
    public double MaximumPercent { get; set; } = MemoryAlertDefaults.MaximumPercent;

    /// <summary>
    /// Hysteresis, in percentage points: a level is left only when usage falls this far below its threshold.
    /// Default 5.
    /// </summary>
    [Range(0.0, 50.0)]
    public double HysteresisPercent { get; set; } = MemoryAlertDefaults.HysteresisPercent;

    /// <summary>How often readings are sampled (on the injected <see cref="TimeProvider"/>), 10 ms to 1 hour. Default 5 seconds.</summary>
    public TimeSpan SamplingInterval { get; set; } = MemoryAlertDefaults.SamplingInterval;

    /// <summary>How many alerts the history keeps (oldest dropped first). Default 100.</summary>
    [Range(1, 100_000)]
    public int HistorySize { get; set; } = MemoryAlertDefaults.HistorySize;

    /// <summary>Checks that the thresholds are strictly ordered Warning &lt; Critical &lt; Maximum and the interval is in range.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The ordering errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(WarningPercent < CriticalPercent && CriticalPercent < MaximumPercent))
        {
            yield return new ValidationResult(
                $"Memory thresholds must be ordered WarningPercent < CriticalPercent < MaximumPercent; got {WarningPercent}, {CriticalPercent}, {MaximumPercent}.",
                [nameof(WarningPercent), nameof(CriticalPercent), nameof(MaximumPercent)]);
        }

        if (SamplingInterval < TimeSpan.FromMilliseconds(10) || SamplingInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"SamplingInterval must be between 10 ms and 1 hour; got {SamplingInterval}.", [nameof(SamplingInterval)]);
        }
    }

    /// <summary>The threshold (percent) of <paramref name="level"/>; 0 for <see cref="MemoryLevel.Normal"/>.</summary>
    /// <param name="level">A memory level.</param>
    /// <returns>The percentage at which the level is entered.</returns>
    public double ThresholdOf(MemoryLevel level) => level switch
    {
        MemoryLevel.Warning => WarningPercent,
        MemoryLevel.Critical => CriticalPercent,
        MemoryLevel.Maximum => MaximumPercent,
        _ => 0,
    };
}

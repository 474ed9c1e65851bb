using System.ComponentModel.DataAnnotations;

namespace GameBook.Workers;

/// <summary>
/// Options of one <see cref="WorkerPool"/> (named options: one instance per pool name). Validated when the host
/// starts (or when a pool is constructed directly). Read once when the pool is created. Not thread-safe to mutate.
/// </summary>
public sealed class WorkerPoolOptions : IValidatableObject
{
    /// <summary>Fewest workers the pool keeps, 1..1024. Default 1.</summary>
    [Range(1, 1024)]
    public int MinWorkers { get; set; } = WorkerPoolDefaults.MinWorkers;

    /// <summary>Most workers the pool grows to, 1..1024, at least <see cref="MinWorkers"/>. Default: the processor count.</summary>
    [Range(1, 1024)]
    public int MaxWorkers { get; set; } = WorkerPoolDefaults.MaxWorkers;

    /// <summary>Most jobs waiting in the queue, all priorities together, 1..10 000 000. Default 10 000.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = WorkerPoolDefaults.Capacity;

    /// <summary>
    /// CPU utilization of the container or machine limit (0..1, from GameBook.Telemetry) the controller keeps the
    /// process under: it adds a worker only when the predicted utilization stays at or below it. Greater than 0,
    /// at most 1. Default 0.70.
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double TargetCpuUtilization { get; set; } = WorkerPoolDefaults.TargetCpuUtilization;

    /// <summary>How far above the target the smoothed CPU must be to remove a worker, 0..0.5. Default 0.05.</summary>
    [Range(0.0, 0.5)]
    public double ScaleDownMargin { get; set; } = WorkerPoolDefaults.ScaleDownMargin;

    /// <summary>Weight of each new CPU reading in the moving average, greater than 0, at most 1 (1 = no smoothing). Default 0.5.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double CpuSmoothing { get; set; } = WorkerPoolDefaults.CpuSmoothing;

    /// <summary>Most workers added by one decision, 1..64. Default 2.</summary>
    [Range(1, 64)]
    public int MaxScaleUpStep { get; set; } = WorkerPoolDefaults.MaxScaleUpStep;

    /// <summary>Most workers removed by one decision, 1..64. Default 1.</summary>
    [Range(1, 64)]
    public int MaxScaleDownStep { get; set; } = WorkerPoolDefaults.MaxScaleDownStep;

    /// <summary>
    /// How often the controller reads the CPU and decides. <c>null</c> (the default) uses the CPU reading's
    /// refresh period (ResourceMonitoring's <c>CpuConsumptionRefreshInterval</c>, 5 s by default); a shorter value
    /// is raised to that period, because reading faster only sees the same value again. 10 ms..1 hour.
    /// </summary>
    public TimeSpan? ScaleInterval { get; set; }

    /// <summary>
    /// Least time between two changes of the worker count. <c>null</c> (the default) uses the effective
    /// <see cref="ScaleInterval"/>; a value shorter than the CPU reading's refresh period is raised to it, so every
    /// change is judged on a reading taken after the previous one. 0..1 hour.
    /// </summary>
    public TimeSpan? Cooldown { get; set; }

    /// <summary>Run timeout of jobs submitted without one; <c>null</c> (the default) means none. 1 ms..1 day when set.</summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>
    /// On shutdown, how long queued and running work may still run before what is left is cancelled. 0..1 hour.
    /// Default 30 seconds. The host's own shutdown timeout also bounds it.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = WorkerPoolDefaults.DrainTimeout;

    /// <summary>Checks <see cref="MinWorkers"/> &lt;= <see cref="MaxWorkers"/> and the time spans.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinWorkers > MaxWorkers)
        {
            yield return new ValidationResult(
                $"MinWorkers ({MinWorkers}) must not exceed MaxWorkers ({MaxWorkers}).", [nameof(MinWorkers), nameof(MaxWorkers)]);
        }

        if (ScaleInterval is { } interval && (interval < TimeSpan.FromMilliseconds(10) || interval > TimeSpan.FromHours(1)))
        {
            yield return new ValidationResult($"ScaleInterval must be between 10 ms and 1 hour, or unset; got {interval}.", [nameof(ScaleInterval)]);
        }

        if (Cooldown is { } cooldown && (cooldown < TimeSpan.Zero || cooldown > TimeSpan.FromHours(1)))
        {
            yield return new ValidationResult($"Cooldown must be between 0 and 1 hour, or unset; got {cooldown}.", [nameof(Cooldown)]);
        }

        if (DefaultTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromDays(1)))
        {
            yield return new ValidationResult($"DefaultTimeout must be between 1 ms and 1 day, or unset; got {timeout}.", [nameof(DefaultTimeout)]);
        }

        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"DrainTimeout must be between 0 and 1 hour; got {DrainTimeout}.", [nameof(DrainTimeout)]);
        }
    }
}

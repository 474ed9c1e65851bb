using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Dashboard;

/// <summary>
/// What the dashboard shows at one moment: CPU and memory, the memory level and recent alerts, the latest
/// health report, and every instrument listened to with its series. Immutable once built; serializable with
/// <see cref="TelemetryJsonContext"/>.
/// </summary>
public sealed record DashboardSnapshot
{
    /// <summary>When the snapshot was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>CPU utilization (0..1) at the last sample; null before the first.</summary>
    public double? CpuUtilization { get; init; }

    /// <summary>Memory utilization (0..1) of the binding limit at the last sample; null before the first.</summary>
    public double? MemoryUtilization { get; init; }

    /// <summary>Memory in use at the last sample, bytes; null before the first.</summary>
    public long? MemoryUsedBytes { get; init; }

    /// <summary>The binding memory limit at the last sample, bytes; null before the first.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Managed heap in use at the last sample, bytes; null before the first.</summary>
    public long? ManagedHeapBytes { get; init; }

    /// <summary>The current memory level.</summary>
    public required MemoryLevel MemoryLevel { get; init; }

    /// <summary>The most recent alerts, oldest first.</summary>
    public required IReadOnlyList<MemoryAlert> RecentAlerts { get; init; }

    /// <summary>The latest health report published to the dashboard; null before the first.</summary>
    public HealthSnapshot? Health { get; init; }

    /// <summary>Every instrument listened to, ordered by meter then name.</summary>
    public required IReadOnlyList<InstrumentSnapshot> Instruments { get; init; }

    /// <summary>Series kept, over all instruments.</summary>
    public required int SeriesCount { get; init; }

    /// <summary>Measurements not kept because <see cref="DashboardOptions.MaxSeries"/> was reached.</summary>
    public required long OverflowMeasurements { get; init; }

    /// <summary>
    /// Ticks in which an observable instrument's callback threw (the other instruments were still observed). A
    /// rising value names a component whose gauge fails; zero in a healthy process.
    /// </summary>
    public long ObservationFailures { get; init; }
}

/// <summary>One instrument and its series. Immutable.</summary>
public sealed record InstrumentSnapshot
{
    /// <summary>The meter's name.</summary>
    public required string Meter { get; init; }

    /// <summary>The instrument's name.</summary>
    public required string Name { get; init; }

    /// <summary>The instrument's unit (UCUM), if any.</summary>
    public string? Unit { get; init; }

    /// <summary>The instrument's kind: <c>Counter</c>, <c>UpDownCounter</c>, <c>Histogram</c>, <c>Gauge</c>, <c>ObservableCounter</c>, <c>ObservableUpDownCounter</c>, <c>ObservableGauge</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>One entry per tag set seen.</summary>
    public required IReadOnlyList<SeriesSnapshot> Series { get; init; }
}

/// <summary>One tag set of an instrument. Immutable.</summary>
public sealed record SeriesSnapshot
{
    /// <summary>The tags, as strings.</summary>
    public required IReadOnlyDictionary<string, string?> Tags { get; init; }

    /// <summary>
    /// The current value: the running total for counters and up-down counters, the last value for gauges and
    /// observable instruments, the sum of all recorded values for histograms.
    /// </summary>
    public required double Value { get; init; }

    /// <summary>Measurements recorded since the dashboard started.</summary>
    public required long Count { get; init; }

    /// <summary>Per-second points, oldest first; empty when the instrument's time series is not kept.</summary>
    public required IReadOnlyList<SeriesPoint> Points { get; init; }
}

/// <summary>One second of a series. Immutable.</summary>
/// <param name="Timestamp">The second (UTC, truncated) the point covers.</param>
/// <param name="Value">Sum of the second's measurements for counters and histograms; the last value for gauges and observable instruments.</param>
/// <param name="Count">Measurements in the second.</param>
/// <param name="Min">Smallest measurement of the second.</param>
/// <param name="Max">Largest measurement of the second.</param>
public readonly record struct SeriesPoint(DateTimeOffset Timestamp, double Value, long Count, double Min, double Max);

/// <summary>A health report as the dashboard shows it. Immutable.</summary>
public sealed record HealthSnapshot
{
    /// <summary>The overall status: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</summary>
    public required string Status { get; init; }

    /// <summary>When the report was received.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How long the checks took.</summary>
    public required TimeSpan TotalDuration { get; init; }

    /// <summary>One entry per check, by check name.</summary>
    public required IReadOnlyDictionary<string, HealthEntrySnapshot> Entries { get; init; }
}

/// <summary>One health check's result as the dashboard shows it. Immutable.</summary>
public sealed record HealthEntrySnapshot
{
    /// <summary>The status: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The check's description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The check's data, as strings.</summary>
    public required IReadOnlyDictionary<string, string?> Data { get; init; }

    /// <summary>The check's tags.</summary>
    public required IReadOnlyList<string> Tags { get; init; }
}

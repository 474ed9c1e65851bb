namespace GameBook.Telemetry.Memory;

/// <summary>A memory level change, as delivered to alert sinks and kept in the history. Immutable and thread-safe.</summary>
public sealed record MemoryAlert
{
    /// <summary>The level entered.</summary>
    public required MemoryLevel Level { get; init; }

    /// <summary>The level left.</summary>
    public required MemoryLevel PreviousLevel { get; init; }

    /// <summary>Memory in use when the change was detected, in bytes.</summary>
    public required long UsedBytes { get; init; }

    /// <summary>Memory in use as a percentage of <see cref="LimitBytes"/>, 0..100.</summary>
    public required double UsagePercent { get; init; }

    /// <summary>The memory limit the percentage is taken against, in bytes.</summary>
    public required long LimitBytes { get; init; }

    /// <summary>When the change was detected.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}

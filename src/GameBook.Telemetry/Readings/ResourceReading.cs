namespace GameBook.Telemetry.Readings;

/// <summary>
/// One reading of the process's CPU and memory against its container or machine limits. Immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// Memory is judged against the limit that binds first: the container (or machine) memory limit, or the
/// managed heap's own limit (<c>GCHeapHardLimit</c>, or the container limit the GC sees). <see cref="MemoryUsedBytes"/>,
/// <see cref="MemoryLimitBytes"/> and <see cref="MemoryUtilization"/> describe that binding limit.
/// </remarks>
public sealed record ResourceReading
{
    /// <summary>When the reading was taken (from the injected <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>CPU used against the CPU limit, 0..1; <see cref="double.NaN"/> while no value is available yet.</summary>
    public required double CpuUtilization { get; init; }

    /// <summary>Memory used against the binding limit, 0..1.</summary>
    public required double MemoryUtilization { get; init; }

    /// <summary>Memory in use against the binding limit, in bytes.</summary>
    public required long MemoryUsedBytes { get; init; }

    /// <summary>The binding memory limit, in bytes.</summary>
    public required long MemoryLimitBytes { get; init; }

    /// <summary>Bytes currently allocated on the managed heap (<see cref="GC.GetTotalMemory(bool)"/>).</summary>
    public long ManagedHeapBytes { get; init; }

    /// <summary>Memory the GC may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>): the heap hard limit, the container limit or physical memory.</summary>
    public long ManagedHeapLimitBytes { get; init; }

    /// <summary>Container (or machine) memory utilization, 0..1, <see cref="double.NaN"/> when unavailable.</summary>
    public double ContainerMemoryUtilization { get; init; } = double.NaN;

    /// <summary>The memory utilization as a percentage, 0..100.</summary>
    public double MemoryPercent => MemoryUtilization * 100.0;
}

namespace GameBook.Telemetry.Readings;

/// <summary>
/// The source of CPU and memory readings. The default reads the observable instruments of
/// Microsoft.Extensions.Diagnostics.ResourceMonitoring (cgroup v1 and v2 aware) and the GC; tests substitute
/// their own. Implementations must be thread-safe.
/// </summary>
public interface IResourceReader
{
    /// <summary>Takes a reading now. Cheap enough to call every second; never throws for a missing value (CPU is then NaN).</summary>
    ResourceReading Read();
}

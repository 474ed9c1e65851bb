namespace GameBook.Telemetry.Memory;

/// <summary>How close the process is to its memory limit. Ordered: a higher value is more pressure.</summary>
public enum MemoryLevel
{
    /// <summary>Below the Warning threshold (60 % by default).</summary>
    Normal = 0,

    /// <summary>At or above the Warning threshold (60 % by default).</summary>
    Warning = 1,

    /// <summary>At or above the Critical threshold (70 % by default).</summary>
    Critical = 2,

    /// <summary>At or above the Maximum threshold (80 % by default).</summary>
    Maximum = 3,
}

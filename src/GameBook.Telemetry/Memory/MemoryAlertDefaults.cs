namespace GameBook.Telemetry.Memory;

/// <summary>Default values of <see cref="MemoryAlertOptions"/>. Constants; thread-safe.</summary>
public static class MemoryAlertDefaults
{
    /// <summary>Warning threshold: 60 % of the memory limit.</summary>
    public const double WarningPercent = 60;

    /// <summary>Critical threshold: 70 % of the memory limit.</summary>
    public const double CriticalPercent = 70;

    /// <summary>Maximum threshold: 80 % of the memory limit.</summary>
    public const double MaximumPercent = 80;

    /// <summary>Hysteresis margin: 5 percentage points.</summary>
    public const double HysteresisPercent = 5;

    /// <summary>History size: 100 alerts.</summary>
    public const int HistorySize = 100;

    /// <summary>Sampling interval: 5 seconds.</summary>
    public static readonly TimeSpan SamplingInterval = TimeSpan.FromSeconds(5);
}

namespace GameBook.Workers;

/// <summary>Default values of <see cref="WorkerPoolOptions"/> and fixed limits of the pool. Constants; thread-safe.</summary>
public static class WorkerPoolDefaults
{
    /// <summary>The name of the pool <c>AddGameBookWorkers()</c> registers without a name: <c>default</c>.</summary>
    public const string DefaultPoolName = "default";

    /// <summary>Fewest workers: 1.</summary>
    public const int MinWorkers = 1;

    /// <summary>Queue capacity, all priorities together: 10 000 jobs.</summary>
    public const int Capacity = 10_000;

    /// <summary>CPU utilization the scaling controller keeps the process under: 0.70 of the CPU limit.</summary>
    public const double TargetCpuUtilization = 0.70;

    /// <summary>
    /// How far above the target the smoothed CPU must be before a worker is removed: 0.05. The dead band keeps a
    /// reading that wanders around the target from adding and removing workers in turn.
    /// </summary>
    public const double ScaleDownMargin = 0.05;

    /// <summary>Weight of a new CPU reading in the exponentially weighted moving average: 0.5.</summary>
    public const double CpuSmoothing = 0.5;

    /// <summary>Most workers added by one scaling decision: 2.</summary>
    public const int MaxScaleUpStep = 2;

    /// <summary>Most workers removed by one scaling decision: 1.</summary>
    public const int MaxScaleDownStep = 1;

    /// <summary>
    /// How many times in a row a waiting lower-priority job may be passed over for higher-priority work before it
    /// is served: 8. Not configurable.
    /// </summary>
    public const int MaxPassOvers = 8;

    /// <summary>
    /// The CPU reading's refresh period assumed when none is known: 5 seconds, the default
    /// <c>CpuConsumptionRefreshInterval</c> of Microsoft.Extensions.Diagnostics.ResourceMonitoring.
    /// </summary>
    public static readonly TimeSpan CpuRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How long shutdown waits for queued and running work before cancelling the rest: 30 seconds.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Most workers: the number of processors.</summary>
    public static int MaxWorkers => Environment.ProcessorCount;
}

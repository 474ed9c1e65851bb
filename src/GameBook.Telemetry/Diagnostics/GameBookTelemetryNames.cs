namespace GameBook.Telemetry;

/// <summary>
/// Names of every GameBook meter and activity source, of the meters the dashboard listens to, and of the
/// instruments GameBook.Telemetry publishes. Constants only; safe to use from any thread.
/// </summary>
/// <remarks>
/// Each package also owns constants for its own instruments (GameBook.Core: <c>GameBookCoreTelemetry</c>);
/// the meter names here are the contract the dashboard and hosts' OpenTelemetry exporters subscribe to.
/// </remarks>
public static class GameBookTelemetryNames
{
    /// <summary>Prefix shared by every GameBook meter and activity source.</summary>
    public const string Prefix = "GameBook.";

    /// <summary>Meter and activity source of GameBook.Core (story compile, sessions, steps).</summary>
    public const string Core = "GameBook.Core";

    /// <summary>Meter and activity source of GameBook.Telemetry (this package).</summary>
    public const string Telemetry = "GameBook.Telemetry";

    /// <summary>Meter and activity source of GameBook.Workers (the worker pool).</summary>
    public const string Workers = "GameBook.Workers";

    /// <summary>Meter and activity source of GameBook.Resilience (pipelines, breakers).</summary>
    public const string Resilience = "GameBook.Resilience";

    /// <summary>Polly's meter, which the dashboard also listens to.</summary>
    public const string PollyMeter = "Polly";

    /// <summary>The runtime's built-in meter (GC, thread pool, JIT), which the dashboard also listens to.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>The meter of Microsoft.Extensions.Diagnostics.ResourceMonitoring that the readings come from.</summary>
    public const string ResourceMonitoringMeter = "Microsoft.Extensions.Diagnostics.ResourceMonitoring";

    /// <summary>ObservableGauge, <c>1</c>: CPU utilization of the container or machine limit (0..1) at the last sample.</summary>
    public const string CpuUtilization = "gamebook.cpu.utilization";

    /// <summary>ObservableGauge, <c>1</c>: memory utilization of the effective limit (0..1) at the last sample.</summary>
    public const string MemoryUtilization = "gamebook.memory.utilization";

    /// <summary>ObservableGauge, <c>By</c>: memory in use against the effective limit at the last sample.</summary>
    public const string MemoryUsage = "gamebook.memory.usage";

    /// <summary>ObservableGauge, <c>By</c>: the effective memory limit at the last sample.</summary>
    public const string MemoryLimit = "gamebook.memory.limit";

    /// <summary>ObservableGauge, <c>{level}</c>: the current memory level (0 Normal, 1 Warning, 2 Critical, 3 Maximum).</summary>
    public const string MemoryLevel = "gamebook.memory.level";

    /// <summary>Counter, <c>{alert}</c>: memory level changes. Tags <see cref="LevelTag"/>, <see cref="PreviousLevelTag"/>.</summary>
    public const string MemoryAlerts = "gamebook.memory.alerts";

    /// <summary>Counter, <c>{run}</c>: optimization handler runs. Tags <see cref="HandlerTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string OptimizationRuns = "gamebook.memory.optimizations";

    /// <summary>Counter, <c>{alert}</c>: alerts a sink delivered. Tag <see cref="SinkTag"/>.</summary>
    public const string AlertsDelivered = "gamebook.alert.delivered";

    /// <summary>Counter, <c>{alert}</c>: alerts a sink dropped (queue full, receiver down after retries). Tags <see cref="SinkTag"/>, <see cref="ReasonTag"/>.</summary>
    public const string AlertsDropped = "gamebook.alert.dropped";

    /// <summary>Tag: a memory level name (<c>Normal</c>, <c>Warning</c>, <c>Critical</c>, <c>Maximum</c>).</summary>
    public const string LevelTag = "gamebook.memory.level";

    /// <summary>Tag: the memory level before the change.</summary>
    public const string PreviousLevelTag = "gamebook.memory.previous_level";

    /// <summary>Tag: an optimization handler's name.</summary>
    public const string HandlerTag = "gamebook.handler";

    /// <summary>Tag: <c>success</c> or <c>failure</c>.</summary>
    public const string OutcomeTag = "gamebook.outcome";

    /// <summary>Tag: an alert sink's name (<c>log</c>, <c>memory</c>, <c>webhook</c>, or a custom sink's type name).</summary>
    public const string SinkTag = "gamebook.alert.sink";

    /// <summary>Tag: why an alert was dropped: <c>queue_full</c>, <c>failed</c>.</summary>
    public const string ReasonTag = "gamebook.reason";

    /// <summary>Activity: one run of an optimization handler.</summary>
    public const string OptimizationActivity = "gamebook.memory.optimize";

    /// <summary>Activity: one webhook delivery of an alert, retries included.</summary>
    public const string WebhookActivity = "gamebook.alert.webhook";

    /// <summary>Instrument names of the resource monitoring meter read by the default reading source.</summary>
    public static class ResourceMonitoring
    {
        /// <summary>ObservableGauge, 0..1: CPU used against the container (or machine) CPU limit.</summary>
        public const string ContainerCpuLimitUtilization = "container.cpu.limit.utilization";

        /// <summary>ObservableGauge, 0..1: memory used against the container (or machine) memory limit.</summary>
        public const string ContainerMemoryLimitUtilization = "container.memory.limit.utilization";

        /// <summary>ObservableUpDownCounter, By: memory used by the container.</summary>
        public const string ContainerMemoryUsage = "container.memory.usage";
    }
}

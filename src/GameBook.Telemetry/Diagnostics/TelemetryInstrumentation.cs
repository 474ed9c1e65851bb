using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GameBook.Telemetry.Diagnostics;

/// <summary>
/// The instruments of GameBook.Telemetry on a meter from the container's <see cref="IMeterFactory"/>.
/// Thread-safe. The observable gauges read the latest sample, set by the sampling loop.
/// </summary>
internal sealed class TelemetryInstrumentation
{
    public static readonly ActivitySource ActivitySource = new(GameBookTelemetryNames.Telemetry);

    private Readings.ResourceReading? _lastReading;
    private int _level;

    public TelemetryInstrumentation(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(GameBookTelemetryNames.Telemetry);
        MemoryAlerts = Meter.CreateCounter<long>(GameBookTelemetryNames.MemoryAlerts, "{alert}", "Memory level changes.");
        OptimizationRuns = Meter.CreateCounter<long>(GameBookTelemetryNames.OptimizationRuns, "{run}", "Memory optimization handler runs.");
        AlertsDelivered = Meter.CreateCounter<long>(GameBookTelemetryNames.AlertsDelivered, "{alert}", "Alerts a sink delivered.");
        AlertsDropped = Meter.CreateCounter<long>(GameBookTelemetryNames.AlertsDropped, "{alert}", "Alerts a sink dropped.");
        _ = Meter.CreateObservableGauge(GameBookTelemetryNames.CpuUtilization, ObserveCpu, "1", "CPU used against the CPU limit at the last sample.");
        _ = Meter.CreateObservableGauge(GameBookTelemetryNames.MemoryUtilization, ObserveMemory, "1", "Memory used against the binding memory limit at the last sample.");
        _ = Meter.CreateObservableGauge(GameBookTelemetryNames.MemoryUsage, ObserveMemoryUsage, "By", "Memory used against the binding memory limit at the last sample.");
        _ = Meter.CreateObservableGauge(GameBookTelemetryNames.MemoryLimit, ObserveMemoryLimit, "By", "The binding memory limit at the last sample.");
        _ = Meter.CreateObservableGauge(GameBookTelemetryNames.MemoryLevel, () => Volatile.Read(ref _level), "{level}", "Current memory level: 0 Normal, 1 Warning, 2 Critical, 3 Maximum.");
    }

    public Meter Meter { get; }

    public Counter<long> MemoryAlerts { get; }

    public Counter<long> OptimizationRuns { get; }

    public Counter<long> AlertsDelivered { get; }

    public Counter<long> AlertsDropped { get; }

    public void SetReading(Readings.ResourceReading reading) => Volatile.Write(ref _lastReading, reading);

    public void SetLevel(Memory.MemoryLevel level) => Volatile.Write(ref _level, (int)level);

    private IEnumerable<Measurement<double>> ObserveCpu()
    {
        var reading = Volatile.Read(ref _lastReading);
        return reading is null || double.IsNaN(reading.CpuUtilization) ? [] : [new Measurement<double>(reading.CpuUtilization)];
    }

    private IEnumerable<Measurement<double>> ObserveMemory()
    {
        var reading = Volatile.Read(ref _lastReading);
        return reading is null ? [] : [new Measurement<double>(reading.MemoryUtilization)];
    }

    private IEnumerable<Measurement<long>> ObserveMemoryUsage()
    {
        var reading = Volatile.Read(ref _lastReading);
        return reading is null ? [] : [new Measurement<long>(reading.MemoryUsedBytes)];
    }

    private IEnumerable<Measurement<long>> ObserveMemoryLimit()
    {
        var reading = Volatile.Read(ref _lastReading);
        return reading is null ? [] : [new Measurement<long>(reading.MemoryLimitBytes)];
    }
}

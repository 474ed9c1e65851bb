using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.ResourceMonitoring;

namespace GameBook.Telemetry.Readings;

/// <summary>
/// Reads <c>container.cpu.limit.utilization</c>, <c>container.memory.limit.utilization</c> and
/// <c>container.memory.usage</c> from the resource monitoring meter of this container's <see cref="IMeterFactory"/>
/// with a <see cref="MeterListener"/>, and the managed heap from the GC. Thread-safe (reads are serialized).
/// </summary>
internal sealed class ResourceMonitoringReader : IResourceReader, IDisposable
{
    private readonly Lock _lock = new();
    private readonly MeterListener _listener;
    private readonly IMeterFactory _meterFactory;
    private readonly TimeProvider _timeProvider;
    private double _cpu = double.NaN;
    private double _memoryUtilization = double.NaN;
    private long _memoryUsage = -1;

    // The snapshot provider is taken only to make sure it exists: constructing it creates the instruments,
    // even in a container whose hosted services (which would auto-activate it) have not started.
#pragma warning disable EXTOBS0001 // The snapshot API is obsolete; its instruments, which we read, are not.
    public ResourceMonitoringReader(ISnapshotProvider snapshotProvider, IMeterFactory meterFactory, TimeProvider timeProvider)
    {
#pragma warning restore EXTOBS0001
        ArgumentNullException.ThrowIfNull(snapshotProvider);
        _meterFactory = meterFactory;
        _timeProvider = timeProvider;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GameBookTelemetryNames.ResourceMonitoringMeter
                    && ReferenceEquals(instrument.Meter.Scope, _meterFactory)
                    && instrument.Name is GameBookTelemetryNames.ResourceMonitoring.ContainerCpuLimitUtilization
                        or GameBookTelemetryNames.ResourceMonitoring.ContainerMemoryLimitUtilization
                        or GameBookTelemetryNames.ResourceMonitoring.ContainerMemoryUsage)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => OnMeasurement(instrument, value, default, null));
        _listener.Start();
    }

    public ResourceReading Read()
    {
        lock (_lock)
        {
            _listener.RecordObservableInstruments();
            return Combine(_timeProvider.GetUtcNow(), _cpu, _memoryUtilization, _memoryUsage);
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Combines the container reading with the GC's view; the limit that binds first wins.</summary>
    internal static ResourceReading Combine(DateTimeOffset now, double cpu, double containerUtilization, long containerUsage)
    {
        var heapBytes = GC.GetTotalMemory(forceFullCollection: false);
        var heapLimit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var heapUtilization = heapLimit > 0 ? Math.Clamp((double)heapBytes / heapLimit, 0, 1) : 0;

        var useContainer = !double.IsNaN(containerUtilization) && containerUsage >= 0 && containerUtilization >= heapUtilization;
        long used, limit;
        double utilization;
        if (useContainer)
        {
            used = containerUsage;
            utilization = Math.Clamp(containerUtilization, 0, 1);
            limit = utilization > 0 ? (long)(containerUsage / utilization) : heapLimit;
        }
        else
        {
            used = heapBytes;
            limit = heapLimit;
            utilization = heapUtilization;
        }

        return new ResourceReading
        {
            Timestamp = now,
            CpuUtilization = double.IsNaN(cpu) ? double.NaN : Math.Clamp(cpu, 0, 1),
            MemoryUtilization = utilization,
            MemoryUsedBytes = used,
            MemoryLimitBytes = limit,
            ManagedHeapBytes = heapBytes,
            ManagedHeapLimitBytes = heapLimit,
            ContainerMemoryUtilization = containerUtilization,
        };
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case GameBookTelemetryNames.ResourceMonitoring.ContainerCpuLimitUtilization:
                _cpu = value;
                break;
            case GameBookTelemetryNames.ResourceMonitoring.ContainerMemoryLimitUtilization:
                _memoryUtilization = value;
                break;
            case GameBookTelemetryNames.ResourceMonitoring.ContainerMemoryUsage:
                _memoryUsage = (long)value;
                break;
        }
    }
}

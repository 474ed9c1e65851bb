using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Telemetry.Tests;

/// <summary>A reading source the test sets by hand.</summary>
internal sealed class FakeReader(TimeProvider time) : IResourceReader
{
    private readonly Lock _lock = new();
    private double _memoryPercent;
    private double _cpu = double.NaN;

    public long LimitBytes { get; set; } = 1_000_000_000;

    public int Reads { get; private set; }

    public TaskCompletionSource FirstRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(double memoryPercent, double cpu = double.NaN)
    {
        lock (_lock)
        {
            _memoryPercent = memoryPercent;
            _cpu = cpu;
        }
    }

    public ResourceReading Read()
    {
        lock (_lock)
        {
            Reads++;
            FirstRead.TrySetResult();
            return At(time.GetUtcNow(), _memoryPercent, _cpu, LimitBytes);
        }
    }

    public static ResourceReading At(DateTimeOffset now, double memoryPercent, double cpu = double.NaN, long limit = 1_000_000_000) => new()
    {
        Timestamp = now,
        CpuUtilization = cpu,
        MemoryUtilization = memoryPercent / 100,
        MemoryUsedBytes = (long)(limit * memoryPercent / 100),
        MemoryLimitBytes = limit,
    };
}

/// <summary>An options monitor whose value the test changes at run time.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    where T : class
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

internal sealed class RecordingSink : IAlertSink
{
    public List<MemoryAlert> Alerts { get; } = [];

    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken)
    {
        lock (Alerts)
        {
            Alerts.Add(alert);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class ThrowingSink : IAlertSink
{
    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken) => throw new InvalidOperationException("sink down");
}

internal sealed class RecordingHandler(string name, Func<MemoryLevel, bool> appliesTo, TimeSpan minimumInterval, bool repeat, bool fail = false) : IMemoryOptimizationHandler
{
    public List<MemoryOptimizationContext> Runs { get; } = [];

    public string Name => name;

    public TimeSpan MinimumInterval => minimumInterval;

    public bool RepeatWhileLevelPersists => repeat;

    public bool AppliesTo(MemoryLevel level) => appliesTo(level);

    public ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken)
    {
        Runs.Add(context);
        return fail ? throw new InvalidOperationException("handler failed") : ValueTask.CompletedTask;
    }
}

/// <summary>A memory alert manager wired by hand on a fake reader and clock.</summary>
internal sealed class ManagerFixture : IDisposable
{
    public ManagerFixture(MemoryAlertOptions? options = null, IEnumerable<IAlertSink>? sinks = null, IEnumerable<IMemoryOptimizationHandler>? handlers = null)
    {
        Reader = new FakeReader(Time);
        Options = new TestOptionsMonitor<MemoryAlertOptions>(options ?? new MemoryAlertOptions());
        Instrumentation = new TelemetryInstrumentation(MeterFactory);
        Manager = new MemoryAlertManager(Reader, Options, [Sink, .. sinks ?? []], handlers ?? [], Time, Instrumentation, NullLogger<MemoryAlertManager>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestMeterFactory MeterFactory { get; } = new();

    public FakeReader Reader { get; }

    public TestOptionsMonitor<MemoryAlertOptions> Options { get; }

    public RecordingSink Sink { get; } = new();

    public TelemetryInstrumentation Instrumentation { get; }

    public MemoryAlertManager Manager { get; }

    public async Task<MemoryLevel> SampleAt(double percent)
    {
        Reader.Set(percent);
        return await Manager.SampleAsync();
    }

    public void Dispose()
    {
        Manager.Dispose();
        MeterFactory.Dispose();
    }
}


internal static class MetricCollectorExtensions
{
    public static long Sum(this MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}

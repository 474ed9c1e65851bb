using System.Diagnostics;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using GameBook.Workers.Diagnostics;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Workers.Tests;

/// <summary>A CPU reading the test sets by hand; the timestamp advances only when the test says so.</summary>
internal sealed class FakeCpuReader(TimeProvider time) : IResourceReader
{
    private readonly Lock _lock = new();
    private double _cpu = double.NaN;
    private DateTimeOffset _at = time.GetUtcNow();

    public void Set(double cpu)
    {
        lock (_lock)
        {
            _cpu = cpu;
            _at = time.GetUtcNow();
        }
    }

    public ResourceReading Read()
    {
        lock (_lock)
        {
            return new ResourceReading
            {
                Timestamp = _at,
                CpuUtilization = _cpu,
                MemoryUtilization = 0.1,
                MemoryUsedBytes = 100,
                MemoryLimitBytes = 1000,
            };
        }
    }
}

/// <summary>A memory pressure signal the test moves by hand.</summary>
internal sealed class FakeMemoryPressure : IMemoryPressure
{
    private MemoryLevel _level;

    public event EventHandler<MemoryLevelChangedEventArgs>? LevelChanged;

    public MemoryLevel Level => _level;

    public void Set(MemoryLevel level)
    {
        var previous = _level;
        _level = level;
        LevelChanged?.Invoke(this, new MemoryLevelChangedEventArgs(new MemoryAlert
        {
            Level = level,
            PreviousLevel = previous,
            UsedBytes = 1,
            UsagePercent = 1,
            LimitBytes = 100,
            Timestamp = DateTimeOffset.UnixEpoch,
        }));
    }
}


/// <summary>A pool wired by hand on a fake clock, CPU reading and memory signal, with its instruments and logs observable.</summary>
internal sealed class PoolFixture : IAsyncDisposable
{
    public PoolFixture(Action<WorkerPoolOptions>? configure = null, string name = "test")
    {
        // The controller loop would tick on the fake clock whenever a test advances it: an hour's interval keeps it
        // out of the way, and tests call ScaleOnce themselves; the cooldown stays one (fake) second.
        var options = new WorkerPoolOptions { MinWorkers = 1, MaxWorkers = 4, Capacity = 100, ScaleInterval = TimeSpan.FromHours(1), Cooldown = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        Cpu = new FakeCpuReader(Time);
        Instrumentation = new WorkersInstrumentation(MeterFactory);
        Pool = new WorkerPool(name, options, Cpu, Memory, Time, Instrumentation, Logger, TimeSpan.FromSeconds(1));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeCpuReader Cpu { get; }

    public FakeMemoryPressure Memory { get; } = new();

    public TestMeterFactory MeterFactory { get; } = new();

    public WorkersInstrumentation Instrumentation { get; }

    public FakeLogger Logger { get; } = new(new FakeLogCollector(Microsoft.Extensions.Options.Options.Create(new FakeLogCollectorOptions())));

    public WorkerPool Pool { get; }

    public async ValueTask DisposeAsync()
    {
        // Whatever a failed test left running: stop at once (a cancelled deadline skips the drain).
        await Pool.StopAsync(new CancellationToken(canceled: true));
        await Pool.DisposeAsync();
        MeterFactory.Dispose();
    }
}

/// <summary>A gate a job waits on, and a signal that it started.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    /// <summary>A job body: signals it entered, then waits for the gate (or its token).</summary>
    public async Task WaitAsync(CancellationToken token)
    {
        Entered.TrySetResult();
        await _open.Task.WaitAsync(token);
    }

    /// <summary>A job body that ignores its token: signals it entered, then waits for the gate.</summary>
    public void Block(CancellationToken token)
    {
        Entered.TrySetResult();
        _open.Task.Wait(Limits.Generous, CancellationToken.None);
    }
}

internal static class Limits
{
    /// <summary>How long a test waits for a completion signal before calling the code broken.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Generous);

    public static Task Within(this Task task) => task.WaitAsync(Generous);

    /// <summary>Spins (yielding) until <paramref name="condition"/> holds; fails after the generous limit.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Generous)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(5); // polling a condition, not waiting for the pool's timers (those run on fake time)
        }
    }

    public static IEnumerable<FakeLogRecord> Records(this FakeLogger logger, string eventName) =>
        logger.Collector.GetSnapshot().Where(r => r.Id.Name == eventName);
}

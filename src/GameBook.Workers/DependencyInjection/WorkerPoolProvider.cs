using System.Collections.Concurrent;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using GameBook.Workers.Diagnostics;
using Microsoft.Extensions.Diagnostics.ResourceMonitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameBook.Workers;

/// <summary>The names registered with <c>AddGameBookWorkers</c>; one instance per service collection. Startup only.</summary>
internal sealed class WorkerPoolRegistry
{
    public List<string> Names { get; } = [];
}

/// <summary>Creates each registered pool once (from its named options) and disposes them with the container (synchronously: at once, without draining). Thread-safe.</summary>
internal sealed class WorkerPoolProvider(
    WorkerPoolRegistry registry,
    IOptionsMonitor<WorkerPoolOptions> options,
    IResourceReader resourceReader,
    IMemoryPressure memoryPressure,
    TimeProvider timeProvider,
    WorkersInstrumentation instrumentation,
#pragma warning disable EXTOBS0001 // The options are marked obsolete, but their CPU refresh interval still paces the readings.
    IOptions<ResourceMonitoringOptions> resourceMonitoring,
#pragma warning restore EXTOBS0001
    ILoggerFactory? loggerFactory = null) : IWorkerPoolProvider, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<WorkerPool>> _pools = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> PoolNames => registry.Names;

    public WorkerPool GetPool(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!registry.Names.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"No worker pool named '{name}' is registered. Register it with services.AddGameBookWorkers(\"{name}\", ...); registered: {string.Join(", ", registry.Names.Select(n => $"'{n}'"))}.");
        }

        return _pools.GetOrAdd(name, n => new Lazy<WorkerPool>(() => Create(n))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values.Where(p => p.IsValueCreated).Select(p => p.Value))
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the created pools at once, without draining (see <see cref="WorkerPool.Dispose"/>).</summary>
    public void Dispose()
    {
        foreach (var pool in _pools.Values.Where(p => p.IsValueCreated).Select(p => p.Value))
        {
            pool.Dispose();
        }
    }

    private WorkerPool Create(string name)
    {
#pragma warning disable EXTOBS0001
        var refresh = resourceMonitoring.Value.CpuConsumptionRefreshInterval;
#pragma warning restore EXTOBS0001
        return new WorkerPool(
            name,
            options.Get(name),
            resourceReader,
            memoryPressure,
            timeProvider,
            instrumentation,
            loggerFactory?.CreateLogger<WorkerPool>() ?? NullLogger<WorkerPool>.Instance,
            refresh);
    }
}

using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using GameBook.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GameBook.Samples.Console;

/// <summary>
/// The services a long command runs on, composed the way any GameBook host composes them: GameBook.Telemetry's
/// resource readings and memory alert manager (sampled by its hosted loop), and, for <c>test</c>, a GameBook.Workers
/// pool of a fixed size. No logging provider: the tool's output is its own. Thread-safe.
/// </summary>
internal sealed class ToolHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ToolHost(IHost host)
    {
        _host = host;
        Reader = host.Services.GetRequiredService<IResourceReader>();
        Memory = host.Services.GetRequiredService<MemoryAlertManager>();
    }

    /// <summary>CPU and memory readings of this process.</summary>
    public IResourceReader Reader { get; }

    /// <summary>The memory level (Normal, Warning, Critical, Maximum) from the alert manager.</summary>
    public MemoryAlertManager Memory { get; }

    /// <summary>The worker pool, when the host was started with one.</summary>
    public WorkerPool? Pool { get; private init; }

    /// <summary>Starts telemetry, and a pool of exactly <paramref name="workers"/> workers when it is not null.</summary>
    public static async Task<ToolHost> StartAsync(int? workers, int capacity, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        _ = builder.Services.AddGameBookTelemetry().AddMemoryAlerts(o => o.SamplingInterval = TimeSpan.FromSeconds(1));
        if (workers is { } n)
        {
            _ = builder.Services.AddGameBookWorkers(o =>
            {
                o.MinWorkers = n;
                o.MaxWorkers = n;
                o.Capacity = Math.Max(capacity, 1);
            });
        }

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ToolHost(host) { Pool = workers is null ? null : host.Services.GetRequiredService<WorkerPool>() };
    }

    /// <summary>Stops the pool (draining) and telemetry.</summary>
    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping took too long: the process is ending anyway.
        }

        _host.Dispose();
    }
}

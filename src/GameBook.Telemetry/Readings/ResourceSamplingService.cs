using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GameBook.Telemetry.Readings;

/// <summary>
/// The hosted sampling loop: every <see cref="MemoryAlertOptions.SamplingInterval"/> (on the injected
/// <see cref="TimeProvider"/>, picking up run-time changes) it takes one reading and hands it to the
/// CPU window and the memory alert manager (which publishes it to the instruments). A failing sample is logged; the loop goes on.
/// The interval comes from the manager's options in force, so a rejected configuration change cannot stop the loop.
/// </summary>
internal sealed class ResourceSamplingService(
    IResourceReader reader,
    MemoryAlertManager manager,
    CpuSampleWindow cpuWindow,
    TimeProvider timeProvider,
    ILogger<ResourceSamplingService> logger) : BackgroundService
{
    internal async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reading = reader.Read();
            cpuWindow.Add(reading);
            _ = await manager.EvaluateAsync(reading, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The loop must survive a failed sample.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Log.SamplingFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = manager.CurrentOptions.SamplingInterval;
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
                var current = manager.CurrentOptions.SamplingInterval;
                if (current != interval)
                {
                    interval = current;
                    timer.Period = interval;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}

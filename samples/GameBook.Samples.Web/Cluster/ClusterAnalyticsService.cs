using GameBook.Orleans.Analytics;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Cluster;

/// <summary>
/// Flushes this server's analytics to the cluster every <see cref="ClusterServerOptions.AnalyticsFlushInterval"/> (and
/// once more when the server stops) and counts the cluster's silos and active sessions every
/// <see cref="ClusterServerOptions.StatusRefreshInterval"/> for the dashboard. Failures are logged and retried on the next tick.
/// </summary>
internal sealed partial class ClusterAnalyticsService(
    ClusterAnalytics analytics,
    ClusterStatus status,
    IGrainFactory grains,
    IOptions<ClusterServerOptions> options,
    TimeProvider time,
    ILogger<ClusterAnalyticsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextFlush = time.GetUtcNow();
        var nextStatus = nextFlush;
        var tick = settings.AnalyticsFlushInterval < settings.StatusRefreshInterval ? settings.AnalyticsFlushInterval : settings.StatusRefreshInterval;
        using var timer = new PeriodicTimer(tick, time);
        do
        {
            var now = time.GetUtcNow();
            if (now >= nextFlush)
            {
                nextFlush = now + settings.AnalyticsFlushInterval;
                var failed = await analytics.FlushAllAsync(stoppingToken).ConfigureAwait(false);
                if (failed > 0)
                {
                    Log.FlushFailed(logger, failed);
                }
            }

            if (now >= nextStatus)
            {
                nextStatus = now + settings.StatusRefreshInterval;
                await RefreshStatusAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // What this server counted since the last tick would be lost with the process: flush it once more.
        var failed = await analytics.FlushAllAsync(cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            Log.FlushFailed(logger, failed);
        }
    }

    private async Task RefreshStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await grains.CountActiveSessionsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            status.Update(count, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            status.Failed($"{ex.GetType().Name}: {ex.Message}");
            Log.StatusFailed(logger, ex.Message);
        }
    }

    private static async ValueTask<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Warning, "Story analytics of {Count} stories could not be added to the cluster's totals; they are kept and sent again on the next flush.")]
        public static partial void FlushFailed(ILogger logger, int count);

        [LoggerMessage(61, LogLevel.Warning, "The cluster's silos and active sessions could not be counted for the dashboard: {Reason}")]
        public static partial void StatusFailed(ILogger logger, string reason);
    }
}

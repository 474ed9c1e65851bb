using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// Sweeps idle sessions out every <see cref="SessionServerOptions.ExpiryScanInterval"/> on the registered
/// <see cref="TimeProvider"/> (an expired session is also refused as soon as it is used, sweep or not). Thread-safe.
/// </summary>
internal sealed partial class SessionExpiryService(
    SessionService sessions, TimeProvider time, IOptions<StoryServerOptions> options, ILogger<SessionExpiryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Sessions.ExpiryScanInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await sessions.SweepExpiredAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed sweep is logged; the next tick tries again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(10, LogLevel.Error, "Sweeping expired sessions failed; retrying on the next tick.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Alerts;

/// <summary>
/// Receives every memory alert. The <see cref="MemoryAlertManager"/> calls each registered sink in turn on
/// its sampling loop, so a sink must not block: queue slow work (the webhook sink does). A throwing sink is
/// logged and does not stop the others. Implementations must be thread-safe.
/// </summary>
public interface IAlertSink
{
    /// <summary>Delivers or queues <paramref name="alert"/>.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the alert is accepted (not necessarily delivered).</returns>
    ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken);
}

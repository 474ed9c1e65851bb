using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Logging;

namespace GameBook.Telemetry.Alerts;

/// <summary>
/// The default sink: one structured log entry per alert (Information back to Normal, Warning, Error at
/// Critical, Critical at Maximum). Thread-safe.
/// </summary>
internal sealed class LogAlertSink(ILogger<LogAlertSink> logger) : IAlertSink
{
    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken)
    {
        var level = alert.Level switch
        {
            MemoryLevel.Maximum => LogLevel.Critical,
            MemoryLevel.Critical => LogLevel.Error,
            MemoryLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        Log.MemoryLevelChanged(logger, level, alert.Level, alert.PreviousLevel, alert.UsagePercent, alert.UsedBytes, alert.LimitBytes, alert.Timestamp);
        return ValueTask.CompletedTask;
    }
}

using System.Globalization;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Health;

/// <summary>
/// Reports the memory level of the <see cref="MemoryAlertManager"/> (hysteresis included): Degraded from
/// <see cref="MemoryHealthCheckOptions.DegradedLevel"/>, Unhealthy from <see cref="MemoryHealthCheckOptions.UnhealthyLevel"/>;
/// samples once if the manager has not sampled yet. Thread-safe.
/// </summary>
internal sealed class MemoryHealthCheck(MemoryAlertManager manager, IOptionsMonitor<MemoryHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (manager.LastReading is null)
        {
            _ = await manager.SampleAsync(cancellationToken).ConfigureAwait(false);
        }

        var reading = manager.LastReading!;
        var level = manager.Level;
        var settings = options.Get(context.Registration.Name);
        var data = new Dictionary<string, object>
        {
            ["level"] = level.ToString(),
            ["usagePercent"] = Math.Round(reading.MemoryPercent, 2),
            ["usedBytes"] = reading.MemoryUsedBytes,
            ["limitBytes"] = reading.MemoryLimitBytes,
            ["managedHeapBytes"] = reading.ManagedHeapBytes,
            ["timestamp"] = reading.Timestamp.ToString("O", CultureInfo.InvariantCulture),
        };
        var description = string.Create(CultureInfo.InvariantCulture, $"Memory level {level}: {reading.MemoryPercent:F1} % of {reading.MemoryLimitBytes} bytes used.");
        var status = level >= settings.UnhealthyLevel ? HealthStatus.Unhealthy
            : level >= settings.DegradedLevel ? HealthStatus.Degraded
            : HealthStatus.Healthy;
        return new HealthCheckResult(status, description, data: data);
    }
}

using System.Globalization;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Health;

/// <summary>
/// Reports CPU utilization averaged over <see cref="CpuHealthCheckOptions.Window"/> (the sampling loop's
/// samples; one fresh reading when the window has none): Degraded above <see cref="CpuHealthCheckOptions.DegradedPercent"/>,
/// Unhealthy above <see cref="CpuHealthCheckOptions.UnhealthyPercent"/>. Thread-safe.
/// </summary>
internal sealed class CpuHealthCheck(CpuSampleWindow window, IResourceReader reader, IOptionsMonitor<CpuHealthCheckOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Get(context.Registration.Name);
        var (average, count, latest) = window.Summarize(timeProvider.GetUtcNow(), settings.Window);
        if (count == 0)
        {
            var reading = reader.Read();
            window.Add(reading);
            (average, count, latest) = (reading.CpuUtilization, double.IsNaN(reading.CpuUtilization) ? 0 : 1, reading.CpuUtilization);
        }

        if (count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No CPU reading is available yet."));
        }

        var percent = average * 100;
        var data = new Dictionary<string, object>
        {
            ["averagePercent"] = Math.Round(percent, 2),
            ["latestPercent"] = Math.Round(latest * 100, 2),
            ["samples"] = count,
            ["windowSeconds"] = settings.Window.TotalSeconds,
        };
        var description = string.Create(CultureInfo.InvariantCulture, $"CPU {percent:F1} % on average over {settings.Window.TotalSeconds:F0} s ({count} samples).");
        var status = percent > settings.UnhealthyPercent ? HealthStatus.Unhealthy
            : percent > settings.DegradedPercent ? HealthStatus.Degraded
            : HealthStatus.Healthy;
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}

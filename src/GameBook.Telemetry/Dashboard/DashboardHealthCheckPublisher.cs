using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameBook.Telemetry.Dashboard;

/// <summary>Hands each published health report to the dashboard (run by the health checks publisher service). Thread-safe.</summary>
internal sealed class DashboardHealthCheckPublisher(TelemetryDashboard dashboard) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        dashboard.SetHealthReport(report);
        return Task.CompletedTask;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Docs.Tests.Snippets;

internal static class TelemetryReadmeSnippets
{
    public static void Register(IServiceCollection services)
    {
        #region doc: src/GameBook.Telemetry/README.md
        services.AddGameBookTelemetry()
            .AddMemoryAlerts(o => o.CriticalPercent = 75)
            .AddWebhookAlertSink(o => o.Endpoint = new Uri("http://127.0.0.1:9000/alerts"))
            .AddDashboard();
        services.AddHealthChecks()
            .AddGameBookMemoryHealthCheck()
            .AddGameBookCpuHealthCheck();
        #endregion
    }
}

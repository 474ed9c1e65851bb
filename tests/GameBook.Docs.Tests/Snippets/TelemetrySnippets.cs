using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Docs.Tests.Snippets;

internal static class TelemetrySnippets
{
    public static void Register(IServiceCollection services)
    {
        #region doc: docs/telemetry.md
        services.AddGameBookTelemetry()                          // readings, sampling loop, memory alerts, log sink, compacting GC
            .AddMemoryAlerts(o => o.SamplingInterval = TimeSpan.FromSeconds(2))   // or .AddMemoryAlerts(config.GetSection("GameBook:Telemetry:MemoryAlerts"))
            .AddWebhookAlertSink(o => o.Endpoint = new Uri("https://ops.example/alerts"))
            .AddAlertSink<MyPagerSink>()                         // any IAlertSink
            .AddOptimizationHandler<TrimStoryCacheHandler>()     // any IMemoryOptimizationHandler
            .AddDashboard(o => o.Window = TimeSpan.FromMinutes(10));

        services.AddHealthChecks()
            .AddGameBookMemoryHealthCheck()                      // tags: live, ready
            .AddGameBookCpuHealthCheck();                        // tag: ready
        #endregion
    }

    public static void Dashboard(WebApplication app)
    {
        #region doc: docs/telemetry.md
        app.MapGet("/dashboard/snapshot", (TelemetryDashboard dashboard) =>
            Results.Json(dashboard.GetSnapshot(TimeSpan.FromMinutes(5)), TelemetryJson.DashboardSnapshot));
        #endregion
    }
}

/// <summary>The alert sink the snippet registers.</summary>
internal sealed class MyPagerSink : IAlertSink
{
    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>The optimization handler the snippet registers.</summary>
internal sealed class TrimStoryCacheHandler : IMemoryOptimizationHandler
{
    public string Name => "trim-story-cache";

    public TimeSpan MinimumInterval => TimeSpan.FromMinutes(1);

    public bool RepeatWhileLevelPersists => false;

    public bool AppliesTo(MemoryLevel level) => level >= MemoryLevel.Critical;

    public ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

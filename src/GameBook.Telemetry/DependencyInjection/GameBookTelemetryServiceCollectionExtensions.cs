using System.Diagnostics.CodeAnalysis;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.ResourceMonitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GameBook telemetry: readings, the sampling loop, memory alerts, sinks and the dashboard. Call at startup, from one thread.</summary>
public static class GameBookTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds resource readings (Microsoft.Extensions.Diagnostics.ResourceMonitoring), the hosted sampling loop,
    /// the <see cref="MemoryAlertManager"/> (also the <see cref="IMemoryPressure"/> signal) with default options
    /// validated on start, the log alert sink and the compacting-GC optimization. Idempotent.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for memory alerts, sinks, handlers and the dashboard.</returns>
    public static IGameBookTelemetryBuilder AddGameBookTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new GameBookTelemetryBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(TelemetryInstrumentation)))
        {
            return builder;
        }

        _ = services.AddResourceMonitoring();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TelemetryInstrumentation(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
#pragma warning disable EXTOBS0001 // Resolved only to create the provider, which creates the observable instruments we read.
        services.TryAddSingleton<IResourceReader>(sp => new ResourceMonitoringReader(
            sp.GetRequiredService<ISnapshotProvider>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>()));
#pragma warning restore EXTOBS0001
        services.TryAddSingleton<CpuSampleWindow>();
        _ = services.AddOptionsWithValidateOnStart<MemoryAlertOptions, MemoryAlertOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, LogAlertSink>(sp => new LogAlertSink(LoggerOf<LogAlertSink>(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemoryOptimizationHandler, CompactingGcHandler>());
        services.TryAddSingleton(sp => new MemoryAlertManager(
            sp.GetRequiredService<IResourceReader>(),
            sp.GetRequiredService<IOptionsMonitor<MemoryAlertOptions>>(),
            sp.GetServices<IAlertSink>(),
            sp.GetServices<IMemoryOptimizationHandler>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TelemetryInstrumentation>(),
            LoggerOf<MemoryAlertManager>(sp)));
        services.TryAddSingleton<IMemoryPressure>(sp => sp.GetRequiredService<MemoryAlertManager>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ResourceSamplingService>(sp => new ResourceSamplingService(
            sp.GetRequiredService<IResourceReader>(),
            sp.GetRequiredService<MemoryAlertManager>(),
            sp.GetRequiredService<CpuSampleWindow>(),
            sp.GetRequiredService<TimeProvider>(),
            LoggerOf<ResourceSamplingService>(sp))));
        return builder;
    }

    /// <summary>Configures the memory alert thresholds, hysteresis, sampling interval and history size.</summary>
    /// <param name="builder">The telemetry builder.</param>
    /// <param name="configure">Changes the options (defaults: 60/70/80 %, 5 points, 5 s, 100 alerts).</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddMemoryAlerts(this IGameBookTelemetryBuilder builder, Action<MemoryAlertOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        _ = builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Binds the memory alert options from a configuration section (reloads are picked up at run time).</summary>
    /// <param name="builder">The telemetry builder.</param>
    /// <param name="section">The section, e.g. <c>GameBook:Telemetry:MemoryAlerts</c>.</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddMemoryAlerts(this IGameBookTelemetryBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        _ = builder.Services.Configure<MemoryAlertOptions>(section);
        return builder;
    }

    /// <summary>Adds an alert sink that receives every memory alert. Idempotent per type.</summary>
    /// <typeparam name="TSink">The sink type, resolved from the container.</typeparam>
    /// <param name="builder">The telemetry builder.</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddAlertSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IGameBookTelemetryBuilder builder)
        where TSink : class, IAlertSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, TSink>());
        return builder;
    }

    /// <summary>Adds an optimization trigger run when a level it handles is entered. Idempotent per type.</summary>
    /// <typeparam name="THandler">The handler type, resolved from the container.</typeparam>
    /// <param name="builder">The telemetry builder.</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddOptimizationHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IGameBookTelemetryBuilder builder)
        where THandler : class, IMemoryOptimizationHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemoryOptimizationHandler, THandler>());
        return builder;
    }

    /// <summary>
    /// Adds the webhook sink: each alert POSTed as JSON to <see cref="WebhookAlertSinkOptions.Endpoint"/> from a
    /// bounded queue, with a timeout and retries, dropping and counting alerts rather than blocking. Uses the
    /// named <see cref="HttpClient"/> <c>GameBook.Telemetry.Webhook</c> (add handlers or a resilience pipeline to it).
    /// </summary>
    /// <param name="builder">The telemetry builder.</param>
    /// <param name="configure">Sets the endpoint and, optionally, timeout, retries and queue size.</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddWebhookAlertSink(this IGameBookTelemetryBuilder builder, Action<WebhookAlertSinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        _ = builder.Services.AddOptionsWithValidateOnStart<WebhookAlertSinkOptions, WebhookAlertSinkOptionsValidator>().Configure(configure);
        _ = builder.Services.AddHttpClient(WebhookAlertSink.HttpClientName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, WebhookAlertSink>(sp => new WebhookAlertSink(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<WebhookAlertSinkOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TelemetryInstrumentation>(),
            LoggerOf<WebhookAlertSink>(sp))));
        return builder;
    }

    /// <summary>
    /// Adds the <see cref="TelemetryDashboard"/> (created when the host starts), the in-memory alert sink that
    /// feeds it, and a health check publisher that gives it the latest health report.
    /// </summary>
    /// <param name="builder">The telemetry builder.</param>
    /// <param name="configure">Changes the options (defaults: 10 minutes of per-second points, 1000 series).</param>
    /// <returns>The builder.</returns>
    public static IGameBookTelemetryBuilder AddDashboard(this IGameBookTelemetryBuilder builder, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<DashboardOptions, DashboardOptionsValidator>();
        if (configure is not null)
        {
            _ = options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(TelemetryDashboard)))
        {
            return builder;
        }

        services.TryAddSingleton<InMemoryAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<InMemoryAlertSink>());
        services.AddSingleton(sp => new TelemetryDashboard(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MemoryAlertManager>(),
            sp.GetRequiredService<InMemoryAlertSink>(),
            sp.GetRequiredService<IOptions<DashboardOptions>>()));
        _ = services.AddHealthChecks();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, DashboardHealthCheckPublisher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DashboardActivationService>());
        return builder;
    }

    internal static ILogger<T> LoggerOf<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;

    /// <summary>Creates the dashboard when the host starts, so it records from the start.</summary>
    private sealed class DashboardActivationService(TelemetryDashboard dashboard) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(dashboard);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

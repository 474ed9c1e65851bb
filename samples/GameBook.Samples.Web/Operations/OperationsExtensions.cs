using System.Reflection;
using GameBook.Telemetry;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Composes the web host's operations half: GameBook telemetry with the dashboard, the memory, CPU, circuit
/// breaker and story catalog health checks, OpenTelemetry (OTLP when configured, otherwise a Prometheus scrape
/// endpoint), structured logging, the dashboard's key guard, its APIs and the two pages. Call at startup, from one thread.
/// </summary>
public static class OperationsExtensions
{
    /// <summary>
    /// The instruments whose per-second points the dashboard keeps (what its charts draw); every other instrument
    /// keeps only its current value, which keeps a snapshot with minutes of history small.
    /// </summary>
    internal static readonly string[] ChartedInstruments =
    [
        GameBookTelemetryNames.CpuUtilization,
        GameBookTelemetryNames.MemoryUtilization,
        GameBookTelemetryNames.MemoryUsage,
        GameBookTelemetryNames.MemoryLevel,
        "gamebook.worker.*",
        "gamebook.session.*",
        GameBook.Resilience.GameBookResilienceNames.BreakerState,
    ];

    /// <summary>
    /// Registers the operations services: telemetry and the dashboard (10 minutes of per-second points of the
    /// charted instruments), resilience monitoring, health checks (tags <c>live</c>, <c>ready</c>),
    /// OpenTelemetry metrics for <c>GameBook.*</c>, Polly, ASP.NET Core and System.Runtime (and traces when exporting
    /// over OTLP), the JSON console log formatter outside Development, and the options of section <c>Operations</c>.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        _ = services.AddOptionsWithValidateOnStart<OperationsOptions, OperationsOptionsValidator>()
            .Bind(configuration.GetSection(OperationsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        _ = services.AddProblemDetails();

        // Telemetry: readings, memory alerts (thresholds reloadable from configuration) and the dashboard.
        _ = services.AddGameBookTelemetry()
            .AddMemoryAlerts(configuration.GetSection("GameBook:Telemetry:MemoryAlerts"))
            .AddDashboard(o =>
            {
                foreach (var instrument in ChartedInstruments)
                {
                    o.TimeSeriesInstruments.Add(instrument);
                }
            });
        _ = services.AddOptions<DashboardOptions>()
            .Configure<IOptions<OperationsOptions>>((dashboard, operations) => dashboard.Window = operations.Value.Dashboard.HistoryWindow);
        _ = services.AddGameBookResilience();

        // Health: memory (live, ready), CPU, breakers and the story catalog (ready). The publisher feeds the
        // dashboard's health panel every 5 s.
        _ = services.AddHealthChecks()
            .AddGameBookMemoryHealthCheck()
            .AddGameBookCpuHealthCheck()
            .AddGameBookResilienceHealthCheck()
            .AddCheck<StoryCatalogHealthCheck>(OperationsDefaults.StoryCatalogCheckName, tags: [GameBookHealthChecks.ReadyTag]);
        _ = services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(1);
            o.Period = TimeSpan.FromSeconds(5);
        });

        services.TryAddSingleton<DashboardAccess>();
        services.TryAddSingleton(sp => new RequestStatistics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<OperationsOptions>>().Value.Dashboard.HistoryWindow,
            [OperationsDefaults.DashboardStreamPath]));
        services.TryAddSingleton<OperationsSnapshotWriter>();
        services.TryAddSingleton<StoryGraphBuilder>();

        services.TryAddSingleton(AddOpenTelemetry(builder));

        if (!builder.Environment.IsDevelopment())
        {
            _ = builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary>
    /// Maps the operations endpoints: the dashboard guard (key check for <c>/dashboard</c>, <c>/api/dashboard</c>,
    /// <c>/api/analytics</c>), static files, the player page at <c>/</c>, the dashboard page at <c>/dashboard</c>,
    /// <c>/health/live</c>, <c>/health/ready</c>, the dashboard APIs and, without OTLP, <c>/metrics</c>.
    /// </summary>
    /// <param name="app">The web application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GameBook.Samples.Web.Operations");
        var access = app.Services.GetRequiredService<DashboardAccess>();
        var telemetry = app.Services.GetRequiredService<TelemetryExport>();
        _ = app.Services.GetRequiredService<RequestStatistics>(); // listens from now on
        switch (access.Mode)
        {
            case DashboardAccessMode.Disabled:
                Log.DashboardDisabled(logger);
                break;
            case DashboardAccessMode.KeyRequired:
                Log.DashboardProtected(logger);
                break;
            default:
                Log.DashboardOpen(logger);
                break;
        }

        Log.TelemetryExport(logger, telemetry.Description);

        _ = app.Use((context, next) => DashboardGuardAsync(context, next, access, logger));
        _ = app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = static file => file.Context.Response.Headers.CacheControl = "no-cache",
        });

        _ = app.MapGet("/", (IWebHostEnvironment environment) => Page(environment, "index.html")).ExcludeFromDescription();
        _ = app.MapGet("/dashboard", (IWebHostEnvironment environment) => Page(environment, "dashboard.html")).ExcludeFromDescription();

        _ = app.MapHealthChecks(OperationsDefaults.LivePath, new HealthCheckOptions
        {
            Predicate = static r => r.Tags.Contains(GameBookHealthChecks.LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableRateLimiting();
        _ = app.MapHealthChecks(OperationsDefaults.ReadyPath, new HealthCheckOptions
        {
            Predicate = static r => r.Tags.Contains(GameBookHealthChecks.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableRateLimiting();

        _ = app.MapDashboardEndpoints();

        if (telemetry.Prometheus)
        {
            _ = app.MapPrometheusScrapingEndpoint(OperationsDefaults.MetricsPath).DisableRateLimiting();
        }

        return app;
    }

    /// <summary>Lets a dashboard request through, or answers 401 (no or wrong key) or 404 (disabled) with ProblemDetails.</summary>
    private static Task DashboardGuardAsync(HttpContext context, RequestDelegate next, DashboardAccess access, ILogger logger)
    {
        if (!DashboardAccess.IsDashboardPath(context.Request.Path))
        {
            return next(context);
        }

        context.Response.Headers.CacheControl = "no-store";
        switch (access.Mode)
        {
            case DashboardAccessMode.Open:
                return next(context);
            case DashboardAccessMode.KeyRequired when access.HasValidKey(context):
                return next(context);
            case DashboardAccessMode.KeyRequired:
                var presented = context.Request.Headers.ContainsKey(OperationsDefaults.KeyHeader) || context.Request.Query.ContainsKey(OperationsDefaults.KeyQuery);
                Log.DashboardKeyRejected(logger, context.Request.Method, context.Request.Path, presented ? "wrong key" : "no key", context.Connection.RemoteIpAddress?.ToString());
                context.Response.Headers.WWWAuthenticate = "DashboardKey realm=\"operations\"";
                return Results.Problem(
                    detail: presented
                        ? "The dashboard key is wrong. Send the key configured in Operations:DashboardKey in the X-Dashboard-Key header (or ?key= for the page and the event stream)."
                        : "This is the operations dashboard: send the key configured in Operations:DashboardKey in the X-Dashboard-Key header (or ?key= for the page and the event stream).",
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Dashboard key required",
                    type: OperationsProblems.DashboardKeyRequired).ExecuteAsync(context);
            default:
                return Results.Problem(
                    detail: "The operations dashboard is disabled on this server: outside Development it needs Operations:DashboardKey (16+ characters) to be configured.",
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Dashboard disabled",
                    type: OperationsProblems.DashboardDisabled).ExecuteAsync(context);
        }
    }

    private static IResult Page(IWebHostEnvironment environment, string file)
    {
        var info = environment.WebRootFileProvider.GetFileInfo(file);
        if (!info.Exists || info.PhysicalPath is null)
        {
            return Results.Problem(
                detail: $"The page '{file}' is missing from the web root ({environment.WebRootPath}); the deployment is incomplete.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Page missing",
                type: OperationsProblems.PageMissing);
        }

        return Results.File(info.PhysicalPath, "text/html; charset=utf-8");
    }

    /// <summary>Sets up OpenTelemetry and tells where its data goes.</summary>
    private static TelemetryExport AddOpenTelemetry(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = configuration.GetSection(OperationsOptions.SectionName).GetSection("Otlp").Get<OtlpOptions>() ?? new OtlpOptions();
        var environmentEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var version = typeof(OperationsExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName, serviceVersion: version))
            .WithMetrics(m => m
                .AddMeter(GameBookTelemetryNames.Prefix + "*", GameBookTelemetryNames.PollyMeter)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());

        if (configured.Endpoint is null && string.IsNullOrWhiteSpace(environmentEndpoint))
        {
            _ = otel.WithMetrics(m => m.AddPrometheusExporter());
            return new TelemetryExport(Prometheus: true, $"metrics served for Prometheus at {OperationsDefaults.MetricsPath} (set OTEL_EXPORTER_OTLP_ENDPOINT or Operations:Otlp:Endpoint to export metrics, traces and logs over OTLP instead)");
        }

        _ = otel.WithTracing(t => t
                .AddSource(GameBookTelemetryNames.Prefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = static context => !context.Request.Path.StartsWithSegments(OperationsDefaults.DashboardStreamPath, StringComparison.OrdinalIgnoreCase)))
            .WithLogging();
        if (configured.Endpoint is { } endpoint)
        {
            _ = otel.UseOtlpExporter(configured.Protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
            return new TelemetryExport(Prometheus: false, $"metrics, traces and logs exported over OTLP ({configured.Protocol}) to {endpoint} (Operations:Otlp:Endpoint)");
        }

        _ = otel.UseOtlpExporter();
        return new TelemetryExport(Prometheus: false, $"metrics, traces and logs exported over OTLP to {environmentEndpoint} (OTEL_EXPORTER_OTLP_ENDPOINT)");
    }
}

/// <summary>Where telemetry goes, decided at startup. Immutable.</summary>
/// <param name="Prometheus">Whether <c>/metrics</c> is served.</param>
/// <param name="Description">One line for the startup log.</param>
internal sealed record TelemetryExport(bool Prometheus, string Description);

namespace GameBook.Samples.Web.Operations;

/// <summary>Source-generated log messages of the web host's operations half.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "DashboardDisabled", Level = LogLevel.Warning,
        Message = "Operations dashboard disabled: no Operations:DashboardKey is configured, and outside Development the dashboard (/dashboard, /api/dashboard, /api/analytics) is never served without one. Set Operations__DashboardKey (16+ characters) to enable it")]
    public static partial void DashboardDisabled(ILogger logger);

    [LoggerMessage(EventId = 102, EventName = "DashboardProtected", Level = LogLevel.Information,
        Message = "Operations dashboard enabled at /dashboard; requests need the key (header X-Dashboard-Key or ?key=)")]
    public static partial void DashboardProtected(ILogger logger);

    [LoggerMessage(EventId = 103, EventName = "DashboardOpen", Level = LogLevel.Information,
        Message = "Operations dashboard open at /dashboard without a key (Development environment)")]
    public static partial void DashboardOpen(ILogger logger);

    [LoggerMessage(EventId = 104, EventName = "DashboardKeyRejected", Level = LogLevel.Warning,
        Message = "Dashboard request {Method} {Path} refused: {Reason} (remote {RemoteAddress})")]
    public static partial void DashboardKeyRejected(ILogger logger, string Method, string Path, string Reason, string? RemoteAddress);

    [LoggerMessage(EventId = 105, EventName = "TelemetryExport", Level = LogLevel.Information,
        Message = "Telemetry: {Destination}")]
    public static partial void TelemetryExport(ILogger logger, string Destination);

    [LoggerMessage(EventId = 106, EventName = "DashboardStreamFailed", Level = LogLevel.Warning,
        Message = "Dashboard event stream ended by an error")]
    public static partial void DashboardStreamFailed(ILogger logger, Exception exception);
}

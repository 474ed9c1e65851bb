using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Logging;

namespace GameBook.Telemetry.Diagnostics;

/// <summary>Source-generated log messages of GameBook.Telemetry.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "MemoryLevelChanged", Message = "Memory level {Level} (was {PreviousLevel}): {UsagePercent:F1} % used, {UsedBytes} of {LimitBytes} bytes at {Timestamp:O}")]
    public static partial void MemoryLevelChanged(ILogger logger, LogLevel logLevel, MemoryLevel Level, MemoryLevel PreviousLevel, double UsagePercent, long UsedBytes, long LimitBytes, DateTimeOffset Timestamp);

    [LoggerMessage(EventId = 2, EventName = "AlertSinkFailed", Level = LogLevel.Error, Message = "Alert sink {Sink} failed to accept an alert")]
    public static partial void AlertSinkFailed(ILogger logger, Exception exception, string Sink);

    [LoggerMessage(EventId = 3, EventName = "OptimizationFailed", Level = LogLevel.Error, Message = "Memory optimization handler {Handler} failed at level {Level}")]
    public static partial void OptimizationFailed(ILogger logger, Exception exception, string Handler, MemoryLevel Level);

    [LoggerMessage(EventId = 4, EventName = "OptimizationRan", Level = LogLevel.Information, Message = "Memory optimization handler {Handler} ran at level {Level}")]
    public static partial void OptimizationRan(ILogger logger, string Handler, MemoryLevel Level);

    [LoggerMessage(EventId = 5, EventName = "LevelChangedHandlerFailed", Level = LogLevel.Error, Message = "A memory LevelChanged event handler failed")]
    public static partial void LevelChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "SamplingFailed", Level = LogLevel.Error, Message = "Resource sampling failed; sampling continues")]
    public static partial void SamplingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, EventName = "WebhookRetry", Level = LogLevel.Warning, Message = "Webhook alert delivery attempt {Attempt} failed ({Failure}); retrying")]
    public static partial void WebhookRetry(ILogger logger, int Attempt, string? Failure);

    [LoggerMessage(EventId = 8, EventName = "WebhookDropped", Level = LogLevel.Error, Message = "Webhook alert ({Level}) dropped after {Attempts} attempts: {Failure}")]
    public static partial void WebhookDropped(ILogger logger, MemoryLevel Level, int Attempts, string? Failure);

    [LoggerMessage(EventId = 9, EventName = "OptionsChangeRejected", Level = LogLevel.Warning, Message = "A change to {Options} was rejected; the last valid options stay in use until it is fixed: {Reason}")]
    public static partial void OptionsChangeRejected(ILogger logger, Exception exception, string Options, string Reason);
}

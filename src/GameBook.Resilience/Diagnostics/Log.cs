using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace GameBook.Resilience.Diagnostics;

/// <summary>Source-generated log messages of GameBook.Resilience.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "BreakerOpened", Level = LogLevel.Warning, Message = "Circuit breaker of pipeline {Pipeline} opened (was {PreviousState}) for {BreakDuration}; last handled failure: {ExceptionType}")]
    public static partial void BreakerOpened(ILogger logger, string Pipeline, CircuitState PreviousState, TimeSpan BreakDuration, string? ExceptionType, Exception? exception);

    [LoggerMessage(EventId = 2, EventName = "BreakerHalfOpened", Level = LogLevel.Information, Message = "Circuit breaker of pipeline {Pipeline} is half-open (was {PreviousState}): the next call is a probe")]
    public static partial void BreakerHalfOpened(ILogger logger, string Pipeline, CircuitState PreviousState);

    [LoggerMessage(EventId = 3, EventName = "BreakerClosed", Level = LogLevel.Information, Message = "Circuit breaker of pipeline {Pipeline} closed (was {PreviousState}, manual: {IsManual})")]
    public static partial void BreakerClosed(ILogger logger, string Pipeline, CircuitState PreviousState, bool IsManual);

    [LoggerMessage(EventId = 4, EventName = "BreakerIsolated", Level = LogLevel.Warning, Message = "Circuit breaker of pipeline {Pipeline} isolated by an operator: every call is rejected until it is closed")]
    public static partial void BreakerIsolated(ILogger logger, string Pipeline);
}

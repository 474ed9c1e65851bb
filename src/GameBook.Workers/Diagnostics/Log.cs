using GameBook.Telemetry.Memory;
using GameBook.Workers.Scaling;
using Microsoft.Extensions.Logging;

namespace GameBook.Workers.Diagnostics;

/// <summary>Source-generated log messages of GameBook.Workers.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "PoolStarted", Level = LogLevel.Information,
        Message = "Worker pool {Pool} started: {MinWorkers}..{MaxWorkers} workers, capacity {Capacity}, CPU target {Target:F2}, scale interval {Interval}, cooldown {Cooldown}")]
    public static partial void PoolStarted(ILogger logger, string Pool, int MinWorkers, int MaxWorkers, int Capacity, double Target, TimeSpan Interval, TimeSpan Cooldown);

    [LoggerMessage(EventId = 2, EventName = "ScalingDecision", Level = LogLevel.Debug,
        Message = "Worker pool {Pool} scaling {Direction} ({Reason}): {Workers} -> {TargetWorkers} workers; cpu {Cpu:F3} (smoothed {SmoothedCpu:F3}, fresh {Fresh}, per worker {CpuPerWorker:F3}), busy {BusyWorkers} (smoothed {SmoothedBusy:F2}), queued {QueueLength}, memory {MemoryLevel}")]
    public static partial void ScalingDecision(
        ILogger logger, string Pool, ScalingDirection Direction, ScalingReason Reason, int Workers, int TargetWorkers, double Cpu, double SmoothedCpu,
        bool Fresh, double CpuPerWorker, int BusyWorkers, double SmoothedBusy, int QueueLength, MemoryLevel MemoryLevel);

    [LoggerMessage(EventId = 3, EventName = "CpuReadingFailed", Level = LogLevel.Warning, Message = "Worker pool {Pool} could not read the CPU; treating it as unknown")]
    public static partial void CpuReadingFailed(ILogger logger, Exception exception, string Pool);

    [LoggerMessage(EventId = 4, EventName = "ShutdownStarted", Level = LogLevel.Information,
        Message = "Worker pool {Pool} stopping: intake closed, draining {Queued} queued and {Running} running jobs for up to {DrainTimeout}")]
    public static partial void ShutdownStarted(ILogger logger, string Pool, int Queued, int Running, TimeSpan DrainTimeout);

    [LoggerMessage(EventId = 5, EventName = "ShutdownCancelledJobs", Level = LogLevel.Warning,
        Message = "Worker pool {Pool} did not drain in time: cancelled {CancelledQueued} queued jobs and signalled {CancelledRunning} running jobs to stop")]
    public static partial void ShutdownCancelledJobs(ILogger logger, string Pool, int CancelledQueued, int CancelledRunning);

    [LoggerMessage(EventId = 6, EventName = "ShutdownCompleted", Level = LogLevel.Information,
        Message = "Worker pool {Pool} stopped: {Drained} jobs finished while draining, {CancelledQueued} queued jobs cancelled, {StillRunning} jobs still running (they ignored cancellation)")]
    public static partial void ShutdownCompleted(ILogger logger, string Pool, long Drained, int CancelledQueued, int StillRunning);

    [LoggerMessage(EventId = 7, EventName = "MemoryLevelChanged", Level = LogLevel.Information,
        Message = "Worker pool {Pool} sees memory level {Level}: {Policy}")]
    public static partial void MemoryLevelChanged(ILogger logger, string Pool, MemoryLevel Level, string Policy);

    [LoggerMessage(EventId = 8, EventName = "ControllerFailed", Level = LogLevel.Error, Message = "Worker pool {Pool} scaling tick failed; the controller goes on")]
    public static partial void ControllerFailed(ILogger logger, Exception exception, string Pool);
}

namespace GameBook.Workers;

/// <summary>
/// Names of the meter, activity source, instruments, tags and tag values of GameBook.Workers. Constants only;
/// safe to use from any thread.
/// </summary>
public static class GameBookWorkersNames
{
    /// <summary>The meter and activity source: <c>GameBook.Workers</c>.</summary>
    public const string MeterName = GameBook.Telemetry.GameBookTelemetryNames.Workers;

    /// <summary>ObservableUpDownCounter, <c>{job}</c>: jobs waiting in the queue. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>.</summary>
    public const string QueueLength = "gamebook.worker.queue.length";

    /// <summary>ObservableUpDownCounter, <c>{worker}</c>: worker loops. Tag <see cref="PoolTag"/>.</summary>
    public const string Workers = "gamebook.worker.count";

    /// <summary>ObservableUpDownCounter, <c>{worker}</c>: workers running a job. Tag <see cref="PoolTag"/>.</summary>
    public const string BusyWorkers = "gamebook.worker.busy";

    /// <summary>Counter, <c>{job}</c>: jobs that ran to completion. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>.</summary>
    public const string JobsCompleted = "gamebook.worker.jobs.completed";

    /// <summary>Counter, <c>{job}</c>: jobs that threw or timed out. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>, <see cref="ReasonTag"/> (<see cref="ReasonException"/>, <see cref="ReasonTimeout"/>).</summary>
    public const string JobsFailed = "gamebook.worker.jobs.failed";

    /// <summary>Counter, <c>{job}</c>: jobs refused at submission. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>, <see cref="ReasonTag"/> (<see cref="ReasonQueueFull"/>, <see cref="ReasonMemoryPressure"/>, <see cref="ReasonShuttingDown"/>).</summary>
    public const string JobsRejected = "gamebook.worker.jobs.rejected";

    /// <summary>Counter, <c>{job}</c>: jobs cancelled, queued or running. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>, <see cref="ReasonTag"/> (<see cref="ReasonCaller"/>, <see cref="ReasonShutdown"/>, <see cref="ReasonBatchFailed"/>).</summary>
    public const string JobsCancelled = "gamebook.worker.jobs.cancelled";

    /// <summary>Histogram, <c>s</c>: time from submission to a worker starting the job. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>.</summary>
    public const string QueueWait = "gamebook.worker.queue.wait";

    /// <summary>Histogram, <c>s</c>: time a job ran. Tags <see cref="PoolTag"/>, <see cref="PriorityTag"/>.</summary>
    public const string RunDuration = "gamebook.worker.run.duration";

    /// <summary>Counter, <c>{decision}</c>: scaling controller decisions. Tags <see cref="PoolTag"/>, <see cref="DirectionTag"/>.</summary>
    public const string ScalingDecisions = "gamebook.worker.scaling.decisions";

    /// <summary>Activity: one job, from a worker taking it to its end, parented to the submitter's activity.</summary>
    public const string JobActivity = "gamebook.worker.job";

    /// <summary>Tag: the pool's name.</summary>
    public const string PoolTag = "gamebook.worker.pool";

    /// <summary>Tag: the job's priority: <c>high</c>, <c>normal</c>, <c>low</c>.</summary>
    public const string PriorityTag = "gamebook.worker.priority";

    /// <summary>Tag: why a job failed, was refused or was cancelled.</summary>
    public const string ReasonTag = "gamebook.worker.reason";

    /// <summary>Tag: a scaling decision's direction: <c>up</c>, <c>down</c>, <c>hold</c>.</summary>
    public const string DirectionTag = "gamebook.worker.direction";

    /// <summary>Reason: the job threw.</summary>
    public const string ReasonException = "exception";

    /// <summary>Reason: the job ran past its timeout.</summary>
    public const string ReasonTimeout = "timeout";

    /// <summary>Reason: the queue was full.</summary>
    public const string ReasonQueueFull = "queue_full";

    /// <summary>Reason: memory pressure.</summary>
    public const string ReasonMemoryPressure = "memory_pressure";

    /// <summary>Reason: refused because the pool is shutting down.</summary>
    public const string ReasonShuttingDown = "shutting_down";

    /// <summary>Reason: the submitter's token was cancelled.</summary>
    public const string ReasonCaller = "caller";

    /// <summary>Reason: cancelled by shutdown after the drain timeout.</summary>
    public const string ReasonShutdown = "shutdown";

    /// <summary>Reason: an item of a batch not run, or stopped, because another item of the batch failed (or the batch could not be admitted whole).</summary>
    public const string ReasonBatchFailed = "batch_failed";

    /// <summary>Direction: workers added.</summary>
    public const string DirectionUp = "up";

    /// <summary>Direction: workers removed.</summary>
    public const string DirectionDown = "down";

    /// <summary>Direction: no change.</summary>
    public const string DirectionHold = "hold";
}

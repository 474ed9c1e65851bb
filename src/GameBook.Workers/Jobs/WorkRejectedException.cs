namespace GameBook.Workers;

/// <summary>
/// The exception a job's task fails with when the pool refused the job before running it: the queue was full,
/// memory pressure was too high, or the pool was shutting down. The job never ran; it is safe to retry later.
/// </summary>
public sealed class WorkRejectedException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public WorkRejectedException()
        : this("The worker pool refused the job.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public WorkRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refusal by <paramref name="poolName"/>.</summary>
    /// <param name="poolName">The pool that refused the job.</param>
    /// <param name="reason">Why.</param>
    /// <param name="priority">The job's priority.</param>
    public WorkRejectedException(string poolName, RejectionReason reason, JobPriority priority)
        : base(MessageFor(poolName, reason, priority))
    {
        PoolName = poolName;
        Reason = reason;
        Priority = priority;
    }

    /// <summary>Why the job was refused.</summary>
    public RejectionReason Reason { get; }

    /// <summary>The name of the pool that refused the job.</summary>
    public string? PoolName { get; }

    /// <summary>The refused job's priority.</summary>
    public JobPriority Priority { get; }

    private static string MessageFor(string poolName, RejectionReason reason, JobPriority priority) => reason switch
    {
        RejectionReason.QueueFull =>
            $"Worker pool '{poolName}' refused a {priority} priority job: its queue is full. Submit with QueueFullMode.Wait to wait for room, retry later, or raise WorkerPoolOptions.Capacity.",
        RejectionReason.MemoryPressure =>
            $"Worker pool '{poolName}' refused a {priority} priority job because of memory pressure (Low priority work is refused at Critical, all work at Maximum). Retry when the memory level has dropped.",
        RejectionReason.ShuttingDown =>
            $"Worker pool '{poolName}' refused a {priority} priority job: the pool is shutting down and takes no new work.",
        _ => $"Worker pool '{poolName}' refused a {priority} priority job ({reason}).",
    };
}

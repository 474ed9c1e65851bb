namespace GameBook.Workers;

/// <summary>What a submission does when the pool's queue is at its <see cref="WorkerPoolOptions.Capacity"/>.</summary>
public enum QueueFullMode
{
    /// <summary>Wait asynchronously until there is room (backpressure); the caller's token cancels the wait.</summary>
    Wait = 0,

    /// <summary>Refuse at once: the job's task fails with a <see cref="WorkRejectedException"/> (<see cref="RejectionReason.QueueFull"/>).</summary>
    Reject = 1,
}

namespace GameBook.Workers;

/// <summary>Why a worker pool refused a job.</summary>
public enum RejectionReason
{
    /// <summary>The queue was at its capacity and the submission asked not to wait (<see cref="QueueFullMode.Reject"/>).</summary>
    QueueFull = 1,

    /// <summary>
    /// Memory pressure: at <c>Critical</c> low-priority work is refused, at <c>Maximum</c> all new work, until the
    /// level drops (GameBook.Telemetry's <c>IMemoryPressure</c>).
    /// </summary>
    MemoryPressure = 2,

    /// <summary>The pool is stopping or stopped and takes no new work.</summary>
    ShuttingDown = 3,
}

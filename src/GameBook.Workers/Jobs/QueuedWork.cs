namespace GameBook.Workers.Jobs;

/// <summary>
/// What the pool's queue holds: a single <see cref="Job"/>, or one entry of a <see cref="Batches.Batch"/> (a batch is
/// queued once per item, so every item takes its own place in the queue and its own slot of the capacity).
/// </summary>
internal abstract class QueuedWork
{
    public WorkerPool Owner = null!;
    public JobPriority Priority;
}

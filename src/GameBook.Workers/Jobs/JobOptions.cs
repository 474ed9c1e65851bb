namespace GameBook.Workers;

/// <summary>
/// Per-submission settings: priority, run timeout and what to do when the queue is full. A small immutable value;
/// <c>default</c> is <see cref="JobPriority.Normal"/>, the pool's default timeout and <see cref="QueueFullMode.Wait"/>.
/// Thread-safe.
/// </summary>
public readonly record struct JobOptions
{
    // Stored relative to Normal, so that default(JobOptions) (what an omitted argument is) means Normal priority
    // although High is the enum's zero value.
    private readonly int _priorityFromNormal;

    /// <summary>The job's priority. Default <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority
    {
        get => (JobPriority)(_priorityFromNormal + (int)JobPriority.Normal);
        init => _priorityFromNormal = (int)value - (int)JobPriority.Normal;
    }

    /// <summary>
    /// The longest the job may run once a worker has started it; when it elapses, the token given to the job is
    /// cancelled and, if the job stops because of it, its task fails with a <see cref="TimeoutException"/>. Time
    /// spent waiting in the queue does not count (cancel the submission's token for that). <c>null</c> uses
    /// <see cref="WorkerPoolOptions.DefaultTimeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> means no timeout.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What to do when the queue is full. Default <see cref="QueueFullMode.Wait"/>.</summary>
    public QueueFullMode WhenFull { get; init; }

    /// <summary>Options with <paramref name="priority"/> and the other settings at their defaults.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The options.</returns>
    public static JobOptions WithPriority(JobPriority priority) => new() { Priority = priority };
}

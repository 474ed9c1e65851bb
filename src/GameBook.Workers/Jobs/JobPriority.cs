namespace GameBook.Workers;

/// <summary>
/// How urgently a job should run. Higher priorities are served first; a lower-priority job is passed over at
/// most <see cref="WorkerPoolDefaults.MaxPassOvers"/> times in a row, so it is never starved.
/// </summary>
public enum JobPriority
{
    /// <summary>Served before <see cref="Normal"/> and <see cref="Low"/> work.</summary>
    High = 0,

    /// <summary>The default priority.</summary>
    Normal = 1,

    /// <summary>Background work; the first to be refused under memory pressure (at <c>Critical</c>).</summary>
    Low = 2,
}

namespace GameBook.Telemetry.Memory;

/// <summary>
/// The memory pressure signal other packages consume (the worker pool sheds load with it, resilience
/// pipelines reject work at <see cref="MemoryLevel.Maximum"/>): the current level and a notification when it
/// changes. Thread-safe; handlers run on the sampling thread and must return quickly.
/// </summary>
public interface IMemoryPressure
{
    /// <summary>The current memory level.</summary>
    MemoryLevel Level { get; }

    /// <summary>Raised after the level changed. A throwing handler is logged and does not stop the others.</summary>
    event EventHandler<MemoryLevelChangedEventArgs>? LevelChanged;
}

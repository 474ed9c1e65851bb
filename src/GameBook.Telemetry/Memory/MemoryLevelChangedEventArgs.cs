namespace GameBook.Telemetry.Memory;

/// <summary>Arguments of <see cref="IMemoryPressure.LevelChanged"/>. Immutable and thread-safe.</summary>
public sealed class MemoryLevelChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments for <paramref name="alert"/>.</summary>
    /// <param name="alert">The alert that describes the change.</param>
    public MemoryLevelChangedEventArgs(MemoryAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Alert = alert;
    }

    /// <summary>The alert that describes the change.</summary>
    public MemoryAlert Alert { get; }

    /// <summary>The level entered.</summary>
    public MemoryLevel Level => Alert.Level;

    /// <summary>The level left.</summary>
    public MemoryLevel PreviousLevel => Alert.PreviousLevel;
}

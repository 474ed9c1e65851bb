namespace GameBook.Orleans.Sessions;

/// <summary>
/// A session as a host that runs the engine itself persists it in its grain (the web host's Orleans session store):
/// the story, the snapshot from which the current step is produced again, and the host's own data for the session.
/// Immutable, so thread-safe.
/// </summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.StoredSession")]
public sealed class StoredSession
{
    /// <summary>The story's catalog name.</summary>
    [Id(0)]
    public required string Story { get; init; }

    /// <summary>The snapshot (JSON) taken just before the current step: restoring it and asking for the next step shows that step again.</summary>
    [Id(1)]
    public required string Snapshot { get; init; }

    /// <summary>Data the host keeps with the session (opaque to the grain), or null.</summary>
    [Id(2)]
    public string? HostData { get; init; }

    /// <summary>The version of the session in its grain (set by the grain on read; ignored on write).</summary>
    [Id(3)]
    public long Version { get; init; }
}

/// <summary>The outcome of <see cref="IStorySessionGrain.WriteAsync"/>.</summary>
public enum StoredSessionWrite
{
    /// <summary>Persisted.</summary>
    Written,

    /// <summary>The grain's version is not the expected one: someone else changed the session; read it again.</summary>
    Conflict,

    /// <summary>The snapshot was unreadable, or the story is not in the silo's catalog.</summary>
    Rejected,
}

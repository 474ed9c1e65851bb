namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// Where the story server keeps its sessions. The server calls it through the GameBook.Resilience pipeline named by
/// <c>StoryServer:Sessions:Pipeline</c>, so an implementation may fail transiently (it is retried, and a circuit
/// breaker stops calls to a store that keeps failing). The in-memory store is the default; a distributed one
/// (Orleans) persists in <see cref="UpdateAsync"/>. Implementations must be thread-safe.
/// </summary>
internal interface ISessionStore
{
    /// <summary>Whether <see cref="EvictAsync"/> keeps an evicted session resumable (persisted) rather than dropping it.</summary>
    bool KeepsEvictedSessions { get; }

    /// <summary>Whether <see cref="UpdateAsync"/> writes anything: false for a store that holds the live sessions themselves, so the server skips the call.</summary>
    bool PersistsUpdates { get; }

    /// <summary>How many sessions the store holds in this process.</summary>
    int Count { get; }

    /// <summary>Adds a new session. Returns false when the id is taken (never, with 144 random bits, but checked).</summary>
    ValueTask<bool> AddAsync(HostedSession session, CancellationToken cancellationToken);

    /// <summary>Finds a session by id; null when there is none.</summary>
    ValueTask<HostedSession?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Called after a call changed the session, while its gate is held: a persisting store writes it here.</summary>
    ValueTask UpdateAsync(HostedSession session, CancellationToken cancellationToken);

    /// <summary>Removes a session. Returns false when it was not there.</summary>
    ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sessions last used at or before <paramref name="usedBefore"/>, at most <paramref name="max"/>.</summary>
    ValueTask<IReadOnlyList<HostedSession>> ListIdleAsync(DateTimeOffset usedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Frees a session's memory: a persisting store saves it first and can load it again; the in-memory store drops it.</summary>
    ValueTask EvictAsync(HostedSession session, CancellationToken cancellationToken);
}

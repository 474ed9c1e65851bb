using System.Collections.Concurrent;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// The default session store: live sessions in a concurrent dictionary of this process. Nothing survives a restart
/// and an evicted session is gone. Thread-safe; lookups take no lock.
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, HostedSession> _sessions = new(StringComparer.Ordinal);

    public bool KeepsEvictedSessions => false;

    public bool PersistsUpdates => false;

    public int Count => _sessions.Count;

    public ValueTask<bool> AddAsync(HostedSession session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.TryAdd(session.Id, session));

    public ValueTask<HostedSession?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.TryGetValue(id, out var session) ? session : null);

    public ValueTask UpdateAsync(HostedSession session, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.TryRemove(id, out _));

    public ValueTask<IReadOnlyList<HostedSession>> ListIdleAsync(DateTimeOffset usedBefore, int max, CancellationToken cancellationToken)
    {
        var idle = new List<HostedSession>();
        foreach (var (_, session) in _sessions)
        {
            if (idle.Count >= max)
            {
                break;
            }

            if (session.LastUsed <= usedBefore)
            {
                idle.Add(session);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<HostedSession>>(idle);
    }

    public ValueTask EvictAsync(HostedSession session, CancellationToken cancellationToken)
    {
        _sessions.TryRemove(session.Id, out _);
        return ValueTask.CompletedTask;
    }
}

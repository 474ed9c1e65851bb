using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using GameBook.Hosting;
using GameBook.Orleans.Sessions;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// The session store for a cluster of story servers (<c>StoryServer:Sessions:Store = Orleans</c>): each session is
/// persisted in its Orleans session grain (GameBook.Orleans, Redis in production) before a call is answered, and the
/// server keeps a copy of the live session with the grain version it came from. Every lookup asks the grain whether
/// that version is still current, so a session continued through another server is reloaded here, never served stale;
/// a write carries the version it started from, so two servers cannot overwrite each other. A copy whose write failed
/// is never served again: the next lookup reloads the last acknowledged state. Thread-safe.
/// </summary>
internal sealed partial class OrleansSessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly IStoryCatalog _catalog;
    private readonly IStorySessionFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger<OrleansSessionStore> _logger;
    private readonly Localization.StoryLocales _locales;

    public OrleansSessionStore(IGrainFactory grains, IStoryCatalog catalog, IStorySessionFactory factory, TimeProvider time, ILogger<OrleansSessionStore> logger, Localization.StoryLocales locales)
    {
        _locales = locales;
        _grains = grains;
        _catalog = catalog;
        _factory = factory;
        _time = time;
        _logger = logger;
    }

    public bool KeepsEvictedSessions => true;

    public bool PersistsUpdates => true;

    /// <summary>Sessions this server holds a live copy of (the cluster holds more).</summary>
    public int Count => _sessions.Count;

    public async ValueTask<bool> AddAsync(HostedSession session, CancellationToken cancellationToken)
    {
        var written = await Grain(session.Id).WriteAsync(ToStored(session), 0).WaitAsync(cancellationToken).ConfigureAwait(false);
        switch (written)
        {
            case StoredSessionWrite.Written:
                _sessions[session.Id] = new Entry(session, 1);
                return true;
            case StoredSessionWrite.Conflict:
                return false;
            default:
                throw new InvalidOperationException($"The cluster refused session '{session.Id}' on story '{session.StoryName}': the silo does not serve that story.");
        }
    }

    public async ValueTask<HostedSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        _sessions.TryGetValue(id, out var entry);
        var known = entry is { Dirty: false } ? entry.Version : 0;
        var stored = await Grain(id).ReadAsync(known).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            if (entry is not null)
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            }

            return null;
        }

        if (entry is not null && !entry.Dirty && stored.Version == entry.Version)
        {
            return entry.Session;
        }

        var loaded = Load(id, stored);
        if (loaded is null)
        {
            return null;
        }

        _sessions[id] = new Entry(loaded, stored.Version);
        return loaded;
    }

    public async ValueTask UpdateAsync(HostedSession session, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(session.Id, out var entry) || !ReferenceEquals(entry.Session, session))
        {
            throw new InvalidOperationException($"Session '{session.Id}' was reloaded while this call ran; the call is not acknowledged. Retry it.");
        }

        // Until the grain acknowledges, this copy may be ahead of what is persisted: lookups must not serve it.
        entry.Dirty = true;
        var written = await Grain(session.Id).WriteAsync(ToStored(session), entry.Version).WaitAsync(cancellationToken).ConfigureAwait(false);
        switch (written)
        {
            case StoredSessionWrite.Written:
                entry.Version++;
                entry.Dirty = false;
                return;
            case StoredSessionWrite.Conflict:
                _sessions.TryRemove(new KeyValuePair<string, Entry>(session.Id, entry));
                throw new InvalidOperationException($"Session '{session.Id}' was changed through another server meanwhile; this call is not acknowledged. Read the session again.");
            default:
                _sessions.TryRemove(new KeyValuePair<string, Entry>(session.Id, entry));
                throw new InvalidOperationException($"The cluster refused the new state of session '{session.Id}'.");
        }
    }

    public async ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var entry))
        {
            return await Grain(id).DeleteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Deleted only if nobody continued it through another server since this copy was read (an expiry sweep here
        // must not end a session that is in use elsewhere).
        var deleted = await Grain(id).DeleteIfUnchangedAsync(entry.Version).WaitAsync(cancellationToken).ConfigureAwait(false);
        _sessions.TryRemove(new KeyValuePair<string, Entry>(id, entry));
        return deleted;
    }

    public ValueTask<IReadOnlyList<HostedSession>> ListIdleAsync(DateTimeOffset usedBefore, int max, CancellationToken cancellationToken)
    {
        var idle = new List<HostedSession>();
        foreach (var (_, entry) in _sessions)
        {
            if (idle.Count >= max)
            {
                break;
            }

            if (entry.Session.LastUsed <= usedBefore)
            {
                idle.Add(entry.Session);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<HostedSession>>(idle);
    }

    /// <summary>Drops the live copy; the grain keeps the session, and the next lookup loads it again.</summary>
    public ValueTask EvictAsync(HostedSession session, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(session.Id, out var entry) && ReferenceEquals(entry.Session, session))
        {
            _sessions.TryRemove(new KeyValuePair<string, Entry>(session.Id, entry));
        }

        return ValueTask.CompletedTask;
    }

    private IStorySessionGrain Grain(string id) => _grains.GetGrain<IStorySessionGrain>(id);

    /// <summary>Rebuilds a live session from its grain: restores the snapshot on this server's story version and produces the step the player saw.</summary>
    private HostedSession? Load(string id, StoredSession stored)
    {
        var data = HostData.Parse(stored.HostData);
        var read = SessionSnapshot.FromJson(stored.Snapshot);
        if (data is null || !read.Success || !_catalog.TryGetStory(stored.Story, out var story))
        {
            Log.SessionUnloadable(_logger, id, stored.Story, data is null ? "its server data is unreadable" : read.Success ? "this server's catalog does not have the story" : read.Error ?? "unreadable snapshot");
            return null;
        }

        var restored = _factory.Restore(stored.Story, read.Snapshot!);
        if (!restored.Success)
        {
            Log.SessionUnloadable(_logger, id, stored.Story, restored.Error ?? "the snapshot was refused");
            return null;
        }

        var session = restored.Session!;
        if (data.Locale is not null)
        {
            // The session's locale, on this server's story version (base text if its table went away since).
            session.Localization = _locales.Resolve(stored.Story, session.Story, data.Locale).Localization;
        }

        var step = session.Next();
        var node = StepMapper.CurrentNode(session) ?? data.LastNode;
        return new HostedSession(id, data.Token, stored.Story, data.Locale, session, _time.GetUtcNow())
        {
            BeforeCurrent = read.Snapshot!,
            AfterCurrent = session.Save(),
            Current = step,
            CurrentDto = StepMapper.ToDto(story, step, node),
            LastNode = node,
            EndCounted = data.EndCounted,
        };
    }

    private static StoredSession ToStored(HostedSession session) => new()
    {
        Story = session.StoryName,
        Snapshot = session.BeforeCurrent.ToJson(),
        HostData = new HostData(Encoding.UTF8.GetString(session.TokenUtf8), session.Locale, session.LastNode, session.EndCounted).ToJson(),
    };

    /// <summary>A live copy and the grain version it matches; <see cref="Dirty"/> while a write of it is unacknowledged.</summary>
    private sealed class Entry(HostedSession session, long version)
    {
        public HostedSession Session { get; } = session;

        public long Version { get; set; } = version;

        public volatile bool Dirty;
    }

    /// <summary>What the web host keeps with a session in its grain besides the snapshot.</summary>
    private sealed record HostData(string Token, string? Locale, string? LastNode, bool EndCounted)
    {
        public string ToJson()
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("token", Token);
                writer.WriteString("locale", Locale);
                writer.WriteString("lastNode", LastNode);
                writer.WriteBoolean("endCounted", EndCounted);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public static HostData? Parse(string? json)
        {
            if (json is null)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                return root.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } value
                    ? new HostData(
                        value,
                        root.TryGetProperty("locale", out var locale) ? locale.GetString() : null,
                        root.TryGetProperty("lastNode", out var node) ? node.GetString() : null,
                        root.TryGetProperty("endCounted", out var ended) && ended.ValueKind == JsonValueKind.True)
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "Session {SessionId} (story '{Story}') is in the cluster but cannot be served by this server: {Reason}.")]
        public static partial void SessionUnloadable(ILogger logger, string sessionId, string story, string reason);
    }
}

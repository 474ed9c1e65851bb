using System.Collections.Immutable;
using GameBook.Hosting;
using GameBook.Orleans.Diagnostics;
using GameBook.Orleans.Hosting;
using GameBook.Runtime;
using Microsoft.Extensions.Logging;

namespace GameBook.Orleans.Sessions;

/// <summary>
/// The session grain: a live <see cref="StorySession"/> plus its persisted <see cref="StorySessionState"/>. Every
/// change is written through grain storage before the call returns; a failed write breaks the activation (it
/// deactivates, so the next call reloads what storage holds) and the call throws. Orleans runs its calls one at a time.
/// Placed on the calling silo when the caller is one (a story server co-hosting a silo keeps the sessions it serves
/// local, saving a silo-to-silo hop on each of its grain calls); from a pure client, on any silo.
/// </summary>
[global::Orleans.Placement.PreferLocalPlacement]
internal sealed class StorySessionGrain : Grain, IStorySessionGrain
{
    private const string DefaultStartNode = "Start";

    private readonly IPersistentState<StorySessionState> _state;
    private readonly IStoryCatalog _catalog;
    private readonly IStorySessionFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger<StorySessionGrain> _logger;

    private StorySession? _session;
    private StoryStep _current;
    private SessionSnapshot? _after;
    private string? _lastNode;
    private SessionView? _view;
    private string? _unavailable;
    private bool _migrated;
    private bool _broken;

    public StorySessionGrain(
        [PersistentState("session", GameBookOrleansDefaults.StorageName)] IPersistentState<StorySessionState> state,
        IStoryCatalog catalog,
        IStorySessionFactory factory,
        TimeProvider time,
        ILogger<StorySessionGrain> logger)
    {
        _state = state;
        _catalog = catalog;
        _factory = factory;
        _time = time;
        _logger = logger;
    }

    private string Id => this.GetPrimaryKeyString();

    private StorySessionState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Version > 0)
        {
            Resume();
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        DropLive();
        return Task.CompletedTask;
    }

    public async Task<SessionView> StartAsync(string story, ulong? seed = null, string? startNode = null)
    {
        ThrowIfBroken();
        ArgumentNullException.ThrowIfNull(story);
        var change = $"start:{story}:{seed?.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{startNode}";
        if (State.Version > 0)
        {
            return State.Version == 1 && State.LastChange == change && EnsureLive() is null ? _view! : Fail(SessionStatus.AlreadyExists, $"Session '{Id}' exists already; delete it first or use another id.");
        }

        if (!_catalog.TryGetStory(story, out var compiled))
        {
            return Fail(SessionStatus.StoryNotFound, $"The story '{story}' is not in this silo's catalog.");
        }

        var node = startNode ?? DefaultStartNode;
        if (!compiled.ContainsNode(node))
        {
            return Fail(SessionStatus.Invalid, $"The story '{story}' has no node '{node}' to start at.");
        }

        StorySession session;
        try
        {
            session = _factory.CreateSession(story, node, seed);
        }
        catch (ArgumentException ex)
        {
            return Fail(SessionStatus.Invalid, $"The story '{story}' cannot start: {ex.Message}");
        }

        DropLive();
        _session = session;
        _migrated = false;
        _unavailable = null;
        var before = session.Save();
        Produce();
        await PersistAsync(story, before, change, State.HostData).ConfigureAwait(true);
        Log.SessionStarted(_logger, Id, story);
        return _view!;
    }

    public Task<SessionView> GetAsync()
    {
        ThrowIfBroken();
        return Task.FromResult(EnsureLive() ?? _view!);
    }

    public async Task<SessionView> NextAsync(long version)
    {
        var refused = Check(version, "next");
        if (refused is not null)
        {
            return refused;
        }

        switch (_current.Kind)
        {
            case StepKind.Options:
                return Fail(SessionStatus.Invalid, "The session shows options: choose one (ChooseAsync) instead of advancing.");
            case StepKind.End or StepKind.Error:
                return _view!;
        }

        var before = _after ?? _session!.Save();
        Produce();
        await PersistAsync(State.Story, before, "next", State.HostData).ConfigureAwait(true);
        return _view!;
    }

    public async Task<SessionView> ChooseAsync(int optionIndex, long version)
    {
        var option = optionIndex;
        var change = "choose:" + option.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = Check(version, change);
        if (refused is not null)
        {
            return refused;
        }

        if (_current.Kind != StepKind.Options)
        {
            return Fail(SessionStatus.Invalid, $"The session shows a {_current.Kind.ToString().ToLowerInvariant()}, not options: there is nothing to choose.");
        }

        var options = _current.Options;
        if (option == StorySession.NoOption ? options.AvailableCount != 0 : (uint)option >= (uint)options.Count)
        {
            return Fail(SessionStatus.Invalid, option == StorySession.NoOption
                ? $"-1 continues only past a set with no available option; {options.AvailableCount} of {options.Count} are available."
                : $"Option {option} does not exist: the options are numbered 0 to {options.Count - 1}.");
        }

        if (option != StorySession.NoOption && !options[option].IsAvailable)
        {
            return Fail(SessionStatus.Invalid, $"Option {option} is not available (its condition does not hold).");
        }

        _session!.Choose(option);
        var before = _session.Save();
        Produce();
        await PersistAsync(State.Story, before, change, State.HostData).ConfigureAwait(true);
        return _view!;
    }

    public Task<string?> SaveAsync()
    {
        ThrowIfBroken();
        return Task.FromResult(State.Version > 0 ? State.Snapshot : null);
    }

    public async Task<SessionView> RestoreAsync(string story, string snapshotJson)
    {
        ThrowIfBroken();
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(snapshotJson);
        if (State.Version > 0)
        {
            return State.Version == 1 && State.LastChange == "restore:" + story && EnsureLive() is null
                ? _view!
                : Fail(SessionStatus.AlreadyExists, $"Session '{Id}' exists already; delete it first or restore into another id.");
        }

        if (!_catalog.TryGetStory(story, out _))
        {
            return Fail(SessionStatus.StoryNotFound, $"The story '{story}' is not in this silo's catalog.");
        }

        var read = SessionSnapshot.FromJson(snapshotJson);
        if (!read.Success)
        {
            return Fail(SessionStatus.SaveRejected, "The save cannot be read: " + (read.Error ?? "unreadable snapshot."));
        }

        var restored = _factory.Restore(story, read.Snapshot!);
        if (!restored.Success)
        {
            return Fail(SessionStatus.SaveRejected, $"The save does not fit the story '{story}' this silo has: {restored.Error}");
        }

        DropLive();
        _session = restored.Session!;
        _migrated = restored.Migrated;
        _unavailable = null;
        var before = _session.Save();
        Produce();
        await PersistAsync(story, before, "restore:" + story, null).ConfigureAwait(true);
        return _view!;
    }

    public async Task<bool> DeleteAsync()
    {
        ThrowIfBroken();
        if (State.Version == 0)
        {
            return false;
        }

        try
        {
            await _state.ClearStateAsync().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            throw Break(ex, "delete");
        }

        DropLive();
        _unavailable = null;
        _state.State = new StorySessionState();
        DeactivateOnIdle();
        return true;
    }

    public Task<StoredSession?> ReadAsync(long knownVersion)
    {
        ThrowIfBroken();
        var state = State;
        StoredSession? stored = state.Version == 0 ? null : new StoredSession
        {
            Story = state.Story,
            Snapshot = state.Version == knownVersion ? string.Empty : state.Snapshot,
            HostData = state.Version == knownVersion ? null : state.HostData,
            Version = state.Version,
        };
        return Task.FromResult(stored);
    }

    public async Task<StoredSessionWrite> WriteAsync(StoredSession session, long expectedVersion)
    {
        ThrowIfBroken();
        ArgumentNullException.ThrowIfNull(session);
        var state = State;
        if (state.Version != expectedVersion)
        {
            var replay = state.Version == expectedVersion + 1 && state.LastChange == "write"
                && string.Equals(state.Snapshot, session.Snapshot, StringComparison.Ordinal)
                && string.Equals(state.HostData, session.HostData, StringComparison.Ordinal);
            return replay ? StoredSessionWrite.Written : StoredSessionWrite.Conflict;
        }

        if (!_catalog.TryGetStory(session.Story, out _))
        {
            Log.WriteRejected(_logger, Id, $"the story '{session.Story}' is not in this silo's catalog");
            return StoredSessionWrite.Rejected;
        }

        var read = SessionSnapshot.FromJson(session.Snapshot);
        if (!read.Success)
        {
            Log.WriteRejected(_logger, Id, read.Error ?? "unreadable snapshot");
            return StoredSessionWrite.Rejected;
        }

        // The host runs the engine: the live session here is rebuilt from the new snapshot when an engine call needs it.
        DropLive();
        _unavailable = null;
        await PersistAsync(session.Story, read.Snapshot!, "write", session.HostData, session.Snapshot).ConfigureAwait(true);
        return StoredSessionWrite.Written;
    }

    public Task<bool> DeleteIfUnchangedAsync(long expectedVersion)
    {
        ThrowIfBroken();
        return State.Version == 0 || State.Version != expectedVersion ? Task.FromResult(false) : DeleteAsync();
    }

    /// <summary>Refuses a state-changing call that cannot run now; null when it may proceed.</summary>
    private SessionView? Check(long version, string change)
    {
        ThrowIfBroken();
        var refused = EnsureLive();
        if (refused is not null)
        {
            return refused;
        }

        if (version == State.Version)
        {
            return null;
        }

        // A retry of the call that made the current version (its answer was lost): answer it again, do not repeat it.
        if (version == State.Version - 1 && string.Equals(State.LastChange, change, StringComparison.Ordinal))
        {
            return _view;
        }

        return Fail(SessionStatus.Conflict, $"Session '{Id}' is at version {State.Version}, the call was made on version {version}: read it again (GetAsync) and retry.");
    }

    /// <summary>Makes sure the live session matches the persisted state; the refusal when it cannot.</summary>
    private SessionView? EnsureLive()
    {
        if (State.Version == 0)
        {
            return Fail(SessionStatus.NotFound, $"There is no session '{Id}'.");
        }

        if (_session is null && _unavailable is null)
        {
            Resume();
        }

        return _unavailable is null ? null : Fail(SessionStatus.Unavailable, _unavailable);
    }

    /// <summary>Restores the persisted snapshot into the silo's story version with the engine's rules (exact resume, migration, or a clear refusal).</summary>
    private void Resume()
    {
        var state = State;
        if (!_catalog.TryGetStory(state.Story, out var story))
        {
            _unavailable = $"Session '{Id}' was saved on the story '{state.Story}', which this silo's catalog does not have: every silo must serve the same stories folder.";
            Log.ResumeRefused(_logger, Id, state.Story, _unavailable);
            return;
        }

        var read = SessionSnapshot.FromJson(state.Snapshot);
        if (!read.Success)
        {
            _unavailable = $"Session '{Id}': its persisted snapshot cannot be read ({read.Error}).";
            Log.ResumeRefused(_logger, Id, state.Story, _unavailable);
            return;
        }

        var restored = _factory.Restore(state.Story, read.Snapshot!);
        if (!restored.Success)
        {
            _unavailable = $"Session '{Id}' was saved on version {Short(state.Fingerprint)} of the story '{state.Story}' and cannot resume on this silo's version {Short(story.Fingerprint)}: {restored.Error}";
            Log.ResumeRefused(_logger, Id, state.Story, _unavailable);
            return;
        }

        _session = restored.Session!;
        _migrated = restored.Migrated;
        _lastNode = CurrentNode(read.Snapshot!);
        if (!string.Equals(state.Fingerprint, story.Fingerprint, StringComparison.Ordinal))
        {
            Log.ResumedOnEditedStory(_logger, Id, state.Story, Short(state.Fingerprint), Short(story.Fingerprint), restored.Migrated);
        }

        Produce();
    }

    /// <summary>Produces the next step of the live session and the view of it.</summary>
    private void Produce()
    {
        var session = _session!;
        _current = session.Next();
        _after = session.Save();
        var node = session.CurrentNode?.UniqueName;
        if (node is not null)
        {
            _lastNode = node;
        }

        _view = new SessionView
        {
            Status = SessionStatus.Ok,
            Version = State.Version,
            Story = State.Story,
            Step = ToView(_current, _lastNode),
            Migrated = _migrated,
        };
    }

    private async Task PersistAsync(string story, SessionSnapshot before, string change, string? hostData, string? json = null)
    {
        var previous = State.Copy();
        var state = State;
        state.Story = story;
        state.Fingerprint = before.Fingerprint;
        state.Snapshot = json ?? before.ToJson();
        state.Version++;
        state.LastChange = change;
        state.HostData = hostData;
        state.UpdatedAt = _time.GetUtcNow();
        try
        {
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            _state.State = previous;
            throw Break(ex, change);
        }

        if (_view is not null)
        {
            _view = new SessionView { Status = _view.Status, Version = state.Version, Story = story, Step = _view.Step, Migrated = _view.Migrated };
        }
    }

    /// <summary>After a failed storage call the activation no longer trusts its memory: it deactivates, and the next call reloads.</summary>
    private SessionStorageException Break(Exception ex, string change)
    {
        _broken = true;
        DropLive();
        DeactivateOnIdle();
        Log.PersistFailed(_logger, ex, Id, change);
        return new SessionStorageException(
            $"Session '{Id}': the change '{change}' could not be persisted to grain storage '{GameBookOrleansDefaults.StorageName}' ({ex.GetType().Name}: {ex.Message}) and is not acknowledged. Retry with the same version once storage answers: the grain reloads its last persisted state.");
    }

    private void ThrowIfBroken()
    {
        if (_broken)
        {
            throw new SessionStorageException($"Session '{Id}' is reloading after a failed storage call; retry.");
        }
    }

    private void DropLive()
    {
        _session?.Dispose();
        _session = null;
        _after = null;
        _view = null;
    }

    private static SessionView Fail(SessionStatus status, string error) => new() { Status = status, Error = error };

    private static string Short(string fingerprint) => fingerprint.Length <= 12 ? fingerprint : fingerprint[..12];

    private static string? CurrentNode(SessionSnapshot snapshot)
    {
        var stack = snapshot.CallStack;
        return stack.Count == 0 ? null : stack[^1];
    }

    private static SessionStepView ToView(in StoryStep step, string? node)
    {
        switch (step.Kind)
        {
            case StepKind.Line:
                return new SessionStepView { Kind = SessionStepKind.Line, Node = node, Text = step.Line.Text, Character = step.Line.CharacterName };
            case StepKind.Options:
                var options = step.Options;
                var views = ImmutableArray.CreateBuilder<SessionOptionView>(options.Count);
                foreach (var option in options)
                {
                    views.Add(new SessionOptionView { Index = option.Index, Text = option.Text, IsAvailable = option.IsAvailable });
                }

                return new SessionStepView { Kind = SessionStepKind.Options, Node = node, Options = views.MoveToImmutable() };
            case StepKind.Command:
                return new SessionStepView { Kind = SessionStepKind.Command, Node = node, Text = step.Command.Text };
            case StepKind.Error:
                return new SessionStepView { Kind = SessionStepKind.Error, Node = node, Text = step.Error?.Message ?? "The session stopped with an error." };
            default:
                return new SessionStepView { Kind = SessionStepKind.End, Node = node };
        }
    }
}

using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>
/// Everything needed to continue a session exactly: variables (visit counts included), call stack, pending
/// options, random generator, saliency view counts and inventory. Taken by <see cref="StorySession.Save"/>
/// (cheap: no JSON), written and read with <see cref="ToJson()"/> / <see cref="FromJson(string)"/>, and resumed with
/// <see cref="Story.Restore"/>. Immutable and thread-safe.
/// </summary>
public sealed class SessionSnapshot
{
    /// <summary>
    /// The snapshot format this version writes. Version 4 names node-group members without a subtitle by content instead
    /// of position; version 3 named lines and once blocks by content, saved enum values by case name and recorded the
    /// story's content hash; version 2 added the integrity field. Older versions are still read (docs/saves.md, "Upgrading").
    /// </summary>
    public const int CurrentFormatVersion = 4;

    internal SessionSnapshot()
    {
    }

    /// <summary>The format version the snapshot was written in.</summary>
    public int FormatVersion { get; internal init; } = CurrentFormatVersion;

    /// <summary>The fingerprint of the story the session was playing.</summary>
    public string Fingerprint { get; internal init; } = string.Empty;

    /// <summary>The session state when saved.</summary>
    public SessionState State { get; internal init; }

    /// <summary>The unique names of the nodes on the call stack, outermost first.</summary>
    public IReadOnlyList<string> CallStack
    {
        get
        {
            var names = new string[Frames.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Frames[i].Node;
            }

            return names;
        }
    }

    /// <summary>The story the snapshot came from when taken in this process (lets a restore skip validation).</summary>
    internal Story? Source { get; init; }

    /// <summary>The story's content hash (format version 3; null before): ties a save to a story across renamed files.</summary>
    internal string? Content { get; init; }

    internal string[] VariableNames { get; init; } = [];

    /// <summary>Per variable read from JSON: the enum case name it was saved as (format version 3), else null. Empty: none.</summary>
    internal string?[] VariableCases { get; init; } = [];

    internal string[] VariableTypes { get; init; } = [];

    internal StoryValue[] VariableValues { get; init; } = [];

    internal SavedFrame[] Frames { get; init; } = [];

    internal StoryValue[] Stack { get; init; } = [];

    internal SavedOption[] Options { get; init; } = [];

    internal ulong[] Random { get; init; } = [];

    internal KeyValuePair<string, int>[] Views { get; init; } = [];

    internal KeyValuePair<string, int>[] Items { get; init; } = [];

    internal StoryErrorKind ErrorKind { get; init; }

    internal string? ErrorMessage { get; init; }

    /// <summary>
    /// A copy that restarts at the beginning of node <paramref name="uniqueNodeName"/> with no pending options,
    /// keeping variables, random state, views and inventory. For <see cref="ISaveMigrator"/> implementations
    /// whose saved position no longer exists.
    /// </summary>
    public SessionSnapshot WithRestartAt(string uniqueNodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueNodeName);
        return new SessionSnapshot
        {
            FormatVersion = FormatVersion,
            Fingerprint = Fingerprint,
            Content = Content,
            State = SessionState.Running,
            VariableNames = VariableNames,
            VariableTypes = VariableTypes,
            VariableValues = VariableValues,
            VariableCases = Cases(),
            Frames = [new SavedFrame(uniqueNodeName, null, 0)],
            Random = Random,
            Views = Views,
            Items = Items,
        };
    }

    /// <summary>
    /// A copy whose saved variable <paramref name="oldName"/> is restored as <paramref name="newName"/> (a renamed variable,
    /// or an internal once flag or visit count whose content moved). For <see cref="ISaveMigrator"/> implementations.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, the save has no variable <paramref name="oldName"/>, or already has <paramref name="newName"/>.</exception>
    public SessionSnapshot WithVariableRenamed(string oldName, string newName)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldName);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        var index = Array.IndexOf(VariableNames, oldName);
        if (index < 0)
        {
            throw new ArgumentException($"The save has no variable {oldName}.", nameof(oldName));
        }

        if (Array.IndexOf(VariableNames, newName) >= 0)
        {
            throw new ArgumentException($"The save already has a variable {newName}.", nameof(newName));
        }

        var names = (string[])VariableNames.Clone();
        names[index] = newName;
        return WithVariables(names, VariableTypes, VariableValues, Cases());
    }

    /// <summary>
    /// A copy without the saved variable <paramref name="name"/>: it restores with the story's initial value (a removed
    /// variable, or the seen state of removed content). Does nothing if the save has no such variable.
    /// For <see cref="ISaveMigrator"/> implementations.
    /// </summary>
    public SessionSnapshot WithoutVariable(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var index = Array.IndexOf(VariableNames, name);
        if (index < 0)
        {
            return this;
        }

        static T[] Without<T>(T[] items, int at) => items.Length <= at ? items : [.. items.Take(at), .. items.Skip(at + 1)];
        return WithVariables(Without(VariableNames, index), Without(VariableTypes, index), Without(VariableValues, index), Without(Cases(), index));
    }

    private SessionSnapshot WithVariables(string[] names, string[] types, StoryValue[] values, string?[] cases) => new()
    {
        FormatVersion = FormatVersion,
        Fingerprint = Fingerprint,
        Content = Content,
        State = State,
        VariableNames = names,
        VariableTypes = types,
        VariableValues = values,
        VariableCases = cases,
        Frames = Frames,
        Stack = Stack,
        Options = Options,
        Random = Random,
        Views = Views,
        Items = Items,
        ErrorKind = ErrorKind,
        ErrorMessage = ErrorMessage,
    };

    /// <summary>The enum case name of each variable: as read, or looked up in the story a snapshot taken in process came from.</summary>
    internal string?[] Cases() => VariableCases.Length == 0 && Source is not null ? CasesFrom(Source) : VariableCases;

    /// <summary>The enum case name of each variable (for a snapshot taken in process, whose values are raw).</summary>
    internal string?[] CasesFrom(Story story)
    {
        if (story.Program.Enums.IsEmpty)
        {
            return [];
        }

        var cases = new string?[VariableNames.Length];
        for (var i = 0; i < cases.Length; i++)
        {
            if (i < VariableTypes.Length && story.EnumByName(VariableTypes[i]) is { } e)
            {
                cases[i] = e.CaseOf(VariableValues[i]);
            }
        }

        return cases;
    }

    /// <summary>Writes the snapshot as JSON with a SHA-256 checksum of its content (System.Text.Json source generation; no reflection).</summary>
    public string ToJson() => SnapshotJson.Write(this, null);

    /// <summary>Writes the snapshot as JSON signed with <paramref name="key"/> (HMAC-SHA256), so only holders of the key can make saves <see cref="FromJson(string, SaveKey)"/> accepts.</summary>
    public string ToJson(SaveKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SnapshotJson.Write(this, key);
    }

    /// <summary>
    /// Reads a snapshot from JSON, checking its checksum. Never throws for bad input: malformed, hostile, truncated
    /// or edited JSON gives a failed result. Signed saves need <see cref="FromJson(string, SaveKey)"/>.
    /// </summary>
    public static SnapshotReadResult FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SnapshotJson.Read(json, null);
    }

    /// <summary>Reads a snapshot that must be signed with <paramref name="key"/>; unsigned or differently signed saves are refused.</summary>
    public static SnapshotReadResult FromJson(string json, SaveKey key)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(key);
        return SnapshotJson.Read(json, key);
    }
}

/// <summary>A saved call-stack frame; <see cref="Hash"/> is the node's content hash (null: restart at pc 0).</summary>
internal readonly record struct SavedFrame(string Node, string? Hash, int Pc);

/// <summary>A saved pending option: its line by ID, destination, availability and substitution values.</summary>
internal readonly record struct SavedOption(string Line, int Destination, bool Available, StoryValue[] Values);

/// <summary>The outcome of <see cref="SessionSnapshot.FromJson(string)"/>. Immutable.</summary>
public sealed class SnapshotReadResult
{
    internal SnapshotReadResult(SessionSnapshot? snapshot, string? error)
    {
        Snapshot = snapshot;
        Error = error;
    }

    /// <summary>True when <see cref="Snapshot"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Snapshot))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Snapshot is not null;

    /// <summary>The snapshot, on success.</summary>
    public SessionSnapshot? Snapshot { get; }

    /// <summary>Why reading failed.</summary>
    public string? Error { get; }
}

/// <summary>The outcome of <see cref="Story.Restore"/>. Immutable.</summary>
public sealed class RestoreResult
{
    internal RestoreResult(StorySession? session, string? error, bool migrated)
    {
        Session = session;
        Error = error;
        Migrated = migrated;
    }

    /// <summary>True when <see cref="Session"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Session))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Session is not null;

    /// <summary>The restored session, on success.</summary>
    public StorySession? Session { get; }

    /// <summary>Why the snapshot could not be restored.</summary>
    public string? Error { get; }

    /// <summary>True when an <see cref="ISaveMigrator"/> rewrote the snapshot first.</summary>
    public bool Migrated { get; }
}

/// <summary>
/// Rewrites a save whose position no longer exists in an edited story (a node on its call stack was removed
/// or changed). Called by <see cref="Story.Restore"/> at most once per restore. Must be thread-safe if shared.
/// </summary>
public interface ISaveMigrator
{
    /// <summary>Returns a snapshot that fits <paramref name="story"/> (e.g. via <see cref="SessionSnapshot.WithRestartAt"/>), or null to give up.</summary>
    /// <param name="snapshot">The snapshot that failed to restore.</param>
    /// <param name="story">The story being restored into.</param>
    /// <param name="reason">Why the snapshot does not fit.</param>
    SessionSnapshot? Migrate(SessionSnapshot snapshot, Story story, string reason);
}

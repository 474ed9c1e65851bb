using System.Collections.Immutable;

namespace GameBook.Orleans.Sessions;

/// <summary>What a session grain answered: a status, and on success the step the player sees now.</summary>
public enum SessionStatus
{
    /// <summary>The call succeeded; <see cref="SessionView.Step"/> is the current step.</summary>
    Ok,

    /// <summary>The grain holds no session (never started, or deleted).</summary>
    NotFound,

    /// <summary>Start or restore on a grain that already holds a session.</summary>
    AlreadyExists,

    /// <summary>The story is not in the silo's catalog.</summary>
    StoryNotFound,

    /// <summary>The call's arguments were refused (an option out of range or unavailable, nothing to choose, a line to advance past first, a bad start node).</summary>
    Invalid,

    /// <summary>The session changed since the version the caller passed: read it again and retry.</summary>
    Conflict,

    /// <summary>The snapshot could not be read, or it does not fit the story version the silo has and no migration took it.</summary>
    SaveRejected,

    /// <summary>The persisted session cannot be resumed on this silo's story version (the story was edited or removed): see the error.</summary>
    Unavailable,
}

/// <summary>The kind of a <see cref="SessionStepView"/>, mirroring the engine's step kinds.</summary>
public enum SessionStepKind
{
    /// <summary>A line to show; advance with <see cref="IStorySessionGrain.NextAsync"/>.</summary>
    Line,

    /// <summary>Options to choose from with <see cref="IStorySessionGrain.ChooseAsync"/>.</summary>
    Options,

    /// <summary>A command for the host; advance with <see cref="IStorySessionGrain.NextAsync"/>.</summary>
    Command,

    /// <summary>The story ended.</summary>
    End,

    /// <summary>The session stopped with a runtime error (the message is in <see cref="SessionStepView.Text"/>).</summary>
    Error,
}

/// <summary>A session grain's answer. Immutable, so thread-safe.</summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.SessionView")]
public sealed class SessionView
{
    /// <summary>Whether the call succeeded, and if not, why.</summary>
    [Id(0)]
    public SessionStatus Status { get; init; }

    /// <summary>What was wrong and what to do, when <see cref="Status"/> is not <see cref="SessionStatus.Ok"/>.</summary>
    [Id(1)]
    public string? Error { get; init; }

    /// <summary>The session's version: it grows by one with each persisted change. Pass it to the next state-changing call.</summary>
    [Id(2)]
    public long Version { get; init; }

    /// <summary>The story's catalog name.</summary>
    [Id(3)]
    public string? Story { get; init; }

    /// <summary>The step the player sees now (null when the call failed).</summary>
    [Id(4)]
    public SessionStepView? Step { get; init; }

    /// <summary>True when the session was resumed on an edited story version through a save migrator.</summary>
    [Id(5)]
    public bool Migrated { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="SessionStatus.Ok"/>.</summary>
    public bool IsOk => Status == SessionStatus.Ok;

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"v{Version} {Step}" : $"{Status}: {Error}";
}

/// <summary>One step of a session as it crosses the cluster. Immutable, so thread-safe.</summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.SessionStepView")]
public sealed class SessionStepView
{
    /// <summary>What kind of step it is.</summary>
    [Id(0)]
    public SessionStepKind Kind { get; init; }

    /// <summary>The unique name of the node the session is in (or ended in); null before it entered one.</summary>
    [Id(1)]
    public string? Node { get; init; }

    /// <summary>The line's text (with the character name), the command's text, or the error's message; empty otherwise.</summary>
    [Id(2)]
    public string Text { get; init; } = string.Empty;

    /// <summary>The speaking character of a line, if any.</summary>
    [Id(3)]
    public string? Character { get; init; }

    /// <summary>The options of an <see cref="SessionStepKind.Options"/> step, in order; empty otherwise.</summary>
    [Id(4)]
    public ImmutableArray<SessionOptionView> Options { get; init; } = [];

    /// <summary>How many of <see cref="Options"/> are available.</summary>
    public int AvailableCount
    {
        get
        {
            var count = 0;
            foreach (var option in Options)
            {
                count += option.IsAvailable ? 1 : 0;
            }

            return count;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SessionStepKind.Options => "options: " + string.Join(" | ", Options.Select(o => o.IsAvailable ? o.Text : "(" + o.Text + ")")),
        SessionStepKind.End => "end in " + Node,
        _ => Kind.ToString().ToLowerInvariant() + ": " + Text,
    };
}

/// <summary>One option of a <see cref="SessionStepView"/>. Immutable, so thread-safe.</summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.SessionOptionView")]
public sealed class SessionOptionView
{
    /// <summary>The index to pass to <see cref="IStorySessionGrain.ChooseAsync"/>.</summary>
    [Id(0)]
    public int Index { get; init; }

    /// <summary>The option's text.</summary>
    [Id(1)]
    public string Text { get; init; } = string.Empty;

    /// <summary>Whether its condition holds (an unavailable option cannot be chosen).</summary>
    [Id(2)]
    public bool IsAvailable { get; init; }
}

using System.Text;

namespace GameBook.Authoring.Playtesting;

/// <summary>How a playthrough finished.</summary>
public enum PlaythroughOutcome
{
    /// <summary>The story ended (in a node tagged as an ending or not: see <see cref="PlaythroughTranscript.EndNode"/>).</summary>
    Ended,

    /// <summary>It took <see cref="PlaytestOptions.MaxStepsPerPlaythrough"/> steps without ending.</summary>
    StepLimit,

    /// <summary>The story stopped with an error.</summary>
    StoryError,

    /// <summary>The choice strategy threw or chose an option that cannot be chosen.</summary>
    StrategyFailed,

    /// <summary>It did not return within the time bound (a host function or strategy that never returned), or was cancelled.</summary>
    Hung,
}

/// <summary>What a transcript entry records.</summary>
public enum TranscriptEntryKind
{
    /// <summary>The session entered a node (its unique name).</summary>
    Node,

    /// <summary>A line was shown (its text).</summary>
    Line,

    /// <summary>An option was offered (its text; <see cref="TranscriptEntry.IsAvailable"/> says whether it could be chosen).</summary>
    Option,

    /// <summary>The strategy chose an option (its text).</summary>
    Choice,

    /// <summary>An option set had no available option; the story fell through it.</summary>
    NoAvailableOption,

    /// <summary>The story issued a command for the host (its text); the playtester continued past it.</summary>
    Command,

    /// <summary>The story ended (the node it ended in).</summary>
    End,

    /// <summary>The playthrough stopped with a problem (its message).</summary>
    Problem,
}

/// <summary>One event of a replayed playthrough. Immutable and thread-safe.</summary>
public sealed class TranscriptEntry
{
    internal TranscriptEntry(TranscriptEntryKind kind, int step, string text, bool isAvailable = true)
    {
        Kind = kind;
        Step = step;
        Text = text;
        IsAvailable = isAvailable;
    }

    /// <summary>What happened.</summary>
    public TranscriptEntryKind Kind { get; }

    /// <summary>The step (1-based count of <c>Next</c> calls) it happened at.</summary>
    public int Step { get; }

    /// <summary>The text: line, option, command, node name or problem message.</summary>
    public string Text { get; }

    /// <summary>For <see cref="TranscriptEntryKind.Option"/>, whether it could be chosen.</summary>
    public bool IsAvailable { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TranscriptEntryKind.Node => $"[{Text}]",
        TranscriptEntryKind.Line => Text,
        TranscriptEntryKind.Option => IsAvailable ? $"  -> {Text}" : $"  -> {Text} (unavailable)",
        TranscriptEntryKind.Choice => $"  chose: {Text}",
        TranscriptEntryKind.NoAvailableOption => "  (no option available)",
        TranscriptEntryKind.Command => $"<<{Text}>>",
        TranscriptEntryKind.End => $"THE END ({Text})",
        _ => $"PROBLEM: {Text}",
    };
}

/// <summary>
/// Everything one playthrough did, from <see cref="Playtester.Replay"/>: the lines, options and choices in order,
/// and how it finished. Immutable and thread-safe.
/// </summary>
public sealed class PlaythroughTranscript
{
    internal PlaythroughTranscript(ulong seed, PlaythroughOutcome outcome, string? endNode, IReadOnlyList<PlaytestProblem> problems, IReadOnlyList<TranscriptEntry> entries, int steps, int selections)
    {
        Seed = seed;
        Outcome = outcome;
        EndNode = endNode;
        Problems = problems;
        Entries = entries;
        Steps = steps;
        Selections = selections;
    }

    /// <summary>The playthrough's seed.</summary>
    public ulong Seed { get; }

    /// <summary>How it finished.</summary>
    public PlaythroughOutcome Outcome { get; }

    /// <summary>For <see cref="PlaythroughOutcome.Ended"/>, the unique name of the node it ended in.</summary>
    public string? EndNode { get; }

    /// <summary>Its problems, as a playtest run reports them (with <see cref="PlaytestProblem.Playthrough"/> -1).</summary>
    public IReadOnlyList<PlaytestProblem> Problems { get; }

    /// <summary>What happened, in order.</summary>
    public IReadOnlyList<TranscriptEntry> Entries { get; }

    /// <summary>Steps taken.</summary>
    public int Steps { get; }

    /// <summary>Options chosen.</summary>
    public int Selections { get; }

    /// <summary>The transcript as text, one entry a line, headed by the seed and outcome.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("Playthrough seed ").Append(Seed).Append(": ").Append(Outcome);
        if (EndNode is not null)
        {
            text.Append(" in ").Append(EndNode);
        }

        text.Append(", ").Append(Steps).Append(" steps, ").Append(Selections).AppendLine(" selections");
        foreach (var entry in Entries)
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"seed {Seed}: {Outcome}";
}

namespace GameBook.Runtime;

/// <summary>
/// One unit of story output returned by <see cref="StorySession.Next"/>. Only the member matching
/// <see cref="Kind"/> is meaningful. An immutable value; the option set it holds is valid until the
/// session's next <c>Next</c> or <c>Choose</c>.
/// </summary>
public readonly struct StoryStep
{
    private StoryStep(StepKind kind, StoryLine line, OptionSet options, StoryCommand command, StoryError? error)
    {
        Kind = kind;
        Line = line;
        Options = options;
        Command = command;
        Error = error;
    }

    /// <summary>What this step delivers.</summary>
    public StepKind Kind { get; }

    /// <summary>The line, for <see cref="StepKind.Line"/>.</summary>
    public StoryLine Line { get; }

    /// <summary>The options, for <see cref="StepKind.Options"/>.</summary>
    public OptionSet Options { get; }

    /// <summary>The command, for <see cref="StepKind.Command"/>.</summary>
    public StoryCommand Command { get; }

    /// <summary>The error, for <see cref="StepKind.Error"/>.</summary>
    public StoryError? Error { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        StepKind.Line => $"Line: {Line.Text}",
        StepKind.Options => $"Options: {Options.Count}",
        StepKind.Command => $"Command: {Command.Text}",
        StepKind.Error => $"Error: {Error?.Message}",
        _ => "End",
    };

    internal static StoryStep ForLine(in StoryLine line) => new(StepKind.Line, line, default, default, null);

    internal static StoryStep ForOptions(OptionSet options) => new(StepKind.Options, default, options, default, null);

    internal static StoryStep ForCommand(StoryCommand command) => new(StepKind.Command, default, default, command, null);

    internal static StoryStep ForEnd() => new(StepKind.End, default, default, default, null);

    internal static StoryStep ForError(StoryError error) => new(StepKind.Error, default, default, default, error);
}

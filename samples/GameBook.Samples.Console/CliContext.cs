namespace GameBook.Samples.Console;

/// <summary>
/// What every command of the <c>gamebook</c> tool runs with: its input and output, whether the output is a colour
/// terminal, where the bundled stories are, and the Ctrl+C signal. Not thread-safe; one invocation uses it.
/// </summary>
public sealed class CliContext
{
    /// <summary>Creates a context over the given streams.</summary>
    public CliContext(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Input = input;
        Output = output;
        Error = error;
    }

    /// <summary>Where the player's answers come from.</summary>
    public TextReader Input { get; }

    /// <summary>Where results go.</summary>
    public TextWriter Output { get; }

    /// <summary>Where errors and live progress go.</summary>
    public TextWriter Error { get; }

    /// <summary>The output is a terminal that shows colours (false when redirected or <c>NO_COLOR</c> is set).</summary>
    public bool UseColor { get; init; }

    /// <summary>The output is a terminal (play wraps to its width).</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>The input is not a terminal, so <c>play</c> writes each answer after its prompt for a readable record.</summary>
    public bool EchoInput { get; init; }

    /// <summary>The error stream is a terminal, so live progress may redraw one line in place.</summary>
    public bool LiveProgress { get; init; }

    /// <summary>The terminal's width in columns; null lets the output decide (80 when it is not a terminal).</summary>
    public int? Width { get; init; }

    /// <summary>Where the bundled stories live; null means <c>stories/</c> beside the program.</summary>
    public string? BundledStoriesDirectory { get; init; }

    /// <summary>Cancelled when the user presses Ctrl+C during a long command (test, explore).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The clock for elapsed times and rates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

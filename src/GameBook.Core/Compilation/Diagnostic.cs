using System.Globalization;

namespace GameBook.Compilation;

/// <summary>
/// One problem found while compiling: a stable code from <see cref="DiagnosticCodes"/>, a severity, where it
/// is, and a message that says what was wrong and what to change. Immutable and thread-safe.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>
    /// Creates a diagnostic. The compiler makes its own; tools that check stories (such as GameBook.Authoring's
    /// analysis) use this so hosts print their findings exactly like compiler diagnostics.
    /// </summary>
    /// <param name="code">A stable code such as <c>GB0007</c>; tools use their own range (analysis: <c>GB1xxx</c>).</param>
    /// <param name="severity">How serious it is.</param>
    /// <param name="file">The file's path, as given in <see cref="StorySource.Path"/>.</param>
    /// <param name="range">Where in the file (1-based).</param>
    /// <param name="message">What was wrong and what to do about it.</param>
    /// <exception cref="ArgumentNullException">A string argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty, or <paramref name="range"/> is not 1-based.</exception>
    public Diagnostic(string code, DiagnosticSeverity severity, string file, SourceRange range, string message)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(message);
        if (code.Length == 0 || message.Length == 0)
        {
            throw new ArgumentException("A diagnostic needs a code and a message.", code.Length == 0 ? nameof(code) : nameof(message));
        }

        if (range.StartLine < 1 || range.StartColumn < 1 || range.EndLine < range.StartLine || range.EndColumn < 1)
        {
            throw new ArgumentException($"The range {range} is not a 1-based range whose end does not precede its start.", nameof(range));
        }

        Code = code;
        Severity = severity;
        File = file;
        Range = range;
        Message = message;
    }

    /// <summary>The stable code, such as <c>GB0007</c>.</summary>
    public string Code { get; }

    /// <summary>How serious it is.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>The path of the file it is in, as given in <see cref="StorySource.Path"/>.</summary>
    public string File { get; }

    /// <summary>Where in the file it is.</summary>
    public SourceRange Range { get; }

    /// <summary>What was wrong and what to do about it.</summary>
    public string Message { get; }

    /// <summary>Formats as <c>path(line,col): error GB0007: message</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{File}({Range.StartLine},{Range.StartColumn}): {Severity.ToString().ToLowerInvariant()} {Code}: {Message}");
}

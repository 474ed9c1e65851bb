using System.Globalization;

namespace GameBook.Compilation;

/// <summary>
/// One problem found while compiling: a stable code from <see cref="DiagnosticCodes"/>, a severity, where it
/// is, and a message that says what was wrong and what to change. Immutable and thread-safe.
/// </summary>
public sealed class Diagnostic
{
    internal Diagnostic(string code, DiagnosticSeverity severity, string file, SourceRange range, string message)
    {
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

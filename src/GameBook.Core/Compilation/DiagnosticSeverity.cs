namespace GameBook.Compilation;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Information only.</summary>
    Info,

    /// <summary>Probably a mistake, but the story compiles.</summary>
    Warning,

    /// <summary>The story cannot be compiled.</summary>
    Error,
}

using System.Collections.Immutable;
using GameBook.Runtime;

namespace GameBook.Compilation;

/// <summary>The outcome of a compilation: the story (when there were no errors) and every diagnostic. Immutable and thread-safe.</summary>
public sealed class CompilationResult
{
    internal CompilationResult(Story? story, ImmutableArray<Diagnostic> diagnostics)
    {
        Story = story;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>The compiled story, or null when <see cref="HasErrors"/> is true.</summary>
    public Story? Story { get; }

    /// <summary>Every error, warning and note, ordered by file and position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when at least one diagnostic is an error (and <see cref="Story"/> is null).</summary>
    public bool HasErrors { get; }
}

using System.Collections.Immutable;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// The outcome of <see cref="StoryAnalyzer"/>: diagnostics (analysis warnings, plus the compiler's when the
/// analysis started from sources), the section-number grid, and the checks that could not run. Immutable and
/// thread-safe.
/// </summary>
public sealed class AnalysisReport
{
    internal AnalysisReport(Story? story, ImmutableArray<Diagnostic> diagnostics, SectionGrid sections, ImmutableArray<SkippedCheck> skippedChecks)
    {
        Story = story;
        Diagnostics = diagnostics;
        Sections = sections;
        SkippedChecks = skippedChecks;
        HasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>The analyzed story; null when it was analyzed from sources that did not compile.</summary>
    public Story? Story { get; }

    /// <summary>Every diagnostic, ordered by file (in source order) and position; print them like the compiler's.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Which section numbers are taken and which are free.</summary>
    public SectionGrid Sections { get; }

    /// <summary>Checks that did not run, or ran only in part, and why (for example unreachable nodes when jumps are computed).</summary>
    public ImmutableArray<SkippedCheck> SkippedChecks { get; }

    /// <summary>True when a diagnostic is an error (only compiler errors are; analysis reports warnings).</summary>
    public bool HasErrors { get; }
}

/// <summary>A check that could not run on a story, with the reason. Immutable and thread-safe.</summary>
/// <param name="Code">The check's code, such as <c>GB1001</c>.</param>
/// <param name="Reason">Why it did not run, and what would let it.</param>
public sealed record SkippedCheck(string Code, string Reason);

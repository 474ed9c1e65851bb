using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// Static analysis of a story: warnings with stable <c>GB1xxx</c> codes (see <see cref="AnalysisCodes"/>) for
/// unreachable nodes, dead ends, unused and unread variables, options that can never be available, jumps to
/// empty nodes and gaps in section numbering, plus the section-number grid. Runs on the story's
/// <see cref="Story.Outline"/>; fast enough to run on every save in an editor. Never throws for bad story
/// input. Thread-safe: analyses share no state, so any number may run in parallel on one story.
/// </summary>
#pragma warning disable RS0026 // Two entry points (compiled story, sources), each with optional settings: the shape hosts expect.
public static class StoryAnalyzer
{
    /// <summary>Analyzes a compiled story.</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Checks to switch off, extra entry nodes, host variables; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The analysis warnings (sorted by file and position) and the section grid.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options name an unknown check or an entry node the story lacks.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AnalysisReport Analyze(Story story, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        if (story.Outline is null)
        {
            throw new ArgumentException(
                "The story has no outline to analyze: compile it with new CompileOptions { IncludeOutline = true }, or call the overload that takes the sources.",
                nameof(story));
        }

        options ??= new AnalysisOptions();
        options.Validate();
        var run = new AnalysisRun(story.Outline, options, cancellationToken);
        run.Run();
        return new AnalysisReport(story, run.SortedDiagnostics(), run.Sections, run.Skipped.ToImmutable());
    }

    /// <summary>
    /// Compiles the sources (with an outline) and analyzes the story: the report's diagnostics are the compiler's
    /// and the analysis warnings in one list, ordered by file and position. When compilation fails, the report
    /// holds the compiler's diagnostics only and <see cref="AnalysisReport.Story"/> is null.
    /// </summary>
    /// <param name="sources">The story's files, in order.</param>
    /// <param name="compileOptions">Library and limits for the compiler; null uses the defaults. <see cref="CompileOptions.IncludeOutline"/> is set either way.</param>
    /// <param name="options">Checks to switch off, extra entry nodes, host variables; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>Compiler diagnostics plus analysis warnings, and the section grid.</returns>
    /// <exception cref="ArgumentException">The options name an unknown check, or an entry node the story lacks.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AnalysisReport Analyze(IEnumerable<StorySource> sources, CompileOptions? compileOptions = null, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new AnalysisOptions();
        options.Validate();
        var list = sources.ToList();
        var compile = compileOptions is null
            ? new CompileOptions { IncludeOutline = true }
            : new CompileOptions
            {
                Library = compileOptions.Library,
                MaxNestingDepth = compileOptions.MaxNestingDepth,
                TrackAllVisits = compileOptions.TrackAllVisits,
                MeterFactory = compileOptions.MeterFactory,
                IncludeOutline = true,
            };
        var result = StoryCompiler.Compile(list, compile);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Story?.Outline is not { } outline)
        {
            return new AnalysisReport(null, result.Diagnostics, SectionGrid.Empty,
                [.. AnalysisCodes.Rules.Select(r => new SkippedCheck(r.Code, "The story did not compile: fix the compiler's errors, then this check runs."))]);
        }

        var run = new AnalysisRun(outline, options, cancellationToken);
        run.Run();
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in list)
        {
            fileOrder.TryAdd(s.Path, fileOrder.Count);
        }

        var all = AnalysisRun.Sort(result.Diagnostics.Concat(run.Diagnostics), fileOrder);
        return new AnalysisReport(result.Story, all, run.Sections, run.Skipped.ToImmutable());
    }
}
#pragma warning restore RS0026

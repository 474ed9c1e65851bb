using System.Diagnostics.Metrics;
using GameBook.Library;

namespace GameBook.Compilation;

/// <summary>
/// Settings for <see cref="StoryCompiler"/>. Not thread-safe while being configured; do not change an
/// instance while a compilation uses it.
/// </summary>
public sealed class CompileOptions
{
    /// <summary>The default for <see cref="MaxNestingDepth"/>.</summary>
    public const int DefaultMaxNestingDepth = 128;

    /// <summary>Built-in functions plus the host's functions and commands; calls are checked against it.</summary>
    public FunctionLibrary Library { get; init; } = new();

    /// <summary>How deeply blocks, options and parentheses may nest; deeper nesting is reported, not a crash.</summary>
    public int MaxNestingDepth { get; init; } = DefaultMaxNestingDepth;

    /// <summary>Give every node a visit-count slot, even when no story code reads its visits.</summary>
    public bool TrackAllVisits { get; init; }

    /// <summary>
    /// Also build <see cref="Runtime.Story.Outline"/>, the read-only map of the story's structure that authoring
    /// tools (static analysis, editors) read. Off by default: games that only play stories do not pay for it.
    /// </summary>
    public bool IncludeOutline { get; init; }

    /// <summary>Where the compile-duration metric is recorded; null uses the shared process-wide meter.</summary>
    public IMeterFactory? MeterFactory { get; init; }
}

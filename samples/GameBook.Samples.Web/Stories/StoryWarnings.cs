using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Stories;

/// <summary>
/// GameBook.Authoring's static analysis warnings (GB1xxx) of a compiled story, computed once per story version (a
/// reload compiles a new <see cref="Story"/>, so its warnings are computed anew). Thread-safe.
/// </summary>
internal static class StoryWarnings
{
    private static readonly ConditionalWeakTable<Story, Holder> Cache = [];

    /// <summary>The story's analysis warnings; empty when it was compiled without an outline.</summary>
    public static ImmutableArray<Diagnostic> For(Story story) =>
        story.Outline is null ? [] : Cache.GetValue(story, static s => new Holder(StoryAnalyzer.Analyze(s).Diagnostics)).Warnings;

    private sealed class Holder(ImmutableArray<Diagnostic> warnings)
    {
        public ImmutableArray<Diagnostic> Warnings { get; } = warnings;
    }
}

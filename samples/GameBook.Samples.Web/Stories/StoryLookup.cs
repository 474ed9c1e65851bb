using System.Diagnostics.CodeAnalysis;
using GameBook.Compilation;
using GameBook.Hosting;
using GameBook.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web.Stories;

/// <summary>
/// Finds the story a request names, telling apart a name the catalog does not have (404 <c>unknown-story</c>) from a
/// story it has but cannot serve because no compilation of it succeeded (409 <c>story-has-errors</c>, with its first
/// error). Every endpoint that takes a story name asks here, so they all answer alike. Thread-safe.
/// </summary>
internal static class StoryLookup
{
    /// <summary>Whether <paramref name="name"/> is a story of the catalog, compiled or not.</summary>
    public static bool IsKnown(IStoryCatalog catalog, string name) =>
        catalog.TryGetStory(name, out _) || catalog.Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The served version of story <paramref name="name"/>, or the problem to answer with.</summary>
    public static bool TryGet(IStoryCatalog catalog, string name, [NotNullWhen(true)] out Story? story, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        if (catalog.TryGetStory(name, out story))
        {
            problem = null;
            return true;
        }

        var shown = name.Length <= 100 ? name : string.Concat(name.AsSpan(0, 100), "…");
        var errors = catalog.GetDiagnostics(name).Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
        problem = errors.Length > 0 && catalog.Names.Contains(name, StringComparer.Ordinal)
            ? StoryServerProblems.StoryNotCompiled(shown, errors.Length, errors[0].ToString())
            : StoryServerProblems.StoryNotFound(shown);
        return false;
    }
}

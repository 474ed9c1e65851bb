using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GameBook.Compilation;
using GameBook.Hosting;
using GameBook.Runtime;
using GameBook.Samples.Web.Sessions;
using GameBook.Values;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web.Stories;

/// <summary>The <c>/api/stories</c> endpoints: the catalog's stories with their nodes, variables and diagnostics. Thread-safe.</summary>
internal static class StoryEndpoints
{
    public static RouteGroupBuilder MapStoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/stories").WithTags("Stories");
        group.MapGet("/", List).WithName("ListStories").WithSummary("The stories this server serves");
        group.MapGet("/{name}", Get).WithName("GetStory").WithSummary("A story's nodes, variables, diagnostics and warnings")
            .ProducesProblem(404);
        return group;
    }

    private static Ok<StorySummaryDto[]> List(IStoryCatalog catalog)
    {
        var names = catalog.Names;
        var list = new List<StorySummaryDto>(names.Count);
        foreach (var name in names)
        {
            var hasErrors = HasErrors(catalog.GetDiagnostics(name));
            list.Add(catalog.TryGetStory(name, out var story)
                ? new StorySummaryDto(name, story.Fingerprint, story.Nodes.Count, EntryNodes(story), hasErrors, Playable: true)
                : new StorySummaryDto(name, null, 0, [], HasErrors: true, Playable: false));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return TypedResults.Ok(list.ToArray());
    }

    private static Results<Ok<StoryDetailDto>, ProblemHttpResult> Get(string name, IStoryCatalog catalog)
    {
        var diagnostics = catalog.GetDiagnostics(name);
        var all = diagnostics.IsDefault ? [] : diagnostics.Select(ToDto).ToArray();
        if (!catalog.TryGetStory(name, out var story))
        {
            // A story that never compiled: its diagnostics are what its author needs.
            return StoryLookup.IsKnown(catalog, name)
                ? TypedResults.Ok(new StoryDetailDto(name, null, Playable: false, [], [], [], all, []))
                : StoryServerProblems.StoryNotFound(name.Length <= 100 ? name : name[..100]);
        }

        var warnings = StoryWarnings.For(story).Select(ToDto).ToArray();
        var nodes = story.Nodes.Select(static n => new StoryNodeDto(n.Name, n.UniqueName, n.Section, Tags(n.Tags), n.IsEnding)).ToArray();
        var variables = story.Variables.Select(static v => new StoryVariableDto(v.Name, v.Type.Name, v.IsSmart ? null : ToJson(v.InitialValue))).ToArray();
        return TypedResults.Ok(new StoryDetailDto(name, story.Fingerprint, Playable: true, EntryNodes(story), nodes, variables, all, warnings));
    }

    private static string[] EntryNodes(Story story) => story.ContainsNode(SessionService.StartNode) ? [SessionService.StartNode] : [];

    private static bool HasErrors(ImmutableArray<Diagnostic> diagnostics) =>
        !diagnostics.IsDefault && diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error);

    private static ImmutableArray<string> Tags(ImmutableArray<string> tags) => tags.IsDefault ? [] : tags;

    private static DiagnosticDto ToDto(Diagnostic d) => new(
        d.Code, d.Severity.ToString().ToLowerInvariant(), d.File, d.Range.StartLine, d.Range.StartColumn, d.Range.EndLine, d.Range.EndColumn, d.Message);

    private static JsonValue? ToJson(StoryValue value) => value.Kind switch
    {
        ValueKind.Number => JsonValue.Create(value.AsNumber),
        ValueKind.Bool => JsonValue.Create(value.AsBool),
        ValueKind.String => JsonValue.Create(value.AsString),
        _ => null,
    };
}

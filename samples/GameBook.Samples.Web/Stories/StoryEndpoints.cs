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
        var stories = catalog.Stories;
        var list = new List<StorySummaryDto>(stories.Count);
        foreach (var (name, story) in stories)
        {
            list.Add(new StorySummaryDto(name, story.Fingerprint, story.Nodes.Count, EntryNodes(story), HasErrors(catalog.GetDiagnostics(name))));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return TypedResults.Ok(list.ToArray());
    }

    private static Results<Ok<StoryDetailDto>, ProblemHttpResult> Get(string name, IStoryCatalog catalog)
    {
        if (!catalog.TryGetStory(name, out var story))
        {
            return StoryServerProblems.StoryNotFound(name.Length <= 100 ? name : name[..100]);
        }

        var diagnostics = catalog.GetDiagnostics(name);
        var all = diagnostics.IsDefault ? [] : diagnostics.Select(ToDto).ToArray();
        var warnings = diagnostics.IsDefault ? [] : diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Warning).Select(ToDto).ToArray();
        var nodes = story.Nodes.Select(static n => new StoryNodeDto(n.Name, n.UniqueName, n.Section, Tags(n.Tags), n.IsEnding)).ToArray();
        var variables = story.Variables.Select(static v => new StoryVariableDto(v.Name, v.Type.Name, v.IsSmart ? null : ToJson(v.InitialValue))).ToArray();
        return TypedResults.Ok(new StoryDetailDto(name, story.Fingerprint, EntryNodes(story), nodes, variables, all, warnings));
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

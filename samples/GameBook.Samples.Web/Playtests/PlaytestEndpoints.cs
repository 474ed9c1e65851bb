using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web.Playtests;

/// <summary>The playtest endpoints: start a batch on a story, poll it, fetch its report, cancel it. Thread-safe.</summary>
internal static class PlaytestEndpoints
{
    public static IEndpointRouteBuilder MapPlaytestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/stories/{name}/playtests", StartAsync).WithTags("Playtests")
            .WithName("StartPlaytest").WithSummary("Starts an automated playtest batch on the worker pool")
            .Accepts<StartPlaytestRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503);

        var group = routes.MapGroup("/api/playtests").WithTags("Playtests");
        group.MapGet("/{id}", (string id, PlaytestService playtests) => playtests.Get(id))
            .WithName("GetPlaytest").WithSummary("A playtest's state and progress").ProducesProblem(404);
        group.MapGet("/{id}/report", (string id, PlaytestService playtests) => playtests.GetReport(id))
            .WithName("GetPlaytestReport").WithSummary("A completed playtest's report")
            .Produces(200, contentType: "application/json").ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("/{id}", (string id, PlaytestService playtests) => playtests.Cancel(id))
            .WithName("CancelPlaytest").WithSummary("Cancels a playtest").ProducesProblem(404);
        return routes;
    }

    private static async Task<Results<Accepted<PlaytestStartedDto>, ProblemHttpResult>> StartAsync(
        string name, HttpRequest request, StoryServerJsonBody body, PlaytestService playtests, CancellationToken cancellationToken)
    {
        var (value, problem) = await body.ReadAsync(request, StoryServerJsonContext.Default.StartPlaytestRequest, cancellationToken).ConfigureAwait(false);
        return problem ?? playtests.Start(name, value!);
    }
}

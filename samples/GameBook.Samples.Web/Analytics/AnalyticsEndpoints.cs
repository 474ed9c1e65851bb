using GameBook.Hosting;
using GameBook.Samples.Web.Stories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web.Analytics;

/// <summary>The <c>/api/analytics</c> endpoints: live per-story counts as JSON (the whole cluster's with the Orleans store). Read-only. Thread-safe.</summary>
internal static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapGet("/stories/{name}", Get).WithName("GetStoryAnalytics")
            .WithSummary("Sessions started, endings reached, where players stopped and how often each option was chosen")
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(503);
        return group;
    }

    private static async Task<Results<Ok<StoryAnalyticsDto>, ProblemHttpResult>> Get(string name, IStoryAnalyticsReader analytics, IStoryCatalog catalog, CancellationToken cancellationToken)
    {
        StoryAnalyticsDto? counts;
        try
        {
            counts = await analytics.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (analytics.IsClusterWide && ex is not OperationCanceledException)
        {
            return StoryServerProblems.StorageDown($"the cluster's story analytics: {ex.Message}");
        }

        if (counts is not null)
        {
            return TypedResults.Ok(counts);
        }

        return StoryLookup.IsKnown(catalog, name)
            ? TypedResults.Ok(StoryAnalytics.Empty(name))
            : StoryServerProblems.StoryNotFound(name.Length <= 100 ? name : name[..100]);
    }
}

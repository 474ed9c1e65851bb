using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// The dashboard's read-only APIs: <c>GET /api/dashboard</c> (one snapshot) and <c>GET /api/dashboard/stream</c>
/// (server-sent events, one snapshot per event). Access is checked before them by the dashboard guard
/// (<see cref="DashboardAccess"/>). Stateless; thread-safe.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The SSE event type of a snapshot.</summary>
    internal const string SnapshotEvent = "snapshot";

    /// <summary>Maps the dashboard's APIs.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The group, for further conventions.</returns>
    public static RouteGroupBuilder MapDashboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(OperationsDefaults.DashboardApiPath).WithTags("Operations");
        _ = group.MapGet(string.Empty, GetSnapshot)
            .WithName("GetDashboardSnapshot")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("One snapshot of the operations dashboard: CPU, memory, alerts, health, every instrument's series, breakers and requests.");
        _ = group.MapGet("/stream", Stream)
            .WithName("StreamDashboardSnapshots")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Server-sent events: the first event carries `window` seconds of history, later ones the last few seconds (merge points by timestamp).");
        _ = group.MapGet("/stories/{name}/graph", GetStoryGraph)
            .WithName("GetStoryGraph")
            .Produces<StoryGraph>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A story's nodes and the destination of each option (found by running the engine from every node), for the analytics graph.");
        return group;
    }

    /// <summary>The story graph of the catalog's story <paramref name="name"/>.</summary>
    internal static Results<JsonHttpResult<StoryGraph>, ProblemHttpResult> GetStoryGraph(string name, StoryGraphBuilder graphs, IServiceProvider services)
    {
        if (services.GetService<GameBook.Hosting.IStoryCatalog>() is { } catalog
            && !GameBook.Samples.Web.Stories.StoryLookup.TryGet(catalog, name, out _, out var missing))
        {
            return missing;
        }

        if (graphs.Get(name) is not { } graph)
        {
            return TypedResults.Problem(
                detail: $"There is no story named '{Truncate(name)}'. GET /api/stories lists the stories this server has.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown story",
                type: OperationsProblems.UnknownStory);
        }

        return TypedResults.Json(graph, StoryGraphJsonContext.Default.StoryGraph);
    }

    /// <summary>Snapshot with <c>?window=</c> seconds of history (10 to the dashboard's history; default 300).</summary>
    internal static Results<FileContentHttpResult, ProblemHttpResult> GetSnapshot(
        string? window, OperationsSnapshotWriter writer, IOptions<OperationsOptions> options, HttpContext context)
    {
        if (!TryParseWindow(window, options.Value.Dashboard, out var span, out var problem))
        {
            return problem;
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(writer.Write(span), "application/json; charset=utf-8");
    }

    /// <summary>The event stream; ends when the client goes away or the host stops.</summary>
    internal static Results<ServerSentEventsResult<string>, ProblemHttpResult> Stream(
        string? window,
        OperationsSnapshotWriter writer,
        IOptions<OperationsOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        HttpContext context)
    {
        var dashboard = options.Value.Dashboard;
        if (!TryParseWindow(window, dashboard, out var first, out var problem))
        {
            return problem;
        }

        // Later events overlap by a few seconds, so a client that merges by timestamp never misses a closed second.
        var later = TimeSpan.FromSeconds(Math.Max(5, Math.Ceiling(dashboard.StreamInterval.TotalSeconds * 3)));
        var events = Events(writer, first, later, dashboard.StreamInterval, timeProvider, loggers.CreateLogger(typeof(DashboardEndpoints).FullName!), context.RequestAborted, lifetime.ApplicationStopping);
        return TypedResults.ServerSentEvents(events);
    }

    internal static bool TryParseWindow(string? text, DashboardStreamOptions options, out TimeSpan window, out ProblemHttpResult problem)
    {
        problem = null!;
        window = options.DefaultWindow;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var max = (int)options.HistoryWindow.TotalSeconds;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 10 || seconds > max)
        {
            problem = TypedResults.Problem(
                detail: $"The query parameter 'window' must be a whole number of seconds from 10 to {max}; got '{Truncate(text)}'.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid dashboard window",
                type: OperationsProblems.InvalidWindow);
            return false;
        }

        window = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        OperationsSnapshotWriter writer,
        TimeSpan first,
        TimeSpan later,
        TimeSpan interval,
        TimeProvider timeProvider,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken requestAborted,
        CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var token = linked.Token;
        long id = 0;
        yield return Event(writer, first, ++id, reconnect: true);
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await TickAsync(timer, logger, token).ConfigureAwait(false))
        {
            yield return Event(writer, later, ++id, reconnect: false);
        }
    }

    private static SseItem<string> Event(OperationsSnapshotWriter writer, TimeSpan window, long id, bool reconnect)
    {
        var item = new SseItem<string>(Encoding.UTF8.GetString(writer.Write(window)), SnapshotEvent)
        {
            EventId = id.ToString(CultureInfo.InvariantCulture),
        };
        return reconnect ? item with { ReconnectionInterval = TimeSpan.FromSeconds(2) } : item;
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, ILogger logger, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException exception)
        {
            Log.DashboardStreamFailed(logger, exception);
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}

/// <summary>The stable <c>type</c> of each problem the operations endpoints answer with. Constants only.</summary>
internal static class OperationsProblems
{
    /// <summary>401: the dashboard key is missing or wrong.</summary>
    public const string DashboardKeyRequired = "https://gamebook.dev/problems/dashboard-key-required";

    /// <summary>404: the dashboard is disabled (outside Development without a configured key).</summary>
    public const string DashboardDisabled = "https://gamebook.dev/problems/dashboard-disabled";

    /// <summary>400: the <c>window</c> query parameter is not a number of seconds in range.</summary>
    public const string InvalidWindow = "https://gamebook.dev/problems/invalid-dashboard-window";

    /// <summary>404: no story of that name (the same type as the story API's).</summary>
    public const string UnknownStory = "https://gamebook.dev/problems/unknown-story";

    /// <summary>404: a page file is missing from wwwroot (a broken deployment).</summary>
    public const string PageMissing = "https://gamebook.dev/problems/page-missing";
}

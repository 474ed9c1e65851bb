using System.Net;
using System.Text.Json.Nodes;
using GameBook.Samples.Web.Sessions;
using GameBook.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// The story server with <c>StoryServer:Sessions:Store = Orleans</c>: the server joins an Orleans cluster as a silo and
/// keeps its sessions in GameBook.Orleans session grains. Without Redis: localhost clustering and in-memory grain
/// storage. With Debian's redis-server: two servers sharing one cluster, and Redis killed mid-run.
/// </summary>
public sealed class OrleansStoreApiTests : IDisposable
{
    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [Fact]
    public async Task OrleansStore_OnADeveloperMachine_PlaysSavesRestoresAndDeletes_LikeTheMemoryStore()
    {
        using var memory = StoryServerFactory.WithStories(_stories);
        using var orleans = OrleansServer(_stories, "dev-" + Guid.NewGuid().ToString("N")[..8], redis: null);
        var memoryClient = memory.CreateClient();
        var client = orleans.CreateClient();
        Assert.IsType<OrleansSessionStore>(orleans.Services.GetRequiredService<ISessionStore>());

        var expected = await PlayAsync(memoryClient, await CreateAsync(memoryClient, "trial", seed: 3), Last);
        var session = await CreateAsync(client, "trial", seed: 3);
        var played = await PlayAsync(client, session, Last);
        Assert.Equal(Texts(expected), Texts(played));

        var other = await CreateAsync(client, "trial", seed: 5);
        await AdvanceAsync(client, other);
        var save = await SaveAsync(client, other);
        var (status, restored) = await SendAsync(client, Request(HttpMethod.Post, "/api/sessions/restore", body: new JsonObject { ["story"] = "trial", ["snapshot"] = JsonNode.Parse(save) }));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((await GetAsync(client, other)).Body.ToJsonString(), restored["step"]!.ToJsonString());

        var (deleted, _) = await SendAsync(client, Request(HttpMethod.Delete, $"/api/sessions/{other.Id}", other));
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, other)).Status);
    }

    [Fact]
    public void AnUnknownStore_OrBadOrleansSettings_StopTheStart_NamingTheSetting()
    {
        using var unknown = StoryServerFactory.WithStories(_stories);
        unknown.Settings["StoryServer:Sessions:Store"] = "Cassandra";
        var store = Assert.ThrowsAny<Exception>(() => unknown.CreateClient());
        Assert.Contains("StoryServer:Sessions:Store must be Memory or Orleans", Flatten(store), StringComparison.Ordinal);

        using var noRedis = StoryServerFactory.WithStories(_stories);
        noRedis.Settings["StoryServer:Sessions:Store"] = "Orleans";
        noRedis.Settings["GameBook:Orleans:Storage"] = "Redis";
        var redis = Assert.ThrowsAny<Exception>(() => noRedis.CreateClient());
        Assert.Contains("GameBook:Orleans:RedisConnectionString is required", Flatten(redis), StringComparison.Ordinal);
    }

    [Fact]
    public void TheIssuesSpelling_SessionsStore_PicksTheStoreToo_AndAConflictWithStoryServerSessionsStoreIsNamed()
    {
        using var alias = StoryServerFactory.WithStories(_stories);
        alias.Settings["Sessions:Store"] = "memory";
        alias.CreateClient();
        Assert.IsType<InMemorySessionStore>(alias.Services.GetRequiredService<ISessionStore>());

        using var unknown = StoryServerFactory.WithStories(_stories);
        unknown.Settings["Sessions:Store"] = "Cassandra";
        Assert.Contains("must be Memory or Orleans, not 'Cassandra'", Flatten(Assert.ThrowsAny<Exception>(() => unknown.CreateClient())), StringComparison.Ordinal);

        using var conflict = StoryServerFactory.WithStories(_stories);
        conflict.Settings["Sessions:Store"] = "Memory";
        conflict.Settings["StoryServer:Sessions:Store"] = "Orleans";
        Assert.Contains("Sessions:Store is 'Memory' but StoryServer:Sessions:Store is 'Orleans'", Flatten(Assert.ThrowsAny<Exception>(() => conflict.CreateClient())), StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task TwoServersSharingTheCluster_ContinueEachOthersSessions_StepByStep()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "web-" + Guid.NewGuid().ToString("N")[..8];
        using var memory = StoryServerFactory.WithStories(_stories);
        using var serverA = OrleansServer(_stories, clusterId, redis);
        using var serverB = OrleansServer(_stories, clusterId, redis);
        var a = serverA.CreateClient();
        var b = serverB.CreateClient();
        var memoryClient = memory.CreateClient();

        var expected = Texts(await PlayAsync(memoryClient, await CreateAsync(memoryClient, "trial", seed: 11), Last));
        var session = await CreateAsync(a, "trial", seed: 11);
        var seen = new List<JsonObject>();
        var step = session.Step;
        for (var i = 0; i < 100; i++)
        {
            seen.Add(step);
            var kind = (string)step["kind"]!;
            if (kind is "end" or "error")
            {
                break;
            }

            // Every step through the other server: each must see what the previous one acknowledged.
            var client = i % 2 == 0 ? b : a;
            Assert.Equal(step.ToJsonString(), (await GetAsync(client, session)).Body.ToJsonString());
            var (status, next) = kind == "options" ? await ChooseAsync(client, session, Last(step["options"]!.AsArray())) : await AdvanceAsync(client, session);
            Assert.True(status == HttpStatusCode.OK, $"{status}: {next.ToJsonString()}");
            step = next;
        }

        Assert.Equal(expected, Texts(seen));
        var (deleted, _) = await SendAsync(b, Request(HttpMethod.Delete, $"/api/sessions/{session.Id}", session));
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(a, session)).Status);
    }

    [RedisFact]
    public async Task RedisKilledMidRun_Answers503ProblemDetails_OpensTheBreaker_ThenRecovers_WithNoAcknowledgedStepLost()
    {
        using var redis = await RedisServer.StartAsync();
        using var server = OrleansServer(_stories, "outage-" + Guid.NewGuid().ToString("N")[..8], redis);
        server.Settings["GameBook:Resilience:Pipelines:sessions:Retry:BaseDelay"] = "00:00:00.010";
        server.Settings["GameBook:Resilience:Pipelines:sessions:Retry:MaxDelay"] = "00:00:00.050";
        server.Settings["GameBook:Resilience:Pipelines:sessions:CircuitBreaker:MinimumThroughput"] = "2";
        server.Settings["GameBook:Resilience:Pipelines:sessions:CircuitBreaker:BreakDuration"] = "00:00:01";
        var client = server.CreateClient();
        var monitor = server.Services.GetRequiredService<GameBook.Resilience.IResilienceMonitor>();
        var session = await CreateAsync(client, "trial", seed: 2);
        var (_, command) = await AdvanceAsync(client, session);
        var (_, options) = await AdvanceAsync(client, session);
        Assert.Equal("options", (string)options["kind"]!);

        redis.Kill();
        var (status, problem) = await ChooseAsync(client, session, 1);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(StoryServerProblems.StorageUnavailable, (string)problem["type"]!);
        for (var i = 0; i < 10 && monitor.GetStatus("sessions").BreakerState != Polly.CircuitBreaker.CircuitState.Open; i++)
        {
            var (refused, _) = await ChooseAsync(client, session, 1);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        }

        Assert.Equal(Polly.CircuitBreaker.CircuitState.Open, monitor.GetStatus("sessions").BreakerState);
        await redis.RestartAsync();

        // The refused choice was not acknowledged: the session still shows the options, and the choice can be made now.
        var (again, shown) = await RetryAsync(() => GetAsync(client, session));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(options.ToJsonString(), shown.ToJsonString());
        var (chose, next) = await RetryAsync(() => ChooseAsync(client, session, 1));
        Assert.Equal(HttpStatusCode.OK, chose);
        Assert.NotEqual("options", (string)next["kind"]!);
        Assert.Equal("command", (string)command["kind"]!);
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Closed, monitor.GetStatus("sessions").BreakerState);
    }

    /// <summary>A story server whose sessions live in Orleans grains: Redis clustering and storage when given, else localhost and memory.</summary>
    private static StoryServerFactory OrleansServer(TestStories stories, string clusterId, RedisServer? redis)
    {
        var factory = StoryServerFactory.WithStories(stories);
        factory.Settings["StoryServer:Sessions:Store"] = "Orleans";
        factory.Settings["GameBook:Orleans:ClusterId"] = clusterId;
        factory.Settings["GameBook:Orleans:SiloPort"] = RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings["GameBook:Orleans:GatewayPort"] = RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (redis is not null)
        {
            factory.Settings["GameBook:Orleans:Clustering"] = "Redis";
            factory.Settings["GameBook:Orleans:Storage"] = "Redis";
            factory.Settings["GameBook:Orleans:RedisConnectionString"] = redis.ConnectionString;
        }

        return factory;
    }

    /// <summary>Retries a call while the cluster is still reconnecting to Redis (503), for up to 30 seconds.</summary>
    private static async Task<(HttpStatusCode Status, JsonObject Body)> RetryAsync(Func<Task<(HttpStatusCode Status, JsonObject Body)>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await call();
            if (result.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(250);
        }
    }

    private static int Last(JsonArray options)
    {
        for (var i = options.Count - 1; i >= 0; i--)
        {
            if ((bool)options[i]!["available"]!)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> Texts(List<JsonObject> steps) => steps.Select(s => s.ToJsonString()).ToList();

    private static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
        : exception.Message + (exception.InnerException is null ? string.Empty : " | " + Flatten(exception.InnerException));
}

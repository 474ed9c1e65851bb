using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GameBook.Orleans.Hosting;
using GameBook.Samples.Web.Sessions;
using GameBook.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// Two story servers on two real loopback ports (Kestrel, real HTTP) sharing one Orleans cluster on the tests' own
/// redis-server: a silo host with no web server, server A co-hosting a second silo, server B a pure cluster client.
/// Sessions continue through either server; each dashboard and each analytics answer shows the whole cluster.
/// </summary>
public sealed class ClusterWebHostsTests : IDisposable
{
    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [RedisFact]
    public async Task TwoServersOnTwoPorts_ASiloAndAClient_ContinueEachOthersSessions_AndBothDashboardsShowTheCluster()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "two-ports-" + Guid.NewGuid().ToString("N")[..8];
        using var silo = await StartSiloHostAsync(_stories.Path, clusterId, redis);
        using var serverA = ClusterServer(_stories, clusterId, redis, "Silo");
        using var serverB = ClusterServer(_stories, clusterId, redis, "Client");
        using var a = StartOnLoopback(serverA);
        using var b = StartOnLoopback(serverB);
        Assert.NotEqual(a.BaseAddress!.Port, b.BaseAddress!.Port);
        Assert.IsType<OrleansSessionStore>(serverB.Services.GetRequiredService<ISessionStore>());

        using var memory = StoryServerFactory.WithStories(_stories);
        var memoryClient = memory.CreateClient();
        var expected = (await PlayAsync(memoryClient, await CreateAsync(memoryClient, "trial", seed: 21), Last)).Select(s => s.ToJsonString()).ToList();

        // Created through A, every step through the other server than the one before.
        var session = await CreateAsync(a, "trial", seed: 21);
        var seen = new List<string>();
        var step = session.Step;
        for (var i = 0; i < 100; i++)
        {
            seen.Add(step.ToJsonString());
            var kind = (string)step["kind"]!;
            if (kind is "end" or "error")
            {
                break;
            }

            var client = i % 2 == 0 ? b : a;
            Assert.Equal(step.ToJsonString(), (await GetAsync(client, session)).Body.ToJsonString());
            var (status, next) = kind == "options" ? await ChooseAsync(client, session, Last(step["options"]!.AsArray())) : await AdvanceAsync(client, session);
            Assert.True(status == HttpStatusCode.OK, $"{status}: {next.ToJsonString()}");
            step = next;
        }

        Assert.Equal(expected, seen);

        // More sessions through each server: 1 + 3 + 4 started in the cluster, all still active.
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(a, "trial", seed: (ulong)(100 + i));
        }

        for (var i = 0; i < 4; i++)
        {
            await CreateAsync(b, "trial", seed: (ulong)(200 + i));
        }

        // Each dashboard shows the cluster's figures, not its own; they are counted every 200 ms here.
        foreach (var (server, role) in new[] { (a, "Silo"), (b, "Client") })
        {
            var cluster = await EventuallyAsync(async () => (await DashboardAsync(server))["cluster"]!.AsObject(), c => (long?)c["activeSessions"] == 8 && (int?)c["silos"] == 2);
            Assert.Equal(role, (string)cluster["role"]!);
        }

        // The analytics of either server are the cluster's: 8 sessions started, one ending, the choices of both servers.
        var memoryAnalytics = await JsonAsync(memoryClient, "/api/analytics/stories/trial");
        foreach (var server in new[] { a, b })
        {
            var analytics = await EventuallyAsync(() => JsonAsync(server, "/api/analytics/stories/trial"), x => (long)x["sessionsStarted"]! == 8);
            Assert.Equal(memoryAnalytics["endingsReached"]!.ToJsonString(), analytics["endingsReached"]!.ToJsonString());
            Assert.Equal(memoryAnalytics["optionSets"]!.ToJsonString(), analytics["optionSets"]!.ToJsonString());
        }
    }

    [RedisFact]
    public async Task AFlushRefusedWhileRedisIsDown_IsKeptAndSentAgain_AndCountedOnce()
    {
        using var redis = await RedisServer.StartAsync();
        using var server = ClusterServer(_stories, "flush-" + Guid.NewGuid().ToString("N")[..8], redis, "Silo");
        server.Settings["StoryServer:Cluster:AnalyticsFlushInterval"] = "01:00:00";
        var client = server.CreateClient();
        var analytics = server.Services.GetRequiredService<GameBook.Samples.Web.Cluster.ClusterAnalytics>();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(client, "trial", seed: (ulong)i);
        }

        redis.Kill();
        Assert.Equal(1, await analytics.FlushAllAsync(CancellationToken.None));
        await redis.RestartAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await analytics.FlushAllAsync(CancellationToken.None) != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(0, await analytics.FlushAllAsync(CancellationToken.None));
        var totals = await analytics.ReadAsync("trial", CancellationToken.None);
        Assert.Equal(3, totals!.SessionsStarted);
    }

    [BrowserFact]
    public async Task TheDashboardPage_WithTheOrleansStore_ShowsTheClustersSessionsBesideThisServers()
    {
        using var server = StoryServerFactory.WithStories(_stories);
        server.Settings["StoryServer:Sessions:Store"] = "Orleans";
        server.Settings["StoryServer:Cluster:StatusRefreshInterval"] = "00:00:00.200";
        server.Settings["GameBook:Orleans:ClusterId"] = "page-" + Guid.NewGuid().ToString("N")[..8];
        server.Settings["GameBook:Orleans:SiloPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        server.Settings["GameBook:Orleans:GatewayPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        using var client = StartOnLoopback(server);
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(client, "trial", seed: (ulong)i);
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new Microsoft.Playwright.BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(client.BaseAddress!, "/dashboard").ToString());

        await Microsoft.Playwright.Assertions.Expect(page.Locator("#fig-sessions")).ToContainTextAsync(
            "cluster: 3 active on 1 silo (this server: silo)", new Microsoft.Playwright.LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        Assert.Empty(errors);
    }

    [Fact]
    public void AClientWithNoClusterToReach_OrAnUnknownRole_StopsTheStart_SayingWhatToCheck()
    {
        using var unknown = StoryServerFactory.WithStories(_stories);
        unknown.Settings["StoryServer:Sessions:Store"] = "Orleans";
        unknown.Settings["StoryServer:Cluster:Role"] = "Gateway";
        var role = Assert.ThrowsAny<Exception>(() => unknown.CreateClient());
        Assert.Contains("StoryServer:Cluster:Role must be Silo", Flatten(role), StringComparison.Ordinal);

        using var noRedis = StoryServerFactory.WithStories(_stories);
        noRedis.Settings["StoryServer:Sessions:Store"] = "Orleans";
        noRedis.Settings["StoryServer:Cluster:Role"] = "Client";
        noRedis.Settings["GameBook:Orleans:Clustering"] = "Redis";
        var redis = Assert.ThrowsAny<Exception>(() => noRedis.CreateClient());
        Assert.Contains("a cluster client finds the silos' gateways in the Redis membership table", Flatten(redis), StringComparison.Ordinal);

        using var badInterval = StoryServerFactory.WithStories(_stories);
        badInterval.Settings["StoryServer:Sessions:Store"] = "Orleans";
        badInterval.Settings["StoryServer:Cluster:AnalyticsFlushInterval"] = "00:00:00.001";
        badInterval.Settings["GameBook:Orleans:SiloPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        badInterval.Settings["GameBook:Orleans:GatewayPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        var interval = Assert.ThrowsAny<Exception>(() => badInterval.CreateClient());
        Assert.Contains("AnalyticsFlushInterval", Flatten(interval), StringComparison.Ordinal);

        // Localhost clustering with no silo on the gateway port: the start gives up after ClientConnectTimeout, logging why.
        var logs = new LogCollector();
        using var nobody = StoryServerFactory.WithStories(_stories, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        nobody.Settings["StoryServer:Sessions:Store"] = "Orleans";
        nobody.Settings["StoryServer:Cluster:Role"] = "Client";
        nobody.Settings["GameBook:Orleans:GatewayPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        nobody.Settings["GameBook:Orleans:ClientConnectTimeout"] = "00:00:02";
        Assert.ThrowsAny<Exception>(() => nobody.CreateClient());
        Assert.Contains(logs.Messages, m => m.StartsWith("Gave up connecting to the GameBook cluster 'gamebook'", StringComparison.Ordinal) && m.Contains("Start at least one silo", StringComparison.Ordinal));
    }

    /// <summary>A story server on the Orleans store with Redis clustering and storage, as a silo or a pure client; cluster figures refreshed every 200 ms.</summary>
    private static StoryServerFactory ClusterServer(TestStories stories, string clusterId, RedisServer redis, string role)
    {
        var factory = StoryServerFactory.WithStories(stories);
        factory.Settings["StoryServer:Sessions:Store"] = "Orleans";
        factory.Settings["StoryServer:Cluster:Role"] = role;
        factory.Settings["StoryServer:Cluster:AnalyticsFlushInterval"] = "00:00:00.200";
        factory.Settings["StoryServer:Cluster:StatusRefreshInterval"] = "00:00:00.200";
        factory.Settings["GameBook:Orleans:ClusterId"] = clusterId;
        factory.Settings["GameBook:Orleans:Clustering"] = "Redis";
        factory.Settings["GameBook:Orleans:Storage"] = "Redis";
        factory.Settings["GameBook:Orleans:RedisConnectionString"] = redis.ConnectionString;
        factory.Settings["GameBook:Orleans:SiloPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        factory.Settings["GameBook:Orleans:GatewayPort"] = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        return factory;
    }

    /// <summary>Starts the server on Kestrel at a free loopback port; an HTTP client to it (real sockets, no test server).</summary>
    private static HttpClient StartOnLoopback(StoryServerFactory factory)
    {
        var port = RedisServer.FreePort();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>A silo with no web server (the cluster's own process): GameBook's grains on the same stories and Redis.</summary>
    private static async Task<IHost> StartSiloHostAsync(string stories, string clusterId, RedisServer redis)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGameBook(o =>
        {
            o.StoriesPath = stories;
            o.ReloadOnChange = false;
        });
        builder.UseOrleans(silo => silo.AddGameBookOrleans(o =>
        {
            o.ClusterId = clusterId;
            o.Clustering = GameBookClustering.Redis;
            o.Storage = GameBookSessionStorage.Redis;
            o.RedisConnectionString = redis.ConnectionString;
            o.SiloPort = RedisServer.FreePort();
            o.GatewayPort = RedisServer.FreePort();
        }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<JsonObject> DashboardAsync(HttpClient client) => await JsonAsync(client, "/api/dashboard");

    private static async Task<JsonObject> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads until <paramref name="done"/> holds (the figures are refreshed in the background), for up to 30 seconds; the last reading.</summary>
    private static async Task<JsonObject> EventuallyAsync(Func<Task<JsonObject>> read, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(value), "not reached within 30 s: " + value.ToJsonString());
                return value;
            }

            await Task.Delay(100);
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

    private static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
        : exception.Message + (exception.InnerException is null ? string.Empty : " | " + Flatten(exception.InnerException));

    /// <summary>Keeps every log message written (formatted).</summary>
    private sealed class LogCollector : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}

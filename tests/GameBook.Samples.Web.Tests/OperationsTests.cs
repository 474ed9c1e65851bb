using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Samples.Web.Tests;

/// <summary>The operations endpoints through the real ASP.NET Core pipeline: health, metrics, the dashboard key, the event stream.</summary>
public sealed class OperationsTests
{
    private static readonly Uri Live = new("/health/live", UriKind.Relative);
    private static readonly Uri Ready = new("/health/ready", UriKind.Relative);
    private static readonly Uri Dashboard = new("/api/dashboard", UriKind.Relative);

    [Fact]
    public async Task HealthLive_AnswersWithTheLiveChecksByName()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(Live);
        var body = await ReadJson(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(["gamebook-memory"], CheckNames(body));
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var memory = body.GetProperty("checks")[0];
        Assert.True(memory.GetProperty("data").GetProperty("limitBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task HealthReady_AnswersWithMemoryCpuBreakerAndCatalogChecks()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(Ready);
        var body = await ReadJson(response);

        Assert.Equal(["gamebook-cpu", "gamebook-memory", "gamebook-resilience", "gamebook-stories"], CheckNames(body).Order(StringComparer.Ordinal));
        var stories = Check(body, "gamebook-stories");
        Assert.Equal("Healthy", stories.GetProperty("status").GetString());
        Assert.True(stories.GetProperty("data").GetProperty("servable").GetInt32() >= 1);
        var status = body.GetProperty("status").GetString();
        Assert.Equal(status == "Unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_WithAFailingCheck_Answers503WithItsErrorButNoStackTrace()
    {
        await using var host = new OperationsTestHost();
        using var factory = host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddHealthChecks().AddCheck("exploding", () => throw new InvalidOperationException("the disk is on fire"), tags: ["ready"])));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Ready);
        var body = await ReadJson(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var exploding = Check(body, "exploding");
        Assert.Equal("InvalidOperationException: the disk is on fire", exploding.GetProperty("error").GetString());
        Assert.DoesNotContain(" at ", exploding.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterSessionTraffic_ServePrometheusTextWithGameBookSessionMetrics()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();
        await PlaySomeSteps(client, steps: 5);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^gamebook_session_started_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^gamebook_session_steps_total\{[^}]*gamebook_step_kind=""line""[^}]*\} [1-9]", text);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithAnOtlpEndpointConfigured_AreNotServedForScraping()
    {
        await using var host = new OperationsTestHost(settings: new Dictionary<string, string?> { ["Operations:Otlp:Endpoint"] = "http://127.0.0.1:4317" });
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(host.Log, line => line.Contains("exported over OTLP (Grpc) to http://127.0.0.1:4317", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_InDevelopment_NeedsNoKey()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        using var api = await client.GetAsync(Dashboard);
        using var page = await client.GetAsync(new Uri("/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("GameBook operations", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/dashboard")]
    [InlineData("/api/dashboard/stream")]
    [InlineData("/api/dashboard/stories/the-lanternkeepers-oath/graph")]
    [InlineData("/api/analytics/stories/the-lanternkeepers-oath")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard.html")]
    [InlineData("/DASHBOARD")]
    [InlineData("/dashboard/")] // routing matches it to the page as well
    [InlineData("/Dashboard/")]
    [InlineData("/api/dashboard/")]
    [InlineData("/api/analytics/stories/the-lanternkeepers-oath/")]
    public async Task Dashboard_OutsideDevelopment_WithoutTheKey_Answers401ProblemDetails(string path)
    {
        await using var host = OperationsTestHost.Production();
        using var client = host.CreateClient();

        using var missing = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Dashboard-Key", OperationsTestHost.Key + "x" } } });
        using var wrongQuery = await client.GetAsync(new Uri($"{path}?key=nope", UriKind.Relative));

        foreach (var response in new[] { missing, wrong, wrongQuery })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await ReadJson(response);
            Assert.Equal("https://gamebook.dev/problems/dashboard-key-required", problem.GetProperty("type").GetString());
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.Contains("X-Dashboard-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains(host.Log, line => line.Contains("refused: no key", StringComparison.Ordinal));
        Assert.Contains(host.Log, line => line.Contains("refused: wrong key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_OutsideDevelopment_WithTheKeyInHeaderOrQuery_Answers()
    {
        await using var host = OperationsTestHost.Production();
        using var client = host.CreateClient();

        using var byHeader = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Dashboard) { Headers = { { "X-Dashboard-Key", OperationsTestHost.Key } } });
        using var byQuery = await client.GetAsync(new Uri($"/api/dashboard?key={OperationsTestHost.Key}", UriKind.Relative));
        using var page = await client.GetAsync(new Uri($"/dashboard?key={OperationsTestHost.Key}", UriKind.Relative));
        using var analytics = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/analytics/stories/the-lanternkeepers-oath") { Headers = { { "X-Dashboard-Key", OperationsTestHost.Key } } });

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
        var snapshot = await ReadJson(byHeader);
        Assert.Equal("Production", snapshot.GetProperty("environment").GetString());
        Assert.Contains(host.Log, line => line.Contains("Operations dashboard enabled at /dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_OutsideDevelopment_WithoutAConfiguredKey_IsDisabledAndSaysSo()
    {
        await using var host = OperationsTestHost.Production(key: null);
        using var client = host.CreateClient();

        using var api = await client.GetAsync(Dashboard);
        using var page = await client.GetAsync(new Uri("/dashboard", UriKind.Relative));
        using var guessed = await client.GetAsync(new Uri("/api/dashboard?key=anything-at-all-1234", UriKind.Relative));
        using var health = await client.GetAsync(Live);

        foreach (var response in new[] { api, page, guessed })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await ReadJson(response);
            Assert.Equal("https://gamebook.dev/problems/dashboard-disabled", problem.GetProperty("type").GetString());
            Assert.Contains("Operations:DashboardKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains(host.Log, line => line.Contains("Operations dashboard disabled: no Operations:DashboardKey is configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_WithATooShortKey_StopsTheHostNamingTheOption()
    {
        await using var host = OperationsTestHost.Production(key: "short");

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Operations:DashboardKey must be at least 16 characters", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardSnapshot_CarriesTelemetryBreakersRequestsAndThresholds()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();
        await PlaySomeSteps(client, steps: 3);

        var snapshot = await ReadJson(await client.GetAsync(new Uri("/api/dashboard?window=60", UriKind.Relative)));

        Assert.Equal(60, snapshot.GetProperty("windowSeconds").GetInt32());
        Assert.Equal(60, snapshot.GetProperty("thresholds").GetProperty("warningPercent").GetDouble());
        Assert.Equal(80, snapshot.GetProperty("thresholds").GetProperty("maximumPercent").GetDouble());
        var instruments = snapshot.GetProperty("telemetry").GetProperty("instruments").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToHashSet();
        Assert.Contains("gamebook.session.steps", instruments);
        Assert.Contains("gamebook.memory.utilization", instruments);
        Assert.Contains(snapshot.GetProperty("breakers").EnumerateArray(), b => b.GetProperty("hasCircuitBreaker").GetBoolean());
        Assert.True(snapshot.GetProperty("requests").GetProperty("total").GetInt64() >= 3);
        Assert.Equal(60, snapshot.GetProperty("requests").GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("9")]
    [InlineData("-5")]
    [InlineData("601")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    public async Task DashboardSnapshot_WithABadWindow_Answers400ProblemDetails(string window)
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        using var snapshot = await client.GetAsync(new Uri($"/api/dashboard?window={Uri.EscapeDataString(window)}", UriKind.Relative));
        using var stream = await client.GetAsync(new Uri($"/api/dashboard/stream?window={Uri.EscapeDataString(window)}", UriKind.Relative));

        foreach (var response in new[] { snapshot, stream })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await ReadJson(response);
            Assert.Equal("https://gamebook.dev/problems/invalid-dashboard-window", problem.GetProperty("type").GetString());
            Assert.Contains("from 10 to 600", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DashboardStream_DeliversSnapshotEventsAtTheConfiguredInterval()
    {
        await using var host = new OperationsTestHost(settings: new Dictionary<string, string?> { ["Operations:Dashboard:StreamInterval"] = "00:00:00.2" });
        using var client = host.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await client.GetAsync(new Uri("/api/dashboard/stream?window=30", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = new List<(string Event, string Id, JsonElement Data)>();
        string? type = null, id = null, data = null;
        while (events.Count < 3 && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                events.Add((type!, id!, JsonDocument.Parse(data!).RootElement.Clone()));
                type = id = data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("snapshot", e.Event));
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id));
        Assert.Equal(30, events[0].Data.GetProperty("windowSeconds").GetInt32());
        Assert.Equal(5, events[1].Data.GetProperty("windowSeconds").GetInt32());
        Assert.True(events[0].Data.GetProperty("telemetry").GetProperty("instruments").GetArrayLength() > 0);
        var first = DateTimeOffset.Parse(events[0].Data.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var third = DateTimeOffset.Parse(events[2].Data.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(third > first);
    }

    [Fact]
    public async Task StoryGraph_OfTheBundledStory_LinksStartToItsTwoChoices()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        var graph = await ReadJson(await client.GetAsync(new Uri("/api/dashboard/stories/the-lanternkeepers-oath/graph", UriKind.Relative)));
        using var unknown = await client.GetAsync(new Uri("/api/dashboard/stories/no-such-story/graph", UriKind.Relative));

        var fromStart = graph.GetProperty("edges").EnumerateArray()
            .Where(e => e.GetProperty("from").GetString() == "Start")
            .ToDictionary(e => e.GetProperty("text").GetString()!, e => e.GetProperty("to").GetString());
        Assert.Equal("OrlasCottage", fromStart["Hurry to Keeper Orla's cottage"]);
        Assert.Equal("LanternTower", fromStart["Climb Beacon Hill to the dark Lantern"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("https://gamebook.dev/problems/unknown-story", (await ReadJson(unknown)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Pages_AreServedWithTheirScriptsAndTheChartLibrary()
    {
        await using var host = new OperationsTestHost();
        using var client = host.CreateClient();

        var player = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var script = await client.GetAsync(new Uri("/js/player.js", UriKind.Relative));
        using var uplot = await client.GetAsync(new Uri("/lib/uplot/uPlot.iife.min.js", UriKind.Relative));

        Assert.Contains("<meta name=\"viewport\"", player, StringComparison.Ordinal);
        Assert.Contains("/js/player.js", player, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uplot.StatusCode);
        Assert.Contains("uPlot", await uplot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Starts a session of the bundled story and advances it, so the GameBook.Core instruments record.</summary>
    internal static async Task PlaySomeSteps(HttpClient client, int steps)
    {
        using var created = await client.PostAsJsonAsync(new Uri("/api/sessions", UriKind.Relative), new { story = "the-lanternkeepers-oath", seed = 7 });
        created.EnsureSuccessStatusCode();
        var session = await ReadJson(created);
        var id = session.GetProperty("id").GetString();
        var token = session.GetProperty("token").GetString();
        for (var i = 0; i < steps; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/advance") { Headers = { { "X-Session-Token", token } } };
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }

    internal static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static List<string> CheckNames(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Flatten));
            }
        }

        return string.Join(" | ", messages);
    }
}

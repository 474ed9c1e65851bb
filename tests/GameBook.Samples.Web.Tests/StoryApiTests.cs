using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

public sealed class StoryApiTests : IDisposable
{
    private readonly TestStories _stories = new();
    private readonly StoryServerFactory _factory;
    private readonly HttpClient _client;

    public StoryApiTests()
    {
        _stories.Write("broken", "title: Start\n---\n<<set $x to >>\n===\n");
        _stories.Write("warned", "title: Start\nsection: 1\n---\nHello.\n===\n");
        _factory = StoryServerFactory.WithStories(_stories);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _stories.Dispose();
    }

    [Fact]
    public async Task List_GivesEveryStory_MarkingOneThatDoesNotCompile()
    {
        var list = (await _client.GetFromJsonAsync<JsonArray>("/api/stories"))!;
        var names = list.Select(s => (string)s!["name"]!).ToArray();
        Assert.Equal(["broken", "other", StoryServerFactory.Bundled, "trial", "warned"], names);
        var bundled = list.Single(s => (string?)s!["name"] == StoryServerFactory.Bundled)!;
        Assert.Equal(64, ((string)bundled["fingerprint"]!).Length);
        Assert.True((int)bundled["nodeCount"]! > 10);
        Assert.Equal(["Start"], bundled["entryNodes"]!.AsArray().Select(n => (string)n!));
        Assert.False((bool)bundled["hasErrors"]!);
        Assert.True((bool)bundled["playable"]!);

        // A story that never compiled is listed, so its author can see that and why (GET /api/stories/broken).
        var broken = list.Single(s => (string?)s!["name"] == "broken")!;
        Assert.True((bool)broken["hasErrors"]!);
        Assert.False((bool)broken["playable"]!);
        Assert.Null(broken["fingerprint"]);
        Assert.Equal(0, (int)broken["nodeCount"]!);
        Assert.Empty(broken["entryNodes"]!.AsArray());
    }

    [Fact]
    public async Task Get_GivesNodesVariablesAndDiagnostics()
    {
        var trial = (await _client.GetFromJsonAsync<JsonObject>("/api/stories/trial"))!;
        Assert.Equal("trial", (string?)trial["name"]);
        var nodes = trial["nodes"]!.AsArray();
        Assert.Equal(5, nodes.Count);
        var door = nodes.Single(n => (string?)n!["name"] == "Door")!;
        Assert.True((bool)door["isEnding"]!);
        Assert.Equal(["ending"], door["tags"]!.AsArray().Select(t => (string)t!));
        Assert.False((bool)nodes.Single(n => (string?)n!["name"] == "Hall")!["isEnding"]!);
        var key = trial["variables"]!.AsArray().Single(v => (string?)v!["name"] == "$has_key")!;
        Assert.Equal("Bool", (string?)key["type"], ignoreCase: true);
        Assert.False((bool)key["initialValue"]!);
        Assert.Empty(trial["diagnostics"]!.AsArray());
        // GameBook.Authoring's analysis: the gate's option has a condition that is never true.
        var warning = Assert.Single(trial["warnings"]!.AsArray(), w => (string?)w!["code"] == "GB1005")!;
        Assert.Equal("warning", (string?)warning["severity"]);
        Assert.Equal(26, (int)warning["startLine"]!); // "-> Squeeze through the bars <<if false>>"

        var bundled = (await _client.GetFromJsonAsync<JsonObject>($"/api/stories/{StoryServerFactory.Bundled}"))!;
        Assert.Contains(bundled["nodes"]!.AsArray(), n => (int?)n!["section"] == 1);
        Assert.Contains(bundled["variables"]!.AsArray(), v => (string?)v!["name"] == "$stamina" && (double)v["initialValue"]! == 12);
    }

    [Fact]
    public async Task Get_UnknownStory_IsNotFound()
    {
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownStory, await SendAsync(_client, Request(HttpMethod.Get, "/api/stories/nope")));
    }

    [Fact]
    public async Task Get_StoryThatDoesNotCompile_GivesItsErrorsWithFileLineAndColumn()
    {
        var (status, broken) = await SendAsync(_client, Request(HttpMethod.Get, "/api/stories/broken"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("broken", (string?)broken["name"]);
        Assert.False((bool)broken["playable"]!);
        Assert.Empty(broken["nodes"]!.AsArray());
        Assert.Empty(broken["entryNodes"]!.AsArray());
        var error = broken["diagnostics"]!.AsArray().First(d => (string?)d!["severity"] == "error")!;
        Assert.StartsWith("GB", (string?)error["code"], StringComparison.Ordinal);
        Assert.Equal("broken.yarn", (string?)error["file"]);
        Assert.Equal(3, (int)error["startLine"]!); // "<<set $x to >>"
        Assert.True((int)error["startColumn"]! >= 1);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
    }

    [Fact]
    public async Task StoryThatDoesNotCompile_CannotBePlayed_AndSaysWhy()
    {
        var trial = await CreateAsync(_client, "trial");
        var save = JsonNode.Parse(await SaveAsync(_client, trial))!;
        var answers = new[]
        {
            await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "broken" })),
            await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions/restore", body: new JsonObject { ["story"] = "broken", ["snapshot"] = save })),
            await SendAsync(_client, Request(HttpMethod.Post, "/api/stories/broken/playtests", body: new JsonObject { ["playthroughs"] = 1 })),
            await SendAsync(_client, Request(HttpMethod.Get, "/api/stories/broken/locales")),
            await SendAsync(_client, Request(HttpMethod.Get, "/api/dashboard/stories/broken/graph")),
        };

        foreach (var answer in answers)
        {
            AssertProblem(HttpStatusCode.Conflict, StoryServerProblems.StoryHasErrors, answer);
            Assert.Contains("broken.yarn(3,", (string?)answer.Body["detail"], StringComparison.Ordinal);
        }

        // Its analytics exist (nothing counted yet), as for any story of the catalog.
        var (status, analytics) = await SendAsync(_client, Request(HttpMethod.Get, "/api/analytics/stories/broken"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (long)analytics["sessionsStarted"]!);
    }

    [Fact]
    public async Task ReadinessCheck_NamesAStoryThatDoesNotCompile()
    {
        using var response = await _client.GetAsync("/health/ready");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var stories = body["checks"]!.AsArray().Single(c => (string?)c!["name"] == "gamebook-stories")!;

        Assert.Equal("Degraded", (string?)stories["status"]);
        Assert.Contains("broken", (string?)stories["description"], StringComparison.Ordinal);
        Assert.Equal("broken", (string?)stories["data"]!["withErrors"]);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi_AndTheReferencePageIsServed()
    {
        var document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/stories", "/api/stories/{name}", "/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/advance", "/api/sessions/{id}/choose", "/api/sessions/{id}/save", "/api/sessions/restore", "/api/stories/{name}/playtests", "/api/playtests/{id}", "/api/playtests/{id}/report", "/api/analytics/stories/{name}", "/api/ping" })
        {
            Assert.True(paths.ContainsKey(path), $"the document has {path}");
        }

        var choose = paths["/api/sessions/{id}/choose"]!["post"]!["responses"]!.AsObject();
        Assert.True(choose.ContainsKey("200"));
        Assert.True(choose.ContainsKey("409"));

        // Every status an endpoint answers with is in the document (a story with errors 409, an unsupported locale 422,
        // the session store down 503, no dashboard key 401).
        foreach (var (path, method, statuses) in new[]
        {
            ("/api/sessions", "post", new[] { "201", "400", "404", "409", "413", "415", "422", "503" }),
            ("/api/sessions/restore", "post", ["201", "400", "404", "409", "413", "415", "422", "503"]),
            ("/api/sessions/{id}", "get", ["200", "401", "403", "404", "503"]),
            ("/api/sessions/{id}/advance", "post", ["200", "401", "403", "404", "409", "503"]),
            ("/api/sessions/{id}/choose", "post", ["200", "400", "401", "403", "404", "409", "413", "415", "503"]),
            ("/api/sessions/{id}/save", "get", ["200", "401", "403", "404", "503"]),
            ("/api/stories/{name}/playtests", "post", ["202", "400", "404", "409", "413", "415", "503"]),
            ("/api/stories/{name}/locales", "get", ["200", "404", "409"]),
            ("/api/analytics/stories/{name}", "get", ["200", "401", "404", "503"]),
            ("/api/dashboard", "get", ["200", "400", "401"]),
            ("/api/dashboard/stories/{name}/graph", "get", ["200", "401", "404", "409"]),
        })
        {
            var responses = paths[path]![method]!["responses"]!.AsObject();
            Assert.Equal(statuses.Order(StringComparer.Ordinal), responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        }
        Assert.True(document["components"]!["schemas"]!.AsObject().ContainsKey("StepDto"));
        var option = document["components"]!["schemas"]!["ChooseRequest"]!["properties"]!["option"]!;
        Assert.DoesNotContain("string", option["type"]!.ToJsonString(), StringComparison.Ordinal); // a number, not "a number or a string"

        using var page = await _client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("image/png")]
    [InlineData("application/xml")]
    public async Task Problems_WhateverTheAcceptHeaderAsksFor_AreProblemJson(string accept)
    {
        var requests = new (HttpMethod Method, string Path, string? ContentType, HttpStatusCode Status)[]
        {
            (HttpMethod.Get, "/no/such/path", null, HttpStatusCode.NotFound),
            (HttpMethod.Put, "/api/stories", null, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Post, "/api/sessions", "text/plain", HttpStatusCode.UnsupportedMediaType),
            (HttpMethod.Post, "/api/sessions", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/stories/nope", null, HttpStatusCode.NotFound),
        };
        foreach (var (method, path, contentType, status) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            if (contentType is not null)
            {
                request.Content = new StringContent("{", System.Text.Encoding.UTF8, contentType);
            }

            using var response = await _client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.StartsWith(StoryServerProblems.TypePrefix, (string?)problem["type"], StringComparison.Ordinal);
            Assert.Equal((int)status, (int?)problem["status"]);
        }
    }

    [Theory]
    [InlineData("StoryServer:Sessions:IdleTimeout", "00:00:00", "IdleTimeout")]
    [InlineData("StoryServer:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    [InlineData("StoryServer:Playtests:Slices", "0", "Slices")]
    [InlineData("StoryServer:RateLimit:PermitLimit", "-1", "PermitLimit")]
    public void InvalidConfiguration_StopsTheStart_NamingTheOption(string key, string value, string option)
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        factory.Settings[key] = value;
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = error as Microsoft.Extensions.Options.OptionsValidationException ?? error.InnerException as Microsoft.Extensions.Options.OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(option, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimiter_RefusesAClientOverItsLimit_WithProblemAndRetryAfter()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        factory.Settings["StoryServer:RateLimit:Enabled"] = "true";
        factory.Settings["StoryServer:RateLimit:PermitLimit"] = "5";
        factory.Settings["StoryServer:RateLimit:Window"] = "00:01:00";
        using var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        }

        using var refused = await client.GetAsync("/api/ping");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(StoryServerProblems.RateLimited, (string?)problem["type"]);

        // A client that accepts no JSON is refused the same way (the problem writer refused it and the refusal was a 500).
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/ping") { Headers = { { "Accept", "text/plain" } } };
        using var refusedPlain = await client.SendAsync(plain);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPlain.StatusCode);
        Assert.Equal("application/problem+json", refusedPlain.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StoryServerProblems.RateLimited, (string?)(await refusedPlain.Content.ReadFromJsonAsync<JsonObject>())!["type"]);
    }
}

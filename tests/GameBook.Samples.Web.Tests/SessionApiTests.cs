using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GameBook.Hosting;
using GameBook.Samples.Web.Sessions;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

public sealed class SessionApiTests : IDisposable
{
    private const string P = StoryServerProblems.TypePrefix;
    private readonly TestStories _stories = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly StoryServerFactory _factory;
    private readonly HttpClient _client;

    public SessionApiTests()
    {
        _factory = StoryServerFactory.WithStories(_stories, _time);
        _factory.Settings["StoryServer:Sessions:IdleTimeout"] = "00:10:00";
        _factory.Settings["StoryServer:Sessions:EvictIdleAfter"] = "00:01:00";
        _factory.Settings["StoryServer:Sessions:ExpiryScanInterval"] = "1.00:00:00"; // tests sweep by hand, or advance a day
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _stories.Dispose();
    }

    [Fact]
    public async Task Create_ReturnsIdTokenLocationAndFirstStep()
    {
        using var response = await _client.PostAsJsonAsync("/api/sessions", new JsonObject { ["story"] = "trial", ["seed"] = 7, ["locale"] = "en-GB" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)body["id"]!;
        Assert.Equal($"/api/sessions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(24, id.Length);
        Assert.True(((string)body["token"]!).Length >= 43);
        Assert.Equal("trial", (string?)body["story"]);
        Assert.Equal("line", (string?)body["step"]!["kind"]);
        Assert.Equal("Start", (string?)body["step"]!["node"]);
        Assert.Equal("Welcome to the trial.", (string?)body["step"]!["line"]!["text"]);
        Assert.Equal("en", (string?)body["locale"]); // en-GB without a table of its own: the base text
    }

    [Fact]
    public async Task Ids_AreUnique_AndUrlSafe()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var s = await CreateAsync(_client, "trial");
            Assert.Matches("^[A-Za-z0-9_-]{24}$", s.Id);
            Assert.True(ids.Add(s.Id));
        }
    }

    [Fact]
    public async Task Get_DoesNotAdvance_AdvanceMovesToCommandThenOptions()
    {
        var s = await CreateAsync(_client, "trial");
        Assert.Equal("Welcome to the trial.", (string?)(await GetAsync(_client, s)).Body["line"]!["text"]);
        Assert.Equal("Welcome to the trial.", (string?)(await GetAsync(_client, s)).Body["line"]!["text"]);

        var command = (await AdvanceAsync(_client, s)).Body;
        Assert.Equal("command", (string?)command["kind"]);
        Assert.Equal("ring", (string?)command["command"]!["name"]);
        Assert.Equal(["bell", "2"], command["command"]!["arguments"]!.AsArray().Select(a => (string)a!));

        var options = (await AdvanceAsync(_client, s)).Body;
        Assert.Equal("options", (string?)options["kind"]);
        var list = options["options"]!.AsArray();
        Assert.Equal(4, list.Count);
        Assert.False((bool)list[0]!["available"]!);
        Assert.Equal("Open the door", (string?)list[0]!["text"]);
        Assert.True((bool)list[1]!["available"]!);
    }

    [Fact]
    public async Task Choose_WithAnAvailableOption_ContinuesThere_AndLinesCarryMarkup()
    {
        var s = await ToOptionsAsync();
        var step = (await ChooseAsync(_client, s, 1)).Body;
        Assert.Equal("Hall", (string?)step["node"]);
        Assert.Equal("You hold the key.", (string?)step["line"]!["text"]);
        var attribute = step["line"]!["attributes"]!.AsArray().Single()!;
        Assert.Equal("b", (string?)attribute["name"]);
        Assert.Equal(13, (int)attribute["position"]!);
        Assert.Equal(3, (int)attribute["length"]!);
    }

    [Fact]
    public async Task Choose_Errors_AreProblems_AndChangeNothing()
    {
        var s = await ToOptionsAsync();
        var before = await SaveAsync(_client, s);
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-option", await ChooseAsync(_client, s, 4));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-option", await ChooseAsync(_client, s, -1));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-option", await ChooseAsync(_client, s, -2));
        AssertProblem(HttpStatusCode.Conflict, P + "option-unavailable", await ChooseAsync(_client, s, 0));
        AssertProblem(HttpStatusCode.Conflict, P + "options-pending", await AdvanceAsync(_client, s));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-request", await SendAsync(_client, Request(HttpMethod.Post, $"/api/sessions/{s.Id}/choose", s, new JsonObject())));
        Assert.Equal(before, await SaveAsync(_client, s));
    }

    [Fact]
    public async Task Choose_WhenNoOptionsArePending_IsAConflict()
    {
        var s = await CreateAsync(_client, "trial");
        AssertProblem(HttpStatusCode.Conflict, P + "no-options-pending", await ChooseAsync(_client, s, 0));
    }

    [Fact]
    public async Task Choose_MinusOne_ContinuesPastASetWithNoAvailableOption()
    {
        var s = await ToOptionsAsync();
        var locked = (await ChooseAsync(_client, s, 2)).Body;
        Assert.Equal("options", (string?)locked["kind"]);
        Assert.Equal("Locked", (string?)locked["node"]);
        Assert.Equal(0, locked["options"]!.AsArray().Count(o => (bool)o!["available"]!));
        AssertProblem(HttpStatusCode.Conflict, P + "option-unavailable", await ChooseAsync(_client, s, 0));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-option", await ChooseAsync(_client, s, 1));
        var next = (await ChooseAsync(_client, s, -1)).Body;
        Assert.Equal("The gate stays shut.", (string?)next["line"]!["text"]);
        var end = (await AdvanceAsync(_client, s)).Body;
        Assert.Equal("end", (string?)end["kind"]);
        Assert.Equal("Locked", (string?)end["node"]);
        Assert.False((bool)end["ending"]!);
        Assert.Equal("end", (string?)(await AdvanceAsync(_client, s)).Body["kind"]);
    }

    [Fact]
    public async Task Tokens_MissingWrongOrForAnotherSession_AreRefused()
    {
        var s = await CreateAsync(_client, "trial");
        var other = await CreateAsync(_client, "trial");
        AssertProblem(HttpStatusCode.Unauthorized, P + "missing-session-token", await SendAsync(_client, Request(HttpMethod.Get, $"/api/sessions/{s.Id}")));
        AssertProblem(HttpStatusCode.Forbidden, P + "wrong-session-token", await SendAsync(_client, Request(HttpMethod.Get, $"/api/sessions/{s.Id}", s with { Token = "nope" })));
        AssertProblem(HttpStatusCode.Forbidden, P + "wrong-session-token", await SendAsync(_client, Request(HttpMethod.Post, $"/api/sessions/{s.Id}/advance", other)));
        AssertProblem(HttpStatusCode.Forbidden, P + "wrong-session-token", await SendAsync(_client, Request(HttpMethod.Get, $"/api/sessions/{s.Id}/save", s with { Token = s.Token[..^1] })));
        AssertProblem(HttpStatusCode.Forbidden, P + "wrong-session-token", await SendAsync(_client, Request(HttpMethod.Delete, $"/api/sessions/{s.Id}", other)));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, s)).Status);
    }

    [Fact]
    public async Task UnknownSessionsAndStories_AreNotFound()
    {
        var s = await CreateAsync(_client, "trial");
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, s with { Id = "AAAAAAAAAAAAAAAAAAAAAAAA" }));
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await AdvanceAsync(_client, s with { Id = "x" }));
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-story", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "nope" })));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-request", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["seed"] = 1 })));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-request", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "trial", ["locale"] = "not a locale!" })));
    }

    [Fact]
    public async Task Delete_EndsTheSession()
    {
        var s = await CreateAsync(_client, "trial");
        var (status, _) = await SendAsync(_client, Request(HttpMethod.Delete, $"/api/sessions/{s.Id}", s));
        Assert.Equal(HttpStatusCode.NoContent, status);
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, s));
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await SendAsync(_client, Request(HttpMethod.Delete, $"/api/sessions/{s.Id}", s)));
    }

    [Fact]
    public async Task Bodies_Malformed_Oversized_OrNotJson_AreProblems()
    {
        var s = await ToOptionsAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{s.Id}/choose") { Content = new StringContent("{\"option\": 1", System.Text.Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("X-Session-Token", s.Token);
            AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, request));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{s.Id}/choose") { Content = new StringContent("{\"option\": \"one\"}", System.Text.Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("X-Session-Token", s.Token);
            AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, request));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = new StringContent("story=trial", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") })
        {
            var answer = await SendAsync(_client, request);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
            Assert.Equal(P + "unsupported-media-type", (string?)answer.Body["type"]);
        }

        var huge = new JsonObject { ["story"] = "trial", ["locale"] = new string('x', 300_000) };
        AssertProblem(HttpStatusCode.RequestEntityTooLarge, P + "body-too-large", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: huge)));

        // Without a Content-Length (chunked): the limit holds while reading.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = new StreamContent(new MemoryStream(new byte[300_000])) })
        {
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TransferEncodingChunked = true;
            AssertProblem(HttpStatusCode.RequestEntityTooLarge, P + "body-too-large", await SendAsync(_client, request));
        }

        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: JsonValue.Create("text"))));
    }

    [Fact]
    public async Task Bodies_WithAStringWhereANumberBelongs_AreMalformed_AndChangeNothing()
    {
        var s = await ToOptionsAsync();
        var before = await SaveAsync(_client, s);

        // {"option": "0"} once chose option 0: the web defaults read numbers from strings.
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, Request(HttpMethod.Post, $"/api/sessions/{s.Id}/choose", s, new JsonObject { ["option"] = "0" })));
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "trial", ["seed"] = "5" })));
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject { ["playthroughs"] = "2" })));
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-json", await SendAsync(_client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject { ["playthroughs"] = 2, ["maxSteps"] = "NaN" })));

        Assert.Equal(before, await SaveAsync(_client, s));
        Assert.Equal("options", (string?)(await GetAsync(_client, s)).Body["kind"]);
    }

    [Fact]
    public async Task SaveRestore_ShowsTheSameStep_AndContinuesIdentically()
    {
        var original = await CreateAsync(_client, StoryServerFactory.Bundled, seed: 42);
        var pick = RandomAvailable(3);
        for (var i = 0; i < 25; i++)
        {
            var step = (await GetAsync(_client, original)).Body;
            _ = (string)step["kind"]! == "options" ? await ChooseAsync(_client, original, pick(step["options"]!.AsArray())) : await AdvanceAsync(_client, original);
        }

        var saved = await SaveAsync(_client, original);
        var current = (await GetAsync(_client, original)).Body;
        using var response = await _client.PostAsJsonAsync("/api/sessions/restore", new JsonObject { ["story"] = StoryServerFactory.Bundled, ["snapshot"] = JsonNode.Parse(saved) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var restored = new ClientSession((string)body["id"]!, (string)body["token"]!, body["step"]!.AsObject());
        Assert.NotEqual(original.Id, restored.Id);
        Assert.Equal(current.ToJsonString(), restored.Step.ToJsonString());

        var a = await PlayAsync(_client, original, RandomAvailable(11));
        var b = await PlayAsync(_client, restored, RandomAvailable(11));
        Assert.Equal(a.Select(s => s.ToJsonString()), b.Select(s => s.ToJsonString()));
        Assert.Equal("end", (string?)a[^1]["kind"]);
    }

    [Fact]
    public async Task Restore_MalformedForeignOrIncompatibleSaves_AreProblems()
    {
        var trial = await CreateAsync(_client, "trial");
        var trialSave = await SaveAsync(_client, trial);
        var other = await CreateAsync(_client, "other");
        var otherSave = await SaveAsync(_client, other);

        Task<(HttpStatusCode, JsonObject)> Restore(string story, JsonNode? snapshot) =>
            SendAsync(_client, Request(HttpMethod.Post, "/api/sessions/restore", body: new JsonObject { ["story"] = story, ["snapshot"] = snapshot }));

        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-save", await Restore("trial", JsonValue.Create(5)));
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-save", await Restore("trial", null));
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-save", await Restore("trial", new JsonObject { ["formatVersion"] = 1 }));
        var mutated = JsonNode.Parse(trialSave)!.AsObject();
        mutated["formatVersion"] = 99;
        AssertProblem(HttpStatusCode.BadRequest, P + "malformed-save", await Restore("trial", mutated));
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "foreign-save", await Restore("trial", JsonNode.Parse(otherSave)));
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-story", await Restore("nope", JsonNode.Parse(trialSave)));

        // The story changes under the save: the node it was in is gone.
        _stories.Write("trial", TestStories.Trial.Replace("Welcome to the trial.", "Welcome to the new trial.", StringComparison.Ordinal));
        ((StoryCatalog)_factory.Services.GetRequiredService<IStoryCatalog>()).Reload();
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "incompatible-save", await Restore("trial", JsonNode.Parse(trialSave)));
    }

    [Fact]
    public async Task FullPlaythrough_OfTheBundledStory_ReachesAnEnding()
    {
        var endings = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var s = await CreateAsync(_client, StoryServerFactory.Bundled, (ulong)seed);
            var steps = await PlayAsync(_client, s, RandomAvailable(seed));
            var last = steps[^1];
            Assert.Equal("end", (string?)last["kind"]);
            Assert.NotNull((string?)last["node"]);
            endings += (bool)last["ending"]! ? 1 : 0;
            Assert.Contains(steps, step => (string?)step["kind"] == "options");
        }

        Assert.True(endings > 0, "some playthrough ended in a node tagged ending or death");
    }

    [Fact]
    public async Task IdleSessions_Expire_OnUse_AndBySweep()
    {
        var used = await CreateAsync(_client, "trial");
        var swept = await CreateAsync(_client, "trial");
        var fresh = await CreateAsync(_client, "trial");
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, fresh)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, used));

        var sessions = _factory.Services.GetRequiredService<SessionService>();
        var count = sessions.Count;
        Assert.Equal(1, await sessions.SweepExpiredAsync(CancellationToken.None));
        Assert.Equal(count - 1, sessions.Count);
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, swept));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, fresh)).Status);
    }

    [Fact]
    public async Task ExpiryService_SweepsOnItsTimer()
    {
        var s = await CreateAsync(_client, "trial");
        var sessions = _factory.Services.GetRequiredService<SessionService>();
        Assert.Equal(1, sessions.Count);
        _time.Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < 600 && sessions.Count > 0; i++)
        {
            await Task.Delay(20); // the sweep runs on the timer's continuation, on the thread pool
        }

        Assert.Equal(0, sessions.Count);
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, s));
    }

    [Fact]
    public async Task MemoryPressureHandler_EvictsIdleSessions_AtCritical()
    {
        var idle = await CreateAsync(_client, "trial");
        _time.Advance(TimeSpan.FromMinutes(2));
        var active = await CreateAsync(_client, "trial");
        var handler = _factory.Services.GetServices<IMemoryOptimizationHandler>().OfType<IdleSessionEvictionHandler>().Single();
        Assert.False(handler.AppliesTo(MemoryLevel.Warning));
        Assert.True(handler.AppliesTo(MemoryLevel.Critical));
        await handler.RunAsync(new MemoryOptimizationContext { Level = MemoryLevel.Critical, LevelEntered = true, Reading = null! }, CancellationToken.None);
        AssertProblem(HttpStatusCode.NotFound, P + "unknown-session", await GetAsync(_client, idle));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, active)).Status);
    }

    [Fact]
    public async Task Shutdown_RefusesNewSessions_With503AndRetryAfter()
    {
        var s = await CreateAsync(_client, "trial");
        _factory.Services.GetRequiredService<StoryServerLifetime>().StopAccepting();
        using var response = await _client.PostAsJsonAsync("/api/sessions", new JsonObject { ["story"] = "trial" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(P + "shutting-down", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]);
        Assert.Equal(HttpStatusCode.OK, (await AdvanceAsync(_client, s)).Status);
    }

    [Fact]
    public async Task MaxSessions_RefusesMoreWith503AndRetryAfter_UntilOneEnds()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        factory.Settings["StoryServer:Sessions:MaxSessions"] = "2";
        using var client = factory.CreateClient();
        var first = await CreateAsync(client, "trial");
        var second = await CreateAsync(client, "trial");
        var save = JsonNode.Parse(await SaveAsync(client, second))!;

        using var refused = await client.PostAsJsonAsync("/api/sessions", new JsonObject { ["story"] = "trial" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(P + "too-many-sessions", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["type"]);
        AssertProblem(HttpStatusCode.ServiceUnavailable, P + "too-many-sessions", await SendAsync(client, Request(HttpMethod.Post, "/api/sessions/restore", body: new JsonObject { ["story"] = "trial", ["snapshot"] = save })));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, first)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, Request(HttpMethod.Delete, $"/api/sessions/{first.Id}", first))).Status);
        await CreateAsync(client, "trial");
    }

    [Fact]
    public async Task ConcurrentCallsOnOneSession_AreSerialized()
    {
        var s = await CreateAsync(_client, StoryServerFactory.Bundled, seed: 5);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AdvanceAsync(_client, s)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));

        // Six advances from the first line, in some order: the session is now exactly six lines on.
        var reference = await CreateAsync(_client, StoryServerFactory.Bundled, seed: 5);
        JsonObject expected = reference.Step;
        for (var i = 0; i < 6; i++)
        {
            expected = (await AdvanceAsync(_client, reference)).Body;
        }

        Assert.Equal(expected.ToJsonString(), (await GetAsync(_client, s)).Body.ToJsonString());
        Assert.Equal(6, answers.Select(a => a.Body.ToJsonString()).Distinct().Count());
    }

    private async Task<ClientSession> ToOptionsAsync()
    {
        var s = await CreateAsync(_client, "trial");
        await AdvanceAsync(_client, s);
        var options = await AdvanceAsync(_client, s);
        Assert.Equal("options", (string?)options.Body["kind"]);
        return s;
    }
}

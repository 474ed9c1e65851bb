using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// The story server in process, with settings for a test: its own stories folder (optional), fake time (optional),
/// extra services, and the rate limiter off unless a test turns it on.
/// </summary>
public sealed class StoryServerFactory : WebApplicationFactory<Program>
{
    public const string Bundled = "the-lanternkeepers-oath";

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["StoryServer:RateLimit:Enabled"] = "false",
        ["GameBook:ReloadOnChange"] = "false",
    };

    public FakeTimeProvider? Time { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The running host (to stop it as a SIGTERM would), once the server was started.</summary>
    public Microsoft.Extensions.Hosting.IHost? Host { get; private set; }

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        Host = base.CreateHost(builder);
        return Host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (Time is not null)
            {
                services.AddSingleton<TimeProvider>(Time);
            }

            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>A server whose stories folder holds the given files (name to text), plus the bundled story.</summary>
    public static StoryServerFactory WithStories(TestStories stories, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var factory = new StoryServerFactory { Time = time, ConfigureServices = services };
        factory.Settings["GameBook:StoriesPath"] = stories.Path;
        return factory;
    }
}

/// <summary>A temporary stories folder: the bundled story and the small test stories, deleted on dispose.</summary>
public sealed class TestStories : IDisposable
{
    public const string Trial = """
        title: Start
        ---
        <<declare $has_key = false>>
        Welcome to the trial.
        <<ring "bell" 2>>
        -> Open the door <<if $has_key>>
            <<jump Door>>
        -> Take the key
            <<set $has_key to true>>
            <<jump Hall>>
        -> Try the gate
            <<jump Locked>>
        -> Walk away
            <<jump Outside>>
        ===
        title: Hall
        ---
        You hold the [b]key[/b].
        -> Open the door <<if $has_key>>
            <<jump Door>>
        -> Go back <<if not $has_key>>
            <<jump Start>>
        ===
        title: Locked
        ---
        -> Squeeze through the bars <<if false>>
            <<jump Door>>
        The gate stays shut.
        ===
        title: Door
        tags: ending
        ---
        The door opens onto the sea.
        ===
        title: Outside
        tags: death
        ---
        You walk into the mist and are never seen again.
        ===
        """;

    public const string Other = """
        title: Start
        ---
        Another story.
        -> One
            First.
        -> Two
            Second.
        ===
        """;

    public TestStories()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gamebook-web-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "trial.yarn"), Trial);
        File.WriteAllText(System.IO.Path.Combine(Path, "other.yarn"), Other);
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "stories", StoryServerFactory.Bundled + ".yarn"), System.IO.Path.Combine(Path, StoryServerFactory.Bundled + ".yarn"));
    }

    public string Path { get; }

    public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name + ".yarn"), text);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A session seen from a client.</summary>
public sealed record ClientSession(string Id, string Token, JsonObject Step);

/// <summary>Calls the API like a player does.</summary>
public static class Api
{
    public static async Task<ClientSession> CreateAsync(HttpClient client, string story, ulong? seed = null)
    {
        var body = seed is null ? new JsonObject { ["story"] = story } : new JsonObject { ["story"] = story, ["seed"] = seed };
        using var response = await client.PostAsJsonAsync("/api/sessions", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new ClientSession((string)json["id"]!, (string)json["token"]!, json["step"]!.AsObject());
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, ClientSession? session = null, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (session is not null)
        {
            request.Headers.Add("X-Session-Token", session.Token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(text) };
            return (response.StatusCode, body);
        }
    }

    public static Task<(System.Net.HttpStatusCode Status, JsonObject Body)> AdvanceAsync(HttpClient client, ClientSession s) =>
        SendAsync(client, Request(HttpMethod.Post, $"/api/sessions/{s.Id}/advance", s));

    public static Task<(System.Net.HttpStatusCode Status, JsonObject Body)> ChooseAsync(HttpClient client, ClientSession s, int option) =>
        SendAsync(client, Request(HttpMethod.Post, $"/api/sessions/{s.Id}/choose", s, new JsonObject { ["option"] = option }));

    public static Task<(System.Net.HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, ClientSession s) =>
        SendAsync(client, Request(HttpMethod.Get, $"/api/sessions/{s.Id}", s));

    public static async Task<string> SaveAsync(HttpClient client, ClientSession s)
    {
        using var request = Request(HttpMethod.Get, $"/api/sessions/{s.Id}/save", s);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Advances past lines and commands, choosing with <paramref name="pick"/> at option sets, until the end; returns the steps seen.</summary>
    public static async Task<List<JsonObject>> PlayAsync(HttpClient client, ClientSession s, Func<JsonArray, int> pick, int maxSteps = 5000)
    {
        var steps = new List<JsonObject>();
        var step = (await GetAsync(client, s)).Body;
        for (var i = 0; i < maxSteps; i++)
        {
            steps.Add(step);
            var kind = (string)step["kind"]!;
            if (kind is "end" or "error")
            {
                return steps;
            }

            var (status, next) = kind == "options"
                ? await ChooseAsync(client, s, pick(step["options"]!.AsArray()))
                : await AdvanceAsync(client, s);
            Assert.True(status == System.Net.HttpStatusCode.OK, $"{status}: {next.ToJsonString()}");
            step = next;
        }

        throw new InvalidOperationException($"No end after {maxSteps} steps.");
    }

    /// <summary>The first available option, or -1 when none is.</summary>
    public static int FirstAvailable(JsonArray options)
    {
        foreach (var option in options)
        {
            if ((bool)option!["available"]!)
            {
                return (int)option["index"]!;
            }
        }

        return -1;
    }

    /// <summary>A deterministic pseudo-random available option.</summary>
    public static Func<JsonArray, int> RandomAvailable(int seed)
    {
        var random = new Random(seed);
        return options =>
        {
            var available = options.Where(o => (bool)o!["available"]!).Select(o => (int)o!["index"]!).ToArray();
            return available.Length == 0 ? -1 : available[random.Next(available.Length)];
        };
    }

    public static void AssertProblem(System.Net.HttpStatusCode expected, string type, (System.Net.HttpStatusCode Status, JsonObject Body) answer)
    {
        Assert.True(expected == answer.Status, $"expected {expected}, got {answer.Status}: {answer.Body.ToJsonString()}");
        Assert.Equal(type, (string?)answer.Body["type"]);
        Assert.Equal((int)expected, (int?)answer.Body["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)answer.Body["detail"]), "a problem says what was wrong");
    }

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}

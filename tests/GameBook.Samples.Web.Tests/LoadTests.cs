using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GameBook.Hosting;
using GameBook.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// The real server on loopback (Kestrel on 127.0.0.1, port 0, a real HttpClient): many sessions playing at once, and a
/// measurement of the choose endpoint next to a constant endpoint. Bounded in count and time; no timing assertions.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output) : IDisposable
{
    public const string Loop = """
        title: Start
        ---
        -> Left
            <<jump Start>>
        -> Right
            <<jump Start>>
        -> Stay <<if false>>
            <<jump Start>>
        ===
        """;

    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [Fact]
    public async Task ManyConcurrentSessions_EachPlayToAnEnding_WithNoErrorsOrMixedUpState()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        using var client = StartKestrel(factory, connections: 32);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        const int sessions = 48;

        var runs = await Task.WhenAll(Enumerable.Range(1, sessions).Select(seed => PlayAsync(client, (ulong)seed, timeout.Token)));

        // Replay each run on the engine directly with the same seed and choices: the server must have shown exactly that.
        var story = factory.Services.GetRequiredService<IStoryCatalog>().Stories[StoryServerFactory.Bundled];
        foreach (var run in runs)
        {
            Assert.Equal("end", run.Kinds[^1]);
            Assert.Equal(Replay(story, run.Seed, run.Choices), run.Texts);
        }

        var counts = (await client.GetFromJsonAsync<JsonObject>($"/api/analytics/stories/{StoryServerFactory.Bundled}"))!;
        Assert.Equal(sessions, (long)counts["sessionsStarted"]!);
        Assert.Equal(sessions, counts["endingsReached"]!.AsObject().Sum(e => (long)e.Value!));
        output.WriteLine($"{sessions} sessions, {runs.Sum(r => r.Texts.Count)} steps, {runs.Sum(r => r.Choices.Count)} choices, no errors.");
    }

    /// <summary>
    /// Measures requests per second and p50/p99 latency of POST /choose (on a story whose options loop, so every request
    /// is a real choice and the next option set) next to GET /api/ping, same server, same clients, same run. Figures go
    /// to the test output and docs/performance.md; the floor (choose at least 0.5 x ping) is read, not asserted.
    /// Set GAMEBOOK_MEASURE_REQUESTS for a longer run (default 4 000 per endpoint).
    /// </summary>
    [Fact]
    [Trait("Category", "Measurement")]
    public async Task Measure_ChooseEndpoint_AgainstAMinimalEndpoint()
    {
        _stories.Write("loop", Loop);
        using var factory = StoryServerFactory.WithStories(_stories);
        const int clients = 8;
        using var client = StartKestrel(factory, connections: clients);
        var total = int.TryParse(Environment.GetEnvironmentVariable("GAMEBOOK_MEASURE_REQUESTS"), out var n) ? n : 4_000;

        var sessions = new List<ClientSession>();
        for (var i = 0; i < clients; i++)
        {
            sessions.Add(await Api.CreateAsync(client, "loop"));
        }

        var bodies = new[] { "{\"option\":0}", "{\"option\":1}" };
        Func<int, int, HttpRequestMessage> choose = (worker, i) =>
        {
            var s = sessions[worker];
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{s.Id}/choose")
            {
                Content = new StringContent(bodies[i & 1], System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Session-Token", s.Token);
            return request;
        };
        Func<int, int, HttpRequestMessage> ping = (_, _) => new HttpRequestMessage(HttpMethod.Get, "/api/ping");

        // Warm both paths past tiered JIT compilation (a short warm-up left the first ping pass at a third of the
        // second's rate), then alternate the endpoints so drift in the machine's speed falls on both alike.
        var warmUp = Math.Max(3_000, total);
        for (var round = 0; round < 4; round++)
        {
            await MeasureAsync(client, ping, clients, warmUp);
            await MeasureAsync(client, choose, clients, warmUp);
        }

        var pings = new List<Measurement>();
        var chooses = new List<Measurement>();
        for (var round = 0; round < 3; round++)
        {
            pings.Add(await MeasureAsync(client, ping, clients, total));
            chooses.Add(await MeasureAsync(client, choose, clients, total));
        }

        var pingRate = pings.Select(m => m.RequestsPerSecond).Order().ElementAt(1);
        var chooseRate = chooses.Select(m => m.RequestsPerSecond).Order().ElementAt(1);
        var lines = new List<string> { $"clients {clients}, requests per endpoint and round {total}, warm-up 4 x {warmUp} each, {Environment.ProcessorCount} cores" };
        for (var round = 0; round < 3; round++)
        {
            lines.Add($"round {round + 1}: GET /api/ping {pings[round]}");
            lines.Add($"round {round + 1}: POST /api/sessions/{{id}}/choose {chooses[round]}");
        }

        lines.Add($"choose / ping requests per second, medians of 3 rounds: {chooseRate / pingRate:F2} (floor 0.5)");
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "web-host-measurement.txt"), lines);
        Assert.All(chooses.Concat(pings), m => Assert.Equal(0, m.Failures));
    }

    private static HttpClient StartKestrel(StoryServerFactory factory, int connections)
    {
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        return new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    private static async Task<Run> PlayAsync(HttpClient client, ulong seed, CancellationToken cancellationToken)
    {
        using var created = await client.PostAsJsonAsync("/api/sessions", new JsonObject { ["story"] = StoryServerFactory.Bundled, ["seed"] = seed }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var (id, token) = ((string)body["id"]!, (string)body["token"]!);
        var step = body["step"]!.AsObject();
        var run = new Run(seed, [], [], []);
        var pick = Api.RandomAvailable((int)seed);
        for (var i = 0; i < 5000; i++)
        {
            var kind = (string)step["kind"]!;
            run.Kinds.Add(kind);
            run.Texts.Add(Describe(step));
            if (kind is "end" or "error")
            {
                return run;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, kind == "options" ? $"/api/sessions/{id}/choose" : $"/api/sessions/{id}/advance");
            request.Headers.Add("X-Session-Token", token);
            if (kind == "options")
            {
                var option = pick(step["options"]!.AsArray());
                run.Choices.Add(option);
                request.Content = JsonContent.Create(new JsonObject { ["option"] = option });
            }

            using var response = await client.SendAsync(request, cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"session {seed}: {response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            step = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        }

        throw new InvalidOperationException($"Session {seed} did not end.");
    }

    private static List<string> Replay(Story story, ulong seed, List<int> choices)
    {
        var texts = new List<string>();
        using var session = story.CreateSession(new SessionOptions { Seed = seed });
        var next = 0;
        while (true)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    texts.Add("line:" + step.Line.Text);
                    break;
                case StepKind.Command:
                    texts.Add("command:" + step.Command.Text);
                    break;
                case StepKind.Options:
                    texts.Add("options:" + string.Join("|", step.Options.Select(o => o.Text + (o.IsAvailable ? "" : "*"))));
                    session.Choose(choices[next++]);
                    break;
                case StepKind.End:
                    texts.Add("end");
                    return texts;
                default:
                    texts.Add("error:" + step.Error?.Message);
                    return texts;
            }
        }
    }

    private static string Describe(JsonObject step) => (string)step["kind"]! switch
    {
        "line" => "line:" + (string)step["line"]!["text"]!,
        "command" => "command:" + (string)step["command"]!["text"]!,
        "options" => "options:" + string.Join("|", step["options"]!.AsArray().Select(o => (string)o!["text"]! + ((bool)o["available"]! ? "" : "*"))),
        "end" => "end",
        _ => "error:" + (string?)step["error"]?["message"],
    };

    private static async Task<Measurement> MeasureAsync(HttpClient client, Func<int, int, HttpRequestMessage> create, int workers, int total)
    {
        var latencies = new double[total];
        var failures = 0;
        var nextIndex = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = 0;
            int i;
            while ((i = Interlocked.Increment(ref nextIndex)) < total)
            {
                using var request = create(worker, mine++);
                var t0 = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return new Measurement(total / elapsed, latencies[total / 2], latencies[Math.Min(total - 1, (int)(total * 0.99))], failures);
    }

    private sealed record Run(ulong Seed, List<string> Kinds, List<string> Texts, List<int> Choices);

    private sealed record Measurement(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, int Failures)
    {
        public override string ToString() => $"{RequestsPerSecond,8:F0} requests/s, p50 {P50Milliseconds:F2} ms, p99 {P99Milliseconds:F2} ms, failures {Failures}";
    }
}

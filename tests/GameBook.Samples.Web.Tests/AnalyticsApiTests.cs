using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

public sealed class AnalyticsApiTests : IDisposable
{
    private readonly TestStories _stories = new();
    private readonly StoryServerFactory _factory;
    private readonly HttpClient _client;

    public AnalyticsApiTests()
    {
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
    public async Task Analytics_CountStartsEndingsStopsAndChoices()
    {
        var empty = (await _client.GetFromJsonAsync<JsonObject>("/api/analytics/stories/trial"))!;
        Assert.Equal(0, (long)empty["sessionsStarted"]!);

        // Two players take the key and open the door; one walks away; one stops at the first options and is deleted.
        foreach (var path in new[] { new[] { 1, 0 }, [1, 0], [3] })
        {
            var s = await CreateAsync(_client, "trial");
            var queue = new Queue<int>(path);
            var steps = await PlayAsync(_client, s, _ => queue.Dequeue());
            Assert.Equal("end", (string?)steps[^1]["kind"]);
        }

        var quitter = await CreateAsync(_client, "trial");
        await AdvanceAsync(_client, quitter);
        await AdvanceAsync(_client, quitter);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(_client, Request(HttpMethod.Delete, $"/api/sessions/{quitter.Id}", quitter))).Status);

        var counts = (await _client.GetFromJsonAsync<JsonObject>("/api/analytics/stories/trial"))!;
        Assert.Equal("trial", (string?)counts["story"]);
        Assert.Equal(4, (long)counts["sessionsStarted"]!);
        Assert.Equal(2, (long)counts["endingsReached"]!["Door"]!);
        Assert.Equal(1, (long)counts["endingsReached"]!["Outside"]!);
        Assert.Equal(1, (long)counts["stops"]!["Start"]!);

        var sets = counts["optionSets"]!.AsArray();
        var start = sets.Single(s => (string?)s!["node"] == "Start")!;
        var options = start["options"]!.AsArray();
        Assert.Equal(4, options.Count);
        Assert.Equal([0L, 2L, 0L, 1L], options.Select(o => (long)o!["chosen"]!));
        Assert.Equal("Take the key", (string?)options[1]!["text"]);
        var hall = sets.Single(s => (string?)s!["node"] == "Hall")!;
        Assert.Equal(2, (long)hall["options"]![0]!["chosen"]!);
    }

    [Fact]
    public async Task Analytics_OfAnUnknownStory_IsNotFound() =>
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownStory, await SendAsync(_client, Request(HttpMethod.Get, "/api/analytics/stories/nope")));

    [Fact]
    public async Task Analytics_CountsFromManyParallelSessions_AddUp()
    {
        var tasks = Enumerable.Range(0, 16).Select(async i =>
        {
            var s = await CreateAsync(_client, "trial");
            var queue = new Queue<int>(i % 2 == 0 ? [1, 0] : [3]);
            await PlayAsync(_client, s, _ => queue.Dequeue());
        });
        await Task.WhenAll(tasks);
        var counts = (await _client.GetFromJsonAsync<JsonObject>("/api/analytics/stories/trial"))!;
        Assert.Equal(16, (long)counts["sessionsStarted"]!);
        Assert.Equal(8, (long)counts["endingsReached"]!["Door"]!);
        Assert.Equal(8, (long)counts["endingsReached"]!["Outside"]!);
        var start = counts["optionSets"]!.AsArray().Single(s => (string?)s!["node"] == "Start")!["options"]!.AsArray();
        Assert.Equal(16, start.Sum(o => (long)o!["chosen"]!));
    }
}

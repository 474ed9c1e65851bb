using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GameBook.Runtime;
using GameBook.Samples.Web.Playtests;
using GameBook.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

public sealed class PlaytestApiTests : IDisposable
{
    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [Fact]
    public async Task Playtest_RunsToCompletion_WithAReportOfEveryPlaythrough()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        using var client = factory.CreateClient();
        using var start = await client.PostAsJsonAsync($"/api/stories/{StoryServerFactory.Bundled}/playtests", new JsonObject { ["playthroughs"] = 40, ["seed"] = 9 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal($"/api/playtests/{id}", start.Headers.Location?.OriginalString);

        var status = await WaitFinishedAsync(client, id);
        Assert.Equal("completed", (string?)status["state"]);
        Assert.Equal(40, (long)status["done"]!);
        Assert.Equal(40, (long)status["total"]!);
        Assert.True((double)status["selectionsPerSecond"]! > 0);

        var report = (await client.GetFromJsonAsync<JsonObject>($"/api/playtests/{id}/report"))!;
        Assert.Equal(40, (long)report["playthroughs"]!);
        var endings = report["endings"]!.AsObject().Sum(e => (long)e.Value!);
        Assert.Equal((long)report["ended"]!, endings);
        Assert.Equal(40, (long)report["ended"]! + (long)report["stepLimitReached"]! + (long)report["errored"]!);
        Assert.True((long)report["endedInEndingNode"]! > 0);

        // Same seed, same report.
        using var again = await client.PostAsJsonAsync($"/api/stories/{StoryServerFactory.Bundled}/playtests", new JsonObject { ["playthroughs"] = 40, ["seed"] = 9 });
        var second = (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await WaitFinishedAsync(client, second);
        Assert.Equal(report.ToJsonString(), (await client.GetFromJsonAsync<JsonObject>($"/api/playtests/{second}/report"))!.ToJsonString());
    }

    [Fact]
    public async Task Playtest_CanBeCanceled_AndItsReportIsNotThereBeforeItCompletes()
    {
        var runner = new GatedRunner();
        using var factory = StoryServerFactory.WithStories(_stories, services: s => s.Replace(ServiceDescriptor.Singleton<IPlaytestRunner>(runner)));
        using var client = factory.CreateClient();
        using var start = await client.PostAsJsonAsync("/api/stories/trial/playtests", new JsonObject { ["playthroughs"] = 10 });
        var id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var running = (await client.GetFromJsonAsync<JsonObject>($"/api/playtests/{id}"))!;
        Assert.Equal("running", (string?)running["state"]);
        AssertProblem(HttpStatusCode.Conflict, StoryServerProblems.PlaytestNotFinished, await SendAsync(client, Request(HttpMethod.Get, $"/api/playtests/{id}/report")));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, Request(HttpMethod.Delete, $"/api/playtests/{id}"))).Status);
        Assert.Equal("canceled", (string?)(await WaitFinishedAsync(client, id))["state"]);
        AssertProblem(HttpStatusCode.Conflict, StoryServerProblems.PlaytestNotFinished, await SendAsync(client, Request(HttpMethod.Get, $"/api/playtests/{id}/report")));
    }

    [Fact]
    public async Task Playtest_RefusedByThePool_Is503WithRetryAfter()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        using var client = factory.CreateClient();
        await factory.Services.GetRequiredService<WorkerPool>().StopAsync();
        using var refused = await client.PostAsJsonAsync("/api/stories/trial/playtests", new JsonObject { ["playthroughs"] = 10 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(StoryServerProblems.PoolRefused, (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["type"]);
    }

    [Fact]
    public async Task Playtest_BadRequests_AreProblems()
    {
        using var factory = StoryServerFactory.WithStories(_stories);
        using var client = factory.CreateClient();
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownStory, await SendAsync(client, Request(HttpMethod.Post, "/api/stories/nope/playtests", body: new JsonObject { ["playthroughs"] = 1 })));
        AssertProblem(HttpStatusCode.BadRequest, StoryServerProblems.InvalidRequest, await SendAsync(client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject())));
        AssertProblem(HttpStatusCode.BadRequest, StoryServerProblems.InvalidRequest, await SendAsync(client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject { ["playthroughs"] = 0 })));
        AssertProblem(HttpStatusCode.BadRequest, StoryServerProblems.InvalidRequest, await SendAsync(client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject { ["playthroughs"] = 1, ["maxSteps"] = 0 })));
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownPlaytest, await SendAsync(client, Request(HttpMethod.Get, "/api/playtests/nope")));
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownPlaytest, await SendAsync(client, Request(HttpMethod.Get, "/api/playtests/nope/report")));
        AssertProblem(HttpStatusCode.NotFound, StoryServerProblems.UnknownPlaytest, await SendAsync(client, Request(HttpMethod.Delete, "/api/playtests/nope")));
    }

    private static async Task<JsonObject> WaitFinishedAsync(HttpClient client, string id)
    {
        // Polls real work (not a timer): bounded so a hang fails the test instead of stalling the run.
        for (var i = 0; i < 1200; i++)
        {
            var status = (await client.GetFromJsonAsync<JsonObject>($"/api/playtests/{id}"))!;
            if ((string?)status["state"] is "completed" or "canceled" or "failed")
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Playtest {id} did not finish.");
    }

    /// <summary>A runner that reports one playthrough, then waits for cancellation: lets a test see a batch running.</summary>
    private sealed class GatedRunner : IPlaytestRunner
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IPlaytestReport> RunAsync(Story story, PlaytestSlice slice, IProgress<PlaytestProgress> progress, CancellationToken cancellationToken)
        {
            progress.Report(new PlaytestProgress(1, 1));
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}

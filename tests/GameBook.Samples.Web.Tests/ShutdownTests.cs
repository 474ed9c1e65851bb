using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GameBook.Runtime;
using GameBook.Samples.Web.Playtests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// The host stopped as a SIGTERM stops it (<c>IHost.StopAsync</c>), on Kestrel on a loopback port: while running
/// playtests drain, the server still answers (existing sessions, playtest polls) and refuses new work with 503.
/// </summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [Fact]
    public async Task Stop_WhileAPlaytestRuns_KeepsAnsweringUntilItDrained_AndRefusesNewWork()
    {
        var runner = new ReleasableRunner();
        using var factory = StoryServerFactory.WithStories(_stories, services: s => s.Replace(ServiceDescriptor.Singleton<IPlaytestRunner>(runner)));
        using var client = StartOnKestrel(factory);
        var session = await CreateAsync(client, "trial");
        using var start = await client.PostAsJsonAsync("/api/stories/trial/playtests", new JsonObject { ["playthroughs"] = 4 });
        var id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var playtests = factory.Services.GetRequiredService<PlaytestService>();

        var stopped = factory.Host!.StopAsync();

        // The playtest still runs: the server drains it before it stops listening.
        Assert.False(stopped.IsCompleted);
        var (pollStatus, poll) = await SendAsync(client, Request(HttpMethod.Get, $"/api/playtests/{id}"));
        Assert.Equal(HttpStatusCode.OK, pollStatus);
        Assert.Equal("running", (string?)poll["state"]);
        AssertProblem(HttpStatusCode.ServiceUnavailable, StoryServerProblems.ShuttingDown, await SendAsync(client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "trial" })));
        AssertProblem(HttpStatusCode.ServiceUnavailable, StoryServerProblems.ShuttingDown, await SendAsync(client, Request(HttpMethod.Post, "/api/stories/trial/playtests", body: new JsonObject { ["playthroughs"] = 1 })));
        Assert.Equal(HttpStatusCode.OK, (await AdvanceAsync(client, session)).Status);

        runner.Release.TrySetResult();
        await stopped.WaitAsync(TimeSpan.FromSeconds(60));
        var batch = playtests.Get(id).Result as Microsoft.AspNetCore.Http.HttpResults.Ok<PlaytestStatusDto>;
        Assert.Equal("completed", batch!.Value!.State);
    }

    [Fact]
    public async Task Stop_WithAPlaytestThatOutlastsTheDrainTimeout_CancelsIt()
    {
        var runner = new ReleasableRunner();
        using var factory = StoryServerFactory.WithStories(_stories, services: s => s.Replace(ServiceDescriptor.Singleton<IPlaytestRunner>(runner)));
        factory.Settings["GameBook:Workers:DrainTimeout"] = "00:00:01";
        using var client = StartOnKestrel(factory);
        using var start = await client.PostAsJsonAsync("/api/stories/trial/playtests", new JsonObject { ["playthroughs"] = 4 });
        var id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var playtests = factory.Services.GetRequiredService<PlaytestService>();

        await factory.Host!.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var batch = playtests.Get(id).Result as Microsoft.AspNetCore.Http.HttpResults.Ok<PlaytestStatusDto>;
        Assert.Equal("canceled", batch!.Value!.State);
    }

    private static HttpClient StartOnKestrel(StoryServerFactory factory)
    {
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>A runner whose slices report one playthrough and then wait to be released (or canceled).</summary>
    private sealed class ReleasableRunner : IPlaytestRunner
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IPlaytestReport> RunAsync(Story story, PlaytestSlice slice, IProgress<PlaytestProgress> progress, CancellationToken cancellationToken)
        {
            progress.Report(new PlaytestProgress(1, 1));
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            progress.Report(new PlaytestProgress(slice.Count - 1, 1));
            return new EmptyReport();
        }
    }

    private sealed class EmptyReport : IPlaytestReport
    {
        public IPlaytestReport Merge(IPlaytestReport other) => this;

        public void WriteTo(System.Text.Json.Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }
}

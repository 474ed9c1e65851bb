using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GameBook.Samples.Web.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

public sealed class StorageFailureApiTests : IDisposable
{
    private readonly TestStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [Fact]
    public async Task AFailingStore_IsRetried_ThenAnswered503_NeverA500()
    {
        var store = new FailingStore();
        using var factory = StoryServerFactory.WithStories(_stories, services: s => s.Replace(ServiceDescriptor.Singleton<ISessionStore>(store)));
        factory.Settings["GameBook:Resilience:Pipelines:sessions:Retry:BaseDelay"] = "00:00:00.010";
        factory.Settings["GameBook:Resilience:Pipelines:sessions:Retry:MaxDelay"] = "00:00:00.050";
        using var client = factory.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/sessions", new JsonObject { ["story"] = "trial" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.NotNull(created.Headers.RetryAfter);
        Assert.Equal(StoryServerProblems.StorageUnavailable, (string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["type"]);
        Assert.Equal(4, store.Calls); // the first attempt and three retries (storage profile)

        var get = await SendAsync(client, Request(HttpMethod.Get, "/api/sessions/AAAAAAAAAAAAAAAAAAAAAAAA", new ClientSession("AAAAAAAAAAAAAAAAAAAAAAAA", "t", [])));
        AssertProblem(HttpStatusCode.ServiceUnavailable, StoryServerProblems.StorageUnavailable, get);
    }

    /// <summary>A store whose every call fails, as a store behind an unreachable network would.</summary>
    private sealed class FailingStore : ISessionStore
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool KeepsEvictedSessions => true;

        public bool PersistsUpdates => true;

        public int Count => 0;

        public ValueTask<bool> AddAsync(HostedSession session, CancellationToken cancellationToken) => Fail<bool>();

        public ValueTask<HostedSession?> FindAsync(string id, CancellationToken cancellationToken) => Fail<HostedSession?>();

        public ValueTask UpdateAsync(HostedSession session, CancellationToken cancellationToken) => Fail();

        public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) => Fail<bool>();

        public ValueTask<IReadOnlyList<HostedSession>> ListIdleAsync(DateTimeOffset usedBefore, int max, CancellationToken cancellationToken) => Fail<IReadOnlyList<HostedSession>>();

        public ValueTask EvictAsync(HostedSession session, CancellationToken cancellationToken) => Fail();

        private ValueTask<T> Fail<T>()
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromException<T>(new IOException("The session store is unreachable."));
        }

        private ValueTask Fail()
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromException(new IOException("The session store is unreachable."));
        }
    }
}

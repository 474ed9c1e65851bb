using CsCheck;
using GameBook.Hosting;
using GameBook.Orleans.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Orleans.Tests;

/// <summary>The session grain's behaviour on one silo with in-memory grain storage (no Redis needed).</summary>
public sealed class SessionGrainTests : IAsyncLifetime
{
    private readonly FixtureStories _stories = new();
    private SessionCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SessionCluster.StartAsync(_stories.Path, silos: 1);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _stories.Dispose();
    }

    [Fact]
    public async Task Sessions_PlayedThroughGrains_HaveTheTranscriptsOfLocalSessions()
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var player = new Player(_cluster, "crossing", seed);
            await player.StartAsync();
            await player.PlayToEndAsync(DateTime.UtcNow);
            Assert.Equal(Transcripts.PlayLocally(_stories.Path, "crossing", seed), player.Transcript);
            distinct.Add(string.Join("\n", player.Transcript));
        }

        // The seeds matter: the comparison covers different paths, not one path six times.
        Assert.True(distinct.Count >= 3, $"only {distinct.Count} distinct transcripts");
    }

    [Fact]
    public async Task Choose_AnUnavailableOrMissingOption_IsRefused_AndChangesNothing()
    {
        var grain = _cluster.Session("hall-refused");
        var line = await grain.StartAsync("hall");
        var options = await grain.NextAsync(line.Version);
        Assert.Equal(SessionStepKind.Options, options.Step!.Kind);

        var unavailable = await grain.ChooseAsync(1, options.Version);
        var missing = await grain.ChooseAsync(7, options.Version);
        var advance = await grain.NextAsync(options.Version);

        Assert.Equal(SessionStatus.Invalid, unavailable.Status);
        Assert.Contains("not available", unavailable.Error, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Invalid, missing.Status);
        Assert.Contains("0 to 2", missing.Error, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Invalid, advance.Status);
        var now = await grain.GetAsync();
        Assert.Equal(options.Version, now.Version);
        Assert.Equal(SessionStepKind.Options, now.Step!.Kind);
    }

    [Fact]
    public async Task RetriedChoose_IsAnsweredAgain_NotAppliedTwice_AndAStaleVersionConflicts()
    {
        var grain = _cluster.Session("hall-retry");
        var line = await grain.StartAsync("hall");
        var options = await grain.NextAsync(line.Version);

        var waited = await grain.ChooseAsync(2, options.Version);
        var retried = await grain.ChooseAsync(2, options.Version);
        var stale = await grain.NextAsync(line.Version);

        Assert.Equal("line: You wait.", waited.Step!.ToString());
        Assert.Equal(waited.Version, retried.Version);
        Assert.Equal(waited.Step.ToString(), retried.Step!.ToString());
        Assert.Equal(SessionStatus.Conflict, stale.Status);
        Assert.Equal(waited.Version, (await grain.GetAsync()).Version);
    }

    [Fact]
    public async Task Save_RestoredIntoAnotherGrain_ShowsTheSameStep_AndDeleteRemovesTheSession()
    {
        var grain = _cluster.Session("crossing-save");
        var view = await grain.StartAsync("crossing", seed: 42);
        view = await grain.NextAsync(view.Version);
        var save = await grain.SaveAsync();

        var copy = _cluster.Session("crossing-copy");
        var restored = await copy.RestoreAsync("crossing", save!);

        Assert.True(restored.IsOk, restored.ToString());
        Assert.Equal(view.Step!.ToString(), restored.Step!.ToString());
        Assert.True(await grain.DeleteAsync());
        Assert.Equal(SessionStatus.NotFound, (await grain.GetAsync()).Status);
        Assert.False(await grain.DeleteAsync());
        Assert.Null(await grain.SaveAsync());
    }

    [Fact]
    public async Task AReactivatedGrain_ResumesFromItsPersistedSnapshot()
    {
        var grain = _cluster.Session("crossing-reactivate");
        var view = await grain.StartAsync("crossing", seed: 7);
        view = await grain.NextAsync(view.Version);

        await _cluster.DeactivateAllAsync();
        var again = await grain.GetAsync();

        Assert.Equal(view.Version, again.Version);
        Assert.Equal(view.Step!.ToString(), again.Step!.ToString());
    }

    [Fact]
    public async Task BadInput_GetsPreciseRefusals()
    {
        Assert.Equal(SessionStatus.StoryNotFound, (await _cluster.Session("x1").StartAsync("no-such-story")).Status);
        Assert.Equal(SessionStatus.Invalid, (await _cluster.Session("x2").StartAsync("hall", startNode: "Nowhere")).Status);
        var garbage = await _cluster.Session("x3").RestoreAsync("hall", "{not json");
        Assert.Equal(SessionStatus.SaveRejected, garbage.Status);
        Assert.Equal(SessionStatus.NotFound, (await _cluster.Session("x4").ChooseAsync(0, 1)).Status);
        var twice = _cluster.Session("x5");
        await twice.StartAsync("hall", seed: 1);
        Assert.Equal(SessionStatus.AlreadyExists, (await twice.StartAsync("crossing", seed: 1)).Status);
    }

    [Fact]
    public async Task ASnapshotFromAnEditedStory_ThatNoLongerFits_IsRefusedWithTheReason_NeverResumedSilently()
    {
        // The snapshot comes from an edited 'hall' (a new node, the session inside it); the silo serves the original.
        using var edited = new FixtureStories();
        edited.Write("hall", FixtureStories.Hall.Replace("-> Wait", "-> Cellar\n    <<jump Cellar>>\n-> Wait", StringComparison.Ordinal) + "\ntitle: Cellar\n---\nIt is dark down here.\n-> Up\n    <<jump Start>>\n===\n");
        using var services = new ServiceCollection().AddGameBook(o =>
        {
            o.StoriesPath = edited.Path;
            o.ReloadOnChange = false;
        }).Services.BuildServiceProvider();
        var factory = services.GetRequiredService<IStorySessionFactory>();
        using var local = factory.CreateSession("hall", "Start", 1);
        local.Next();
        local.Next();
        local.Choose(2);
        local.Next();
        var inCellar = local.Save();

        var grain = _cluster.Session("hall-edited");
        var written = await grain.WriteAsync(new StoredSession { Story = "hall", Snapshot = inCellar.ToJson() }, 0);
        var resumed = await grain.GetAsync();

        Assert.Equal(StoredSessionWrite.Written, written);
        Assert.Equal(SessionStatus.Unavailable, resumed.Status);
        Assert.Contains("cannot resume on this silo's version", resumed.Error, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Unavailable, (await grain.NextAsync(1)).Status);
    }
}

/// <summary>Random calls against a session grain: every answer is a result, never an exception, and a refused call changes nothing.</summary>
public sealed class SessionGrainPropertyTests : IAsyncLifetime
{
    private readonly FixtureStories _stories = new();
    private SessionCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SessionCluster.StartAsync(_stories.Path, silos: 1);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _stories.Dispose();
    }

    [Fact]
    public async Task RandomCalls_WithRandomOptionsAndVersions_AreAnsweredOrRefused_AndRefusalsChangeNothing()
    {
        var calls = Gen.Select(Gen.Int[0, 2], Gen.Int[-3, 5], Gen.Int[-2, 1]).Array[1, 30];
        var run = 0;
        await calls.SampleAsync(async sequence =>
        {
            var grain = _cluster.Session("random-" + Interlocked.Increment(ref run).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var view = await grain.StartAsync("crossing", (ulong)run);
            foreach (var (kind, option, offset) in sequence)
            {
                var before = await grain.GetAsync();
                var version = before.Version + offset;
                var answer = kind switch
                {
                    0 => await grain.NextAsync(version),
                    1 => await grain.ChooseAsync(option, version),
                    _ => await grain.GetAsync(),
                };
                var after = await grain.GetAsync();
                if (!answer.IsOk)
                {
                    Assert.False(string.IsNullOrWhiteSpace(answer.Error));
                    Assert.Equal(before.Version, after.Version);
                    Assert.Equal(before.Step!.ToString(), after.Step!.ToString());
                }
                else
                {
                    Assert.True(after.Version == before.Version || after.Version == before.Version + 1, $"{before.Version} -> {after.Version}");
                    Assert.Equal(answer.Version, after.Version);
                }
            }

            return true;
        }, iter: 40, threads: 1);
    }
}

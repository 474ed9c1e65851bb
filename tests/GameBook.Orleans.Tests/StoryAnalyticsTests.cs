using System.Collections.Immutable;
using CsCheck;
using GameBook.Orleans.Analytics;
using GameBook.Testing;

namespace GameBook.Orleans.Tests;

/// <summary>
/// Story analytics aggregated across silos: each host adds numbered deltas to one grain per story; the totals are the
/// sum over hosts, a retried flush counts once, the totals survive deactivation and a Redis outage, and the cluster's
/// active session count covers every silo. Real silos on a real redis-server, as the session tests run.
/// </summary>
public sealed class StoryAnalyticsTests : IDisposable
{
    private readonly FixtureStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [RedisFact]
    public async Task DeltasFromTwoHosts_OnTwoSilos_AddUp_ARetriedFlushCountsOnce_AndTheTotalsArePersisted()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);

        // Several stories, so their grains spread over both silos.
        var stories = Enumerable.Range(0, 8).Select(i => $"story-{i}").ToArray();
        foreach (var story in stories)
        {
            var grain = cluster.Client.GetGrain<IStoryAnalyticsGrain>(story);
            Assert.True(await grain.AddAsync("host-a", 1, Counts(started: 2, ending: ("Ferry", 1), choice: ("Dock", "line:pay", 0, 3))));
            Assert.True(await grain.AddAsync("host-b", 1, Counts(started: 5, ending: ("Bank", 2), choice: ("Dock", "line:pay", 0, 1))));
            Assert.True(await grain.AddAsync("host-a", 2, Counts(started: 1, stop: ("Dock", 1), choice: ("Dock", "line:fish", 1, 4))));

            // host-b's answer was lost and it sends the same flush again: acknowledged, not counted twice.
            Assert.False(await grain.AddAsync("host-b", 1, Counts(started: 5, ending: ("Bank", 2), choice: ("Dock", "line:pay", 0, 1))));
        }

        var spread = await ActivationsBySiloAsync(cluster, "StoryAnalyticsGrain");
        Assert.True(spread.Count(s => s.Value > 0) == 2, "the analytics grains should be spread over both silos: " + string.Join(", ", spread));

        await cluster.DeactivateAllAsync();
        foreach (var story in stories)
        {
            var totals = await cluster.Client.GetGrain<IStoryAnalyticsGrain>(story).GetAsync();
            Assert.Equal(8, totals.SessionsStarted);
            Assert.Equal(1, totals.EndingsReached["Ferry"]);
            Assert.Equal(2, totals.EndingsReached["Bank"]);
            Assert.Equal(1, totals.Stops["Dock"]);
            var set = Assert.Single(totals.OptionSets);
            Assert.Equal([("line:pay", 4L), ("line:fish", 4L)], set.Options.Select(o => (o.Key, o.Chosen)));
        }
    }

    [RedisFact]
    public async Task RedisDownDuringAFlush_TheFlushIsRefusedWithTheReason_ThenItsRetryCountsOnce()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        var grain = cluster.Client.GetGrain<IStoryAnalyticsGrain>("crossing");
        Assert.True(await grain.AddAsync("host-a", 1, Counts(started: 3)));

        redis.Kill();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => grain.AddAsync("host-a", 2, Counts(started: 4)));
        Assert.Contains("is not counted. Retry it with the same sequence", refused.Message, StringComparison.Ordinal);
        await redis.RestartAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                Assert.True(await grain.AddAsync("host-a", 2, Counts(started: 4)));
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }

        Assert.False(await grain.AddAsync("host-a", 2, Counts(started: 4)));
        await cluster.DeactivateAllAsync();
        Assert.Equal(7, (await grain.GetAsync()).SessionsStarted);
    }

    [RedisFact]
    public async Task ANegativeDelta_IsRefused_AndCountsNothing()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        var grain = cluster.Client.GetGrain<IStoryAnalyticsGrain>("crossing");

        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.AddAsync("host-a", 1, Counts(started: -1)));
        Assert.Contains("negative count", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.AddAsync("host-a", 0, Counts(started: 1)));
        Assert.True((await grain.GetAsync()).IsEmpty);
    }

    [RedisFact]
    public async Task TheClusterCount_CoversTheSessionsOfEverySilo()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => cluster.Session($"count-{i}").StartAsync("crossing", (ulong)i)));

        var bySilo = await cluster.ActivationsBySiloAsync();
        var count = await cluster.Client.CountActiveSessionsAsync();

        Assert.Equal(2, count.Silos);
        Assert.Equal(24, count.ActiveSessions);
        Assert.True(bySilo.Count(s => s.Value > 0) == 2, "the sessions should be spread over both silos: " + string.Join(", ", bySilo));
    }

    [Fact]
    public void CountsAddedThenTakenAway_GiveTheDeltaBack_AndAReadingOfOtherCountersIsRefused()
    {
        var gen =
            from started in Gen.Long[0, 1_000]
            from endings in Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 1, 3], Gen.Long[0, 50])[0, 4]
            from chosen in Gen.Long[0, 50].Array[0, 4]
            select new StoryAnalyticsCounts
            {
                SessionsStarted = started,
                EndingsReached = endings.ToImmutableDictionary(StringComparer.Ordinal),
                OptionSets = chosen.Length == 0 ? [] :
                [
                    new OptionSetCounts { Node = "Dock", Key = "line:0", Options = [.. chosen.Select((c, i) => new OptionCounts { Key = $"line:{i}", Index = i, Text = $"option {i}", Chosen = c })] },
                ],
            };

        Gen.Select(gen, gen).Sample((earlier, delta) =>
        {
            var later = earlier.Add(delta);
            Assert.Equal(Canonical(delta), Canonical(later.Since(earlier)));
            Assert.Equal(Canonical(later), Canonical(later.Since(StoryAnalyticsCounts.Empty)));
            if (!delta.IsEmpty)
            {
                Assert.Throws<ArgumentException>(() => earlier.Since(later));
            }
        });
    }

    private static StoryAnalyticsCounts Counts(long started = 0, (string Node, long Count)? ending = null, (string Node, long Count)? stop = null, (string Node, string Key, int Index, long Chosen)? choice = null) => new()
    {
        SessionsStarted = started,
        EndingsReached = ending is { } e ? ImmutableDictionary<string, long>.Empty.Add(e.Node, e.Count) : ImmutableDictionary<string, long>.Empty,
        Stops = stop is { } s ? ImmutableDictionary<string, long>.Empty.Add(s.Node, s.Count) : ImmutableDictionary<string, long>.Empty,
        OptionSets = choice is { } c
            ? [new OptionSetCounts { Node = c.Node, Key = "set:dock", Options = [new OptionCounts { Key = c.Key, Index = c.Index, Text = c.Key, Chosen = c.Chosen }] }]
            : [],
    };

    /// <summary>The counts as text with zero entries left out (a delta leaves out what did not change).</summary>
    private static string Canonical(StoryAnalyticsCounts counts) =>
        string.Join("; ",
            $"started {counts.SessionsStarted}",
            "endings " + string.Join(",", counts.EndingsReached.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            "stops " + string.Join(",", counts.Stops.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            "sets " + string.Join(",", counts.OptionSets.SelectMany(s => s.Options.Where(o => o.Chosen != 0).Select(o => $"{s.Key}/{o.Key}={o.Chosen}")).Order(StringComparer.Ordinal)));

    private static async Task<Dictionary<SiloAddress, int>> ActivationsBySiloAsync(SessionCluster cluster, string grainType)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains(grainType, StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }
}

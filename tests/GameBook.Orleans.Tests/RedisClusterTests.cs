using GameBook.Testing;
namespace GameBook.Orleans.Tests;

/// <summary>
/// Two silos in this process on a real redis-server (membership and grain storage through AddGameBookOrleans): sessions
/// spread over the silos, a silo killed mid-play, Redis killed mid-run. Every session's transcript must equal the one a
/// single process plays for the same seed: nothing lost, nothing repeated.
/// </summary>
public sealed class RedisClusterTests : IDisposable
{
    private const int Players = 16;
    private readonly FixtureStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [RedisFact]
    public async Task SessionsSpreadOverTwoSilos_PlayToTheirEndings_WithTheTranscriptsOfOneProcess()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        var players = await StartPlayersAsync(cluster);

        var spread = await cluster.ActivationsBySiloAsync();
        await Task.WhenAll(players.Select(p => p.PlayToEndAsync(DateTime.UtcNow)));

        Assert.True(spread.Count(s => s.Value > 0) == 2, "the sessions should be spread over both silos: " + string.Join(", ", spread));
        AssertTranscriptsOfOneProcess(players);
        var keys = await redis.CommandAsync("DBSIZE");
        Assert.True(int.Parse(keys[1..].Trim(), System.Globalization.CultureInfo.InvariantCulture) >= Players, "every session should be persisted in Redis: " + keys);
    }

    [RedisFact]
    public async Task ASiloKilledMidPlay_EverySessionContinuesOnTheSurvivor_FromItsLastAcknowledgedStep()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        var players = await StartPlayersAsync(cluster);
        await Task.WhenAll(players.Select(p => p.PlayAsync(3)));
        var victim = cluster.Cluster.SecondarySilos[0];
        var before = await cluster.ActivationsBySiloAsync();
        Assert.True(before.GetValueOrDefault(victim.SiloAddress) > 0, "some sessions should live on the silo about to be killed: " + string.Join(", ", before));

        await cluster.Cluster.KillSiloAsync(victim);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        await Task.WhenAll(players.Select(p => p.PlayToEndAsync(deadline)));

        AssertTranscriptsOfOneProcess(players);
        var after = await cluster.ActivationsBySiloAsync();
        Assert.DoesNotContain(victim.SiloAddress, after.Keys);
    }

    [RedisFact]
    public async Task RedisKilledMidRun_CallsFailWithAClearError_ThenEverySessionRecovers_NoAcknowledgedStepLost()
    {
        using var redis = await RedisServer.StartAsync();
        await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos: 2, redis);
        var players = await StartPlayersAsync(cluster);
        await Task.WhenAll(players.Select(p => p.PlayAsync(3)));
        var acknowledged = players.ToDictionary(p => p.Id, p => p.Transcript.Count);

        redis.Kill();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => players[0].PlayAsync(1));
        Assert.Equal(acknowledged[players[0].Id], players[0].Transcript.Count);
        await redis.RestartAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        await Task.WhenAll(players.Select(p => p.PlayToEndAsync(deadline)));

        var storage = Assert.IsType<Sessions.SessionStorageException>(failure);
        Assert.Contains("is not acknowledged", storage.Message, StringComparison.Ordinal);
        AssertTranscriptsOfOneProcess(players);

        // What Redis holds after its restart is what the players saw last: deactivate everything, read it back.
        await cluster.DeactivateAllAsync();
        foreach (var player in players)
        {
            var reread = await cluster.Session(player.Id).GetAsync();
            Assert.Equal(player.View!.Version, reread.Version);
            Assert.Equal(player.View.Step!.ToString(), reread.Step!.ToString());
        }
    }

    private static async Task<List<Player>> StartPlayersAsync(SessionCluster cluster)
    {
        var players = Enumerable.Range(1, Players).Select(i => new Player(cluster, "crossing", (ulong)i)).ToList();
        await Task.WhenAll(players.Select(p => p.StartAsync()));
        return players;
    }

    private void AssertTranscriptsOfOneProcess(List<Player> players)
    {
        foreach (var player in players)
        {
            Assert.True(player.Ended, $"{player.Id} did not end");
            Assert.Equal(Transcripts.PlayLocally(_stories.Path, "crossing", player.Seed), player.Transcript);
        }
    }
}

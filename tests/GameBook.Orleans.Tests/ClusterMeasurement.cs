using System.Diagnostics;
using System.Globalization;
using GameBook.Orleans.Sessions;
using GameBook.Testing;
using Xunit.Abstractions;

namespace GameBook.Orleans.Tests;

/// <summary>
/// Sessions choosing as fast as they can through the cluster client on a real redis-server, with one silo and then two
/// in the same run: chooses per second, p50/p99 of a choose, Redis commands and bytes per choose, Redis bytes per
/// session. Figures go to the test output and bin/.../orleans-measurement.txt; nothing about time is asserted, only
/// that every choose was acknowledged. GAMEBOOK_MEASURE_CHOOSES sets the chooses per run (default 2 000).
/// </summary>
public sealed class ClusterMeasurement(ITestOutputHelper output) : IDisposable
{
    private const string Loop = """
        title: Start
        ---
        <<declare $turns = 0>>
        <<jump Loop>>
        ===
        title: Loop
        ---
        -> Left
            <<set $turns to $turns + 1>>
            <<jump Loop>>
        -> Right
            <<set $turns to $turns + 1>>
            <<jump Loop>>
        ===
        """;

    private const int Players = 32;
    private readonly FixtureStories _stories = new();

    public void Dispose() => _stories.Dispose();

    [RedisFact]
    [Trait("Category", "Measurement")]
    public async Task ChooseThroughput_OneSiloAndTwoSilos_OnRedis()
    {
        _stories.Write("loop", Loop);
        var total = int.TryParse(Environment.GetEnvironmentVariable("GAMEBOOK_MEASURE_CHOOSES"), out var n) ? n : 2_000;
        var lines = new List<string>
        {
            $"Orleans session grains on redis-server (appendfsync always), {Players} concurrent players, {total} chooses per run, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
            "silos | chooses/s | p50 ms | p99 ms | redis commands/choose | redis bytes in/choose | redis bytes/session | managed bytes/active session",
        };
        foreach (short silos in new short[] { 1, 2 })
        {
            using var redis = await RedisServer.StartAsync();
            await using var cluster = await SessionCluster.StartAsync(_stories.Path, silos, redis);
            var grains = Enumerable.Range(0, Players).Select(i => cluster.Session($"load-{silos}-{i}")).ToArray();
            var views = await Task.WhenAll(grains.Select(g => g.StartAsync("loop", 1)));

            // Warm-up: the same work, unmeasured, so the JIT and the connections are settled.
            await RunAsync(grains, views, total / 4);
            var before = await RedisStatsAsync(redis);
            var (elapsed, latencies) = await RunAsync(grains, views, total);
            var after = await RedisStatsAsync(redis);
            var sessionBytes = await SessionKeyBytesAsync(redis);
            var grainBytes = await ActiveSessionBytesAsync(cluster, silos);

            latencies.Sort();
            var commands = (after.Commands - before.Commands - 2) / (double)total;
            var bytesIn = (after.BytesIn - before.BytesIn) / (double)total;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{silos} | {total / elapsed.TotalSeconds:F0} | {latencies[total / 2]:F2} | {latencies[Math.Min(total - 1, (int)(total * 0.99))]:F2} | {commands:F2} | {bytesIn:F0} | {sessionBytes} | {grainBytes:F0}"));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        await File.WriteAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "orleans-measurement.txt"), lines);
    }

    /// <summary>Every player chooses in turn until <paramref name="total"/> chooses were acknowledged; the latency of each, in ms.</summary>
    private static async Task<(TimeSpan Elapsed, List<double> Latencies)> RunAsync(IStorySessionGrain[] grains, SessionView[] views, int total)
    {
        var remaining = total;
        var latencies = new List<double>(total);
        var gate = new object();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(grains.Select(async (grain, i) =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                var view = await grain.ChooseAsync((int)(views[i].Version % 2), views[i].Version);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Assert.True(view.IsOk, view.ToString());
                views[i] = view;
                lock (gate)
                {
                    latencies.Add(ms);
                }
            }
        }));
        return (clock.Elapsed, latencies);
    }

    /// <summary>Redis' own accounting (MEMORY USAGE) of one session's key.</summary>
    private static async Task<long> SessionKeyBytesAsync(RedisServer redis)
    {
        var reply = await redis.CommandAsync("KEYS *load-*");
        var lines = reply.Split("\r\n");
        if (lines.Length < 3 || !lines[1].StartsWith('$'))
        {
            return 0;
        }

        var usage = await redis.CommandAsync("MEMORY USAGE \"" + lines[2] + "\"");
        return usage.StartsWith(':') ? long.Parse(usage[1..].Trim(), CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Managed heap growth of this process (silos and client) per session grain activated, over 1 000 sessions.</summary>
    private static async Task<double> ActiveSessionBytesAsync(SessionCluster cluster, short silos)
    {
        const int sessions = 1_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var batch = 0; batch < sessions; batch += 100)
        {
            await Task.WhenAll(Enumerable.Range(batch, 100).Select(i => cluster.Session($"memory-{silos}-{i}").StartAsync("loop", 1)));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (after - before) / (double)sessions;
    }

    private static async Task<(long Commands, long BytesIn)> RedisStatsAsync(RedisServer redis)
    {
        var stats = await redis.CommandAsync("INFO stats");
        return (Info(stats, "total_commands_processed"), Info(stats, "total_net_input_bytes"));
    }

    private static long Info(string info, string field, string prefix = "")
    {
        foreach (var line in info.Split('\n'))
        {
            var text = line.Trim();
            if (prefix.Length > 0)
            {
                if (!text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                text = text[prefix.Length..];
                foreach (var part in text.Split(','))
                {
                    if (part.StartsWith(field + "=", StringComparison.Ordinal))
                    {
                        return long.Parse(part[(field.Length + 1)..], CultureInfo.InvariantCulture);
                    }
                }
            }
            else if (text.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(text[(field.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

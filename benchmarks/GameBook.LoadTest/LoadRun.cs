using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GameBook.Testing;

namespace GameBook.LoadTest;

/// <summary>
/// One run: the story servers (one with the memory store, or one per silo with the Orleans store on Redis), players
/// created round-robin over the servers (each player stays on its server, as behind a load balancer with affinity),
/// a warm-up, an idle window that measures Redis' background traffic (membership), then the measured chooses.
/// </summary>
internal static class LoadRun
{
    public static async Task<(string Row, string Detail)> ExecuteAsync(string web, string stories, int silos, LoadOptions options)
    {
        using var redis = silos > 0 ? await RedisServer.StartAsync() : null;
        var servers = new List<ServerProcess>();
        try
        {
            var clusterId = $"load-{silos}-{Guid.NewGuid():N}"[..16];
            for (var i = 0; i < Math.Max(1, silos); i++)
            {
                var settings = new Dictionary<string, string>
                {
                    ["GameBook__StoriesPath"] = stories,
                    ["StoryServer__Sessions__Store"] = redis is null ? "Memory" : "Orleans",
                };
                if (redis is not null)
                {
                    settings["StoryServer__Cluster__Role"] = "Silo";
                    settings["GameBook__Orleans__ClusterId"] = clusterId;
                    settings["GameBook__Orleans__Clustering"] = "Redis";
                    settings["GameBook__Orleans__Storage"] = "Redis";
                    settings["GameBook__Orleans__RedisConnectionString"] = $"127.0.0.1:{redis.Port},abortConnect=false";
                    settings["GameBook__Orleans__SiloPort"] = Machine.FreePort().ToString(CultureInfo.InvariantCulture);
                    settings["GameBook__Orleans__GatewayPort"] = Machine.FreePort().ToString(CultureInfo.InvariantCulture);
                }

                servers.Add(await ServerProcess.StartAsync(web, settings));
            }

            var clients = servers.Select(s => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { BaseAddress = s.BaseAddress, Timeout = TimeSpan.FromSeconds(60) }).ToArray();
            if (redis is not null)
            {
                await WaitForSilosAsync(clients[0], silos);
            }

            var players = new Player[options.Players];
            for (var i = 0; i < players.Length; i++)
            {
                players[i] = await Player.CreateAsync(clients[i % clients.Length], (ulong)i + 1);
            }

            await RunAsync(players, options.Chooses / 4);

            double background = 0;
            if (redis is not null)
            {
                var idleStart = await RedisStats.ReadAsync(redis);
                var idle = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(3));
                background = (await RedisStats.ReadAsync(redis)).Commands.Sum(c => c.Value) - idleStart.Commands.Sum(c => c.Value);
                background /= idle.Elapsed.TotalSeconds;
            }

            var before = redis is null ? null : await RedisStats.ReadAsync(redis);
            var cpuBefore = servers.Sum(s => s.Cpu.TotalMilliseconds);
            var redisCpuBefore = redis?.Cpu.TotalMilliseconds ?? 0;
            var (elapsed, latencies) = await RunAsync(players, options.Chooses);
            var cpu = servers.Sum(s => s.Cpu.TotalMilliseconds) - cpuBefore;
            var redisCpu = (redis?.Cpu.TotalMilliseconds ?? 0) - redisCpuBefore;
            var after = redis is null ? null : await RedisStats.ReadAsync(redis);

            latencies.Sort();
            var total = options.Chooses;
            var name = redis is null ? "memory store, 1 server" : $"Orleans store, {silos} silo{(silos == 1 ? string.Empty : "s")} ({silos} server{(silos == 1 ? string.Empty : "s")})";
            string commands = "-", bytes = "-", redisMs = "-", backgroundText = "-", detail;
            if (before is not null && after is not null)
            {
                var delta = after.Commands.ToDictionary(c => c.Key, c => c.Value - before.Commands.GetValueOrDefault(c.Key));
                commands = (delta.Values.Sum() / (double)total).ToString("F2", CultureInfo.InvariantCulture);
                bytes = ((after.BytesIn - before.BytesIn) / (double)total).ToString("F0", CultureInfo.InvariantCulture);
                redisMs = (redisCpu / total).ToString("F3", CultureInfo.InvariantCulture);
                backgroundText = background.ToString("F1", CultureInfo.InvariantCulture);
                detail = $"- {name}: Redis commands per choose by command: " + string.Join(", ", delta.Where(d => d.Value > 0).OrderByDescending(d => d.Value)
                    .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value / (double)total:F2}")))
                    + string.Create(CultureInfo.InvariantCulture, $"; Redis used_memory {after.UsedMemory / 1024.0 / 1024.0:F1} MiB for {after.Keys} keys.");
            }
            else
            {
                detail = $"- {name}: no Redis.";
            }

            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {total / elapsed.TotalSeconds:F0} | {Percentile(latencies, 0.50):F2} | {Percentile(latencies, 0.99):F2} | {commands} | {bytes} | {cpu / total:F3} | {redisMs} | {backgroundText} |");
            foreach (var client in clients)
            {
                client.Dispose();
            }

            return (row, detail);
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    /// <summary>Every player chooses in turn until <paramref name="total"/> chooses were answered 200; the latency of each, in ms.</summary>
    private static async Task<(TimeSpan Elapsed, List<double> Latencies)> RunAsync(Player[] players, int total)
    {
        var remaining = total;
        var latencies = new List<double>(total);
        var gate = new object();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(players.Select(async player =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                await player.ChooseAsync();
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (gate)
                {
                    latencies.Add(ms);
                }
            }
        }));
        return (clock.Elapsed, latencies);
    }

    /// <summary>Waits until the first server's dashboard counts the expected silos in the cluster.</summary>
    private static async Task WaitForSilosAsync(HttpClient client, int silos)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
            request.Headers.Add("X-Dashboard-Key", ServerProcess.DashboardKey);
            using var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (json.RootElement.TryGetProperty("cluster", out var cluster) && cluster.TryGetProperty("silos", out var count) && count.ValueKind == JsonValueKind.Number && count.GetInt32() == silos)
                {
                    return;
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The cluster did not show {silos} active silos within 90 s.");
    }

    /// <summary>One player: a session on one server, choosing Left and Right in turn.</summary>
    private sealed class Player(HttpClient client, string id, string token)
    {
        private long _turn;

        public static async Task<Player> CreateAsync(HttpClient client, ulong seed)
        {
            using var content = new StringContent($$"""{"story":"{{StoriesFolder.Story}}","seed":{{seed}}}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/sessions", content);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a session answered {(int)response.StatusCode}: {text}");
            }

            using var json = JsonDocument.Parse(text);
            return new Player(client, json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("token").GetString()!);
        }

        public async Task ChooseAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/choose");
            request.Headers.Add("X-Session-Token", token);
            request.Content = new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"option":{{_turn++ % 2}}}"""), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"A choose answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await response.Content.LoadIntoBufferAsync();
        }
    }
}

/// <summary>What Redis reports: calls per command (INFO commandstats, the INFO command itself left out), bytes received, memory, keys.</summary>
internal sealed record RedisStats(Dictionary<string, long> Commands, long BytesIn, long UsedMemory, long Keys)
{
    public static async Task<RedisStats> ReadAsync(RedisServer redis)
    {
        var commands = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in (await redis.CommandAsync("INFO commandstats")).Split('\n'))
        {
            var text = line.Trim();
            if (!text.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var name = text[8..colon];
            var calls = text[(colon + 1)..].Split(',').First(p => p.StartsWith("calls=", StringComparison.Ordinal))[6..];
            if (name is not "info" and not "dbsize")
            {
                commands[name] = long.Parse(calls, CultureInfo.InvariantCulture);
            }
        }

        var stats = await redis.CommandAsync("INFO stats");
        var memory = await redis.CommandAsync("INFO memory");
        var keys = await redis.CommandAsync("DBSIZE");
        return new RedisStats(commands, Field(stats, "total_net_input_bytes"), Field(memory, "used_memory"), long.Parse(keys.TrimStart(':').Trim(), CultureInfo.InvariantCulture));
    }

    private static long Field(string info, string field)
    {
        foreach (var line in info.Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(text[(field.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

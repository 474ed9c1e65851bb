using System.Diagnostics;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.ResourceMonitoring;
using Xunit.Abstractions;

namespace GameBook.Telemetry.Tests;

/// <summary>
/// Real OS readings through the default reader (ResourceMonitoring instruments + GC). Bounded in time, asserting
/// only direction and the thresholds of the issue, with generous deadlines for a noisy shared machine.
/// </summary>
public sealed class ResourceReadingTests(ITestOutputHelper output) : IDisposable
{
    private readonly ServiceProvider _services = BuildServices();

    private IResourceReader Reader => _services.GetRequiredService<IResourceReader>();

    [Fact]
    public void Read_ReturnsMemoryAgainstALimit_AndATimestamp()
    {
        var reading = Reader.Read();

        Assert.InRange(reading.MemoryUtilization, 0.0000001, 1);
        Assert.True(reading.MemoryLimitBytes > reading.MemoryUsedBytes);
        Assert.True(reading.ManagedHeapBytes > 0);
        Assert.True(reading.ManagedHeapLimitBytes > 0);
        Assert.NotEqual(default, reading.Timestamp);
    }

    [Fact]
    public async Task BurningBothCores_RaisesCpuAbove80Percent_AndItFallsWhenTheBurnStops()
    {
        var reader = Reader;
        using var burn = new CancellationTokenSource();
        var burners = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Task.Factory.StartNew(() => Spin(burn.Token), TaskCreationOptions.LongRunning))
            .ToArray();
        var peak = 0.0;
        try
        {
            peak = await PollAsync(reader, TimeSpan.FromSeconds(30), r => r.CpuUtilization > 0.8, "burning");
        }
        finally
        {
            await burn.CancelAsync();
            await Task.WhenAll(burners);
        }

        Assert.True(peak > 0.8, $"CPU reading while burning peaked at {peak:P0}");

        // The reading covers the whole container (here: the machine), so other processes count too. Wait for
        // it to fall; if it never does, it must be because other processes kept the CPU busy, which the test
        // measures as the reading minus this process's own share (from its processor time).
        var process = Process.GetCurrentProcess();
        var ownBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var fallen = await PollAsync(reader, TimeSpan.FromSeconds(20), r => r.CpuUtilization < peak - 0.1, "after burn");
        process.Refresh();
        var ownShare = (process.TotalProcessorTime - ownBefore).TotalSeconds / (clock.Elapsed.TotalSeconds * Environment.ProcessorCount);
        output.WriteLine($"after burn: reading {fallen:F3}, this process's share {ownShare:F3}");
        Assert.True(ownShare < 0.5, $"the burn did not stop: this process used {ownShare:P0} of the CPU");
        Assert.True(
            fallen < peak - 0.1 || fallen - ownShare > 0.6,
            $"CPU reading stayed at {fallen:P0} after the burn (peak {peak:P0}) although this process used only {ownShare:P0}");
    }

    [Fact]
    public async Task HoldingMemory_RaisesTheMemoryReading()
    {
        var reader = Reader;
        GC.Collect();
        var before = reader.Read();
        const int chunks = 512;
        var held = new byte[chunks][];
        for (var i = 0; i < chunks; i++)
        {
            held[i] = new byte[2 << 20];
            held[i].AsSpan().Fill(1);
        }

        var grown = (long)chunks * (2 << 20);
        ResourceReading? after = null;
        await PollAsync(reader, TimeSpan.FromSeconds(30), r =>
        {
            after = r;
            return r.MemoryUsedBytes - before.MemoryUsedBytes > grown / 2;
        }, "holding");
        GC.KeepAlive(held);

        output.WriteLine($"before {before.MemoryUsedBytes:N0} B ({before.MemoryUtilization:P2}), after {after!.MemoryUsedBytes:N0} B ({after.MemoryUtilization:P2})");
        Assert.True(after.MemoryUsedBytes - before.MemoryUsedBytes > grown / 2);
        Assert.True(after.MemoryUtilization > before.MemoryUtilization);
        Assert.True(after.ManagedHeapBytes - before.ManagedHeapBytes > grown / 2);
    }

    public void Dispose() => _services.Dispose();

    private static ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddGameBookTelemetry();
#pragma warning disable EXTOBS0001 // Marked obsolete but still what paces the Linux instruments' refresh (default 5 s).
        services.Configure<ResourceMonitoringOptions>(o =>
        {
            // Refresh on every read: the test paces the reads itself.
            o.CpuConsumptionRefreshInterval = TimeSpan.FromMilliseconds(100);
            o.MemoryConsumptionRefreshInterval = TimeSpan.FromMilliseconds(100);
        });
#pragma warning restore EXTOBS0001
        return services.BuildServiceProvider();
    }

    private static void Spin(CancellationToken token)
    {
        var x = 0UL;
        while (!token.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }
        }

        GC.KeepAlive(x);
    }

    /// <summary>Reads every 250 ms until <paramref name="done"/> or the deadline; returns the last CPU value (or the max while burning).</summary>
    private async Task<double> PollAsync(IResourceReader reader, TimeSpan deadline, Func<ResourceReading, bool> done, string phase)
    {
        var clock = Stopwatch.StartNew();
        var best = double.NaN;
        while (true)
        {
            // Readings are deltas over wall-clock time, so real time has to pass between them.
            await Task.Delay(250);
            var reading = reader.Read();
            output.WriteLine($"{phase} {clock.Elapsed.TotalSeconds:F2}s cpu {reading.CpuUtilization:F3} memory {reading.MemoryUtilization:P2}");
            best = reading.CpuUtilization;
            if (done(reading) || clock.Elapsed > deadline)
            {
                return best;
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Telemetry.Tests;

/// <summary>
/// Child process of <see cref="HeapHardLimitTests"/>, run under <c>DOTNET_GCHeapHardLimit</c>: the real
/// telemetry services (real readings, real manager, the built-in handlers) while it allocates 1 MiB chunks
/// until Maximum, then releases them one by one until Normal, sampling after each step. Prints
/// <c>sample PERCENT LEVEL</c> per sample and <c>alert JSON</c> per alert delivered to its sink.
/// </summary>
internal static class HeapProbe
{
    private const int Chunk = 1 << 20;

    public static async Task<int> RunAsync()
    {
        var services = new ServiceCollection();
        services.AddGameBookTelemetry().AddAlertSink<StdoutSink>();
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<MemoryAlertManager>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"limit {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes}"));

        var chunks = new List<byte[]>();
        var level = await manager.SampleAsync();
        Print(manager);
        while (level < MemoryLevel.Maximum && chunks.Count < 4096)
        {
            var chunk = new byte[Chunk];
            chunk.AsSpan().Fill(1);
            chunks.Add(chunk);
            level = await manager.SampleAsync();
            Print(manager);
        }

        while (level > MemoryLevel.Normal && chunks.Count > 0)
        {
            chunks.RemoveAt(chunks.Count - 1);
            GC.Collect();
            level = await manager.SampleAsync();
            Print(manager);
        }

        Console.WriteLine("done");
        return 0;
    }

    private static void Print(MemoryAlertManager manager) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {manager.LastReading!.MemoryPercent:F3} {manager.Level}"));

    private sealed class StdoutSink : IAlertSink
    {
        public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken)
        {
            Console.WriteLine("alert " + JsonSerializer.Serialize(alert, TelemetryJson.MemoryAlert));
            return ValueTask.CompletedTask;
        }
    }
}

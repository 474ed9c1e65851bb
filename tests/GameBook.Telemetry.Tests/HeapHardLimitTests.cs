using System.Diagnostics;
using System.Text.Json;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Tests;

/// <summary>
/// Real memory pressure: runs <see cref="HeapProbe"/> in a child process whose GC heap is capped with
/// <c>DOTNET_GCHeapHardLimit</c>, and checks what the real readings and manager made of it.
/// </summary>
public class HeapHardLimitTests
{
    [Fact]
    public async Task UnderGCHeapHardLimit_LevelsAreEnteredInOrder_AndFallBackWithHysteresis()
    {
        var (exitCode, output, errors) = await RunProbeAsync(limitBytes: 256L << 20);
        Assert.True(exitCode == 0, $"probe exited with {exitCode}\n{errors}\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("done", lines);

        var limit = long.Parse(lines.Single(l => l.StartsWith("limit ", StringComparison.Ordinal))[6..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(limit, 200L << 20, 256L << 20);

        var alerts = lines.Where(l => l.StartsWith("alert ", StringComparison.Ordinal))
            .Select(l => JsonSerializer.Deserialize(l[6..], TelemetryJson.MemoryAlert)!)
            .ToList();
        Assert.Equal(
            [MemoryLevel.Warning, MemoryLevel.Critical, MemoryLevel.Maximum, MemoryLevel.Critical, MemoryLevel.Warning, MemoryLevel.Normal],
            alerts.Select(a => a.Level));
        Assert.Equal(
            [MemoryLevel.Normal, MemoryLevel.Warning, MemoryLevel.Critical, MemoryLevel.Maximum, MemoryLevel.Critical, MemoryLevel.Warning],
            alerts.Select(a => a.PreviousLevel));

        var options = new MemoryAlertOptions();
        foreach (var alert in alerts)
        {
            Assert.Equal(limit, alert.LimitBytes);
            if (alert.Level > alert.PreviousLevel)
            {
                Assert.True(alert.UsagePercent >= options.ThresholdOf(alert.Level), $"{alert.Level} entered at {alert.UsagePercent} %");
            }
            else
            {
                // Hysteresis: the level left only once usage fell the margin below its threshold.
                Assert.True(alert.UsagePercent < options.ThresholdOf(alert.PreviousLevel) - options.HysteresisPercent, $"{alert.PreviousLevel} left at {alert.UsagePercent} %");
            }
        }

        // While falling, some samples sat below Maximum's threshold but inside its margin, and stayed at Maximum.
        var falling = lines.Where(l => l.StartsWith("sample ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Select(p => (Percent: double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Level: Enum.Parse<MemoryLevel>(p[2])))
            .SkipWhile(s => s.Level != MemoryLevel.Maximum)
            .ToList();
        Assert.Contains(falling, s => s.Level == MemoryLevel.Maximum && s.Percent < options.MaximumPercent);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunProbeAsync(long limitBytes)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            host = "dotnet";
        }

        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(HeapProbe).Assembly.Location);
        start.ArgumentList.Add("heap-probe");
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}

using GameBook.Telemetry.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Registry;

namespace GameBook.Resilience.Tests;

/// <summary>A memory pressure signal the test sets (the seam load shedding reads).</summary>
internal sealed class FakeMemoryPressure : IMemoryPressure
{
    private int _level;

    public MemoryLevel Level
    {
        get => (MemoryLevel)Volatile.Read(ref _level);
        set => Volatile.Write(ref _level, (int)value);
    }

    public event EventHandler<MemoryLevelChangedEventArgs>? LevelChanged
    {
        add { }
        remove { }
    }
}

/// <summary>A container with GameBook resilience on a fake clock and a fake pressure signal.</summary>
internal sealed class TestHost : IDisposable
{
    public TestHost(Action<IGameBookResilienceBuilder> configure, Action<IServiceCollection>? services = null, bool fakeTime = true)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        if (fakeTime)
        {
            collection.AddSingleton<TimeProvider>(Time);
        }

        collection.AddSingleton<IMemoryPressure>(Pressure);
        services?.Invoke(collection);
        configure(collection.AddGameBookResilience());
        Services = collection.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));

    public FakeMemoryPressure Pressure { get; } = new();

    public ServiceProvider Services { get; }

    public IResilienceMonitor Monitor => Services.GetRequiredService<IResilienceMonitor>();

    public IResilienceControl Control => Services.GetRequiredService<IResilienceControl>();

    public ResiliencePipeline Pipeline(string name) => Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(name);

    public PipelineStatus Status(string name) => Monitor.GetStatus(name);

    public async Task<HealthReportEntry> HealthAsync(string checkName = GameBookResilienceNames.HealthCheckName)
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == checkName);
        return report.Entries[checkName];
    }

    public void Dispose() => Services.Dispose();

    /// <summary>Options with only the circuit breaker: ratio 0.5, 4 calls minimum, 10 s window, 5 s break.</summary>
    public static void BreakerOnly(GameBookPipelineOptions o)
    {
        o.LoadShedding = false;
        o.Timeout.Enabled = false;
        o.Retry.Enabled = false;
        o.CircuitBreaker.FailureRatio = 0.5;
        o.CircuitBreaker.MinimumThroughput = 4;
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
        o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
    }
}

internal static class Calls
{
    public static ValueTask Succeed(ResiliencePipeline pipeline) => pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask);

    public static async Task<Exception?> Fail(ResiliencePipeline pipeline, string message = "boom")
    {
        try
        {
            await pipeline.ExecuteAsync(static (m, _) => ValueTask.FromException(new InvalidOperationException(m)), message);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    public static async Task<Exception?> Try(ResiliencePipeline pipeline)
    {
        try
        {
            await Succeed(pipeline);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}

using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Telemetry.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddGameBookTelemetry_IsIdempotent_AndThePressureSignalIsTheManager()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGameBookTelemetry();
        services.AddGameBookTelemetry().AddDashboard().AddDashboard();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<ResourceSamplingService>());
        Assert.Same(provider.GetRequiredService<MemoryAlertManager>(), provider.GetRequiredService<IMemoryPressure>());
        var sinks = provider.GetServices<IAlertSink>().ToList();
        Assert.Single(sinks.OfType<LogAlertSink>());
        Assert.Single(sinks.OfType<InMemoryAlertSink>());
        Assert.Single(provider.GetServices<IMemoryOptimizationHandler>().OfType<CompactingGcHandler>());
        Assert.NotNull(provider.GetRequiredService<TelemetryDashboard>());
    }

    [Fact]
    public async Task InvalidOptions_FailOnStart()
    {
        var services = new ServiceCollection();
        services.AddGameBookTelemetry().AddMemoryAlerts(o => o.CriticalPercent = 90);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("WarningPercent < CriticalPercent < MaximumPercent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryAlerts_BindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MemoryAlerts:WarningPercent"] = "50",
                ["MemoryAlerts:SamplingInterval"] = "00:00:02",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddGameBookTelemetry().AddMemoryAlerts(configuration.GetSection("MemoryAlerts"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<MemoryAlertOptions>>().CurrentValue;
        Assert.Equal(50, options.WarningPercent);
        Assert.Equal(70, options.CriticalPercent);
        Assert.Equal(TimeSpan.FromSeconds(2), options.SamplingInterval);
    }

    [Fact]
    public async Task WebhookSink_WithoutEndpoint_FailsOnStart()
    {
        var services = new ServiceCollection();
        services.AddGameBookTelemetry().AddWebhookAlertSink(o => o.MaxRetries = 1);
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public async Task CustomSinksAndHandlers_AreResolved()
    {
        var services = new ServiceCollection();
        services.AddGameBookTelemetry().AddAlertSink<RecordingSinkForDi>().AddAlertSink<RecordingSinkForDi>().AddOptimizationHandler<NoopHandler>();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IAlertSink>().OfType<RecordingSinkForDi>());
        Assert.Single(provider.GetServices<IMemoryOptimizationHandler>().OfType<NoopHandler>());
    }

    [Fact]
    public async Task SamplingService_SamplesOnTheTimeProvider_AndPicksUpANewInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var reader = new SignallingReader(time);
        var options = new TestOptionsMonitor<MemoryAlertOptions>(new MemoryAlertOptions());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IResourceReader>(reader);
        services.AddSingleton<IOptionsMonitor<MemoryAlertOptions>>(options);
        services.AddGameBookTelemetry();
        await using var provider = services.BuildServiceProvider();
        var sampler = provider.GetServices<IHostedService>().OfType<ResourceSamplingService>().Single();
        var manager = provider.GetRequiredService<MemoryAlertManager>();

        reader.Percent = 65;
        await sampler.StartAsync(CancellationToken.None);
        await reader.NextReadAsync();
        await WaitForLevelAsync(manager, MemoryLevel.Warning);

        reader.Percent = 85;
        time.Advance(TimeSpan.FromSeconds(5));
        await reader.NextReadAsync();

        options.CurrentValue = new MemoryAlertOptions { SamplingInterval = TimeSpan.FromSeconds(1) };
        var before = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(5));
        await reader.NextReadAsync();

        // The loop applies the new period right after that sample; if the clock moved before it did, the
        // fake timer fires one period after the change instead, so at most two 1 s steps are needed.
        time.Advance(TimeSpan.FromSeconds(1));
        if (!await reader.TryNextReadAsync(TimeSpan.FromSeconds(2)))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await reader.NextReadAsync();
        }

        Assert.True(time.GetUtcNow() - before < TimeSpan.FromSeconds(8), "the new 1 s interval was used");
        await WaitForLevelAsync(manager, MemoryLevel.Maximum);
        await sampler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnInvalidReload_KeepsThePreviousOptions_AndTheSamplerRunning()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var reader = new SignallingReader(time);
        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["Alerts:WarningPercent"] = "50" } };
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Add(source).Build();
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => Microsoft.Extensions.Logging.LoggingBuilderExtensions.AddProvider(b, new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IResourceReader>(reader);
        services.AddGameBookTelemetry().AddMemoryAlerts(configuration.GetSection("Alerts"));
        await using var provider = services.BuildServiceProvider();
        var sampler = provider.GetServices<IHostedService>().OfType<ResourceSamplingService>().Single();
        var manager = provider.GetRequiredService<MemoryAlertManager>();
        reader.Percent = 55;
        await sampler.StartAsync(CancellationToken.None);
        await reader.NextReadAsync();
        await WaitForLevelAsync(manager, MemoryLevel.Warning);

        configuration["Alerts:WarningPercent"] = "95"; // above Critical: invalid
        _ = Record.Exception(configuration.Reload); // the options monitor throws here (dotnet/runtime#44381); a file watcher would swallow it
        reader.Percent = 75;
        time.Advance(TimeSpan.FromSeconds(5));
        await reader.NextReadAsync();
        await WaitForLevelAsync(manager, MemoryLevel.Critical); // evaluated, with the previous thresholds (Critical at 70 %)
        time.Advance(TimeSpan.FromSeconds(5));
        await reader.NextReadAsync(); // the loop is still running

        var rejected = logs.GetSnapshot().Where(r => r.Id.Name == "OptionsChangeRejected").ToList();
        Assert.Single(rejected); // once per rejected change, not per sample
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, rejected[0].Level);
        Assert.Contains("WarningPercent", rejected[0].Message, StringComparison.Ordinal);

        configuration["Alerts:WarningPercent"] = "50";
        configuration["Alerts:MaximumPercent"] = "74";
        configuration.Reload();
        time.Advance(TimeSpan.FromSeconds(5));
        await reader.NextReadAsync();
        await WaitForLevelAsync(manager, MemoryLevel.Maximum); // the fixed configuration applies: 75 % is over its Maximum (74 %)
        await sampler.StopAsync(CancellationToken.None);
    }

    // The sampler signals a read before the manager has evaluated it: wait for the evaluation, not the read.
    private static async Task WaitForLevelAsync(MemoryAlertManager manager, MemoryLevel expected)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (manager.Level != expected && patience.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.Equal(expected, manager.Level);
    }

    private sealed class RecordingSinkForDi : IAlertSink
    {
        public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class NoopHandler : IMemoryOptimizationHandler
    {
        public string Name => "noop";

        public TimeSpan MinimumInterval => TimeSpan.Zero;

        public bool RepeatWhileLevelPersists => false;

        public bool AppliesTo(MemoryLevel level) => true;

        public ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>A reader that signals each read, so the test waits for samples instead of sleeping.</summary>
    private sealed class SignallingReader(TimeProvider time) : IResourceReader
    {
        private readonly SemaphoreSlim _reads = new(0);

        public double Percent { get; set; }

        public ResourceReading Read()
        {
            var reading = FakeReader.At(time.GetUtcNow(), Percent);
            _reads.Release();
            return reading;
        }

        public async Task NextReadAsync() => Assert.True(await TryNextReadAsync(TimeSpan.FromSeconds(30)), "no sample was taken");

        public Task<bool> TryNextReadAsync(TimeSpan patience) => _reads.WaitAsync(patience);
    }
}

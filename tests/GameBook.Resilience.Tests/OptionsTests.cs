using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace GameBook.Resilience.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Validation_OnStart_NamesThePipelineAndEveryBadValue()
    {
        using var host = new TestHost(b => b.AddPipeline("sessions", o =>
        {
            o.Retry.MaxRetryAttempts = 0;
            o.CircuitBreaker.FailureRatio = 2;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(100);
            o.Timeout.Total = TimeSpan.FromSeconds(1);
            o.Timeout.PerAttempt = TimeSpan.FromSeconds(2);
            o.ConcurrencyLimit.PermitLimit = 0;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        var failures = error.Failures.ToList();
        Assert.Equal("sessions", error.OptionsName);
        Assert.Contains(failures, f => f.Contains("sessions.Retry.MaxRetryAttempts", StringComparison.Ordinal) && f.Contains("between 1 and 100", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("sessions.CircuitBreaker.FailureRatio", StringComparison.Ordinal) && f.Contains("between 0.001 and 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pipeline 'sessions': CircuitBreaker.BreakDuration must be between 500 ms and 1 day; got 00:00:00.1000000.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Pipeline 'sessions': Timeout.PerAttempt (00:00:02) must be less than Timeout.Total (00:00:01)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("sessions.ConcurrencyLimit.PermitLimit", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void Validation_FromConfiguration_ReportsBadTimeSpansAndEmptyExceptionNames()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GameBook:Resilience:Pipelines:remote:Timeout:Total"] = "00:00:00.001",
            ["GameBook:Resilience:Pipelines:remote:Retry:MaxDelay"] = "00:00:00.050",
            ["GameBook:Resilience:Pipelines:remote:Retry:HandledExceptions:0"] = " ",
            ["GameBook:Resilience:RollingWindowSeconds"] = "0",
        }).Build();
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddGameBookResilience(config.GetSection("GameBook:Resilience")).Services.BuildServiceProvider();

        var error = Assert.Throws<AggregateException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var messages = error.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains(messages, m => m.Contains("Pipeline 'remote': Timeout.Total must be between 10 ms and 1 day; got 00:00:00.0010000.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Retry.MaxDelay must be at least Retry.BaseDelay (00:00:00.2000000) and at most 1 day; got 00:00:00.0500000.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Retry.HandledExceptions[0] is empty", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("RollingWindowSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_BindsPipelines_AndConfiguresTheBuiltInProfiles()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GameBook:Resilience:Pipelines:storage:Retry:MaxRetryAttempts"] = "7",
            ["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:20",
            ["GameBook:Resilience:Pipelines:stories:CircuitBreaker:Enabled"] = "false",
            ["GameBook:Resilience:Pipelines:stories:Retry:BackoffType"] = "Linear",
        }).Build();
        using var services = new ServiceCollection().AddGameBookResilience(config.GetSection(GameBookResilienceNames.ConfigurationSection)).Services.BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
        var provider = services.GetRequiredService<ResiliencePipelineProvider<string>>();

        var storage = provider.GetPipeline("storage").GetPipelineDescriptor();
        var stories = provider.GetPipeline("stories").GetPipelineDescriptor();

        Assert.Equal(7, storage.Strategies.Select(s => s.Options).OfType<RetryStrategyOptions>().Single().MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(20), stories.Strategies.Select(s => s.Options).OfType<TimeoutStrategyOptions>().Single().Timeout);
        Assert.Equal(DelayBackoffType.Linear, stories.Strategies.Select(s => s.Options).OfType<RetryStrategyOptions>().Single().BackoffType);
        Assert.Empty(stories.Strategies.Select(s => s.Options).OfType<CircuitBreakerStrategyOptions>());
        Assert.Equal(["storage", "http", "stories"], services.GetRequiredService<IResilienceMonitor>().PipelineNames);
    }

    [Fact]
    public async Task Reload_OfThePipelinesSection_RebuildsThePipeline_AndKeepsTheCounts()
    {
        var source = new Dictionary<string, string?>
        {
            ["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:20",
        };
        var config = new ConfigurationBuilder().AddInMemoryCollection(source).Build();
        using var services = new ServiceCollection().AddGameBookResilience(config.GetSection(GameBookResilienceNames.ConfigurationSection)).Services.BuildServiceProvider();
        var pipeline = services.GetRequiredKeyedService<ResiliencePipeline>("stories");
        await pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask);
        Assert.Equal(TimeSpan.FromSeconds(20), TimeoutOf(pipeline));

        config["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:03";
        config.Reload();

        Assert.Equal(TimeSpan.FromSeconds(3), TimeoutOf(pipeline));
        await pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask);
        Assert.Equal(2, services.GetRequiredService<IResilienceMonitor>().GetStatus("stories").Totals.Successes);
    }

    [Fact]
    public async Task Reload_WithAnInvalidValue_KeepsThePreviousPipeline()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:20",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddGameBookResilience(config.GetSection(GameBookResilienceNames.ConfigurationSection)).Services.BuildServiceProvider();
        var pipeline = services.GetRequiredKeyedService<ResiliencePipeline>("stories");

        config["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:00.001";
        var error = Assert.Throws<AggregateException>(config.Reload);

        Assert.Contains("Pipeline 'stories': Timeout.Total must be between 10 ms and 1 day", Assert.IsType<OptionsValidationException>(error.InnerException).Message, StringComparison.Ordinal);

        Assert.Equal(TimeSpan.FromSeconds(20), TimeoutOf(pipeline));
        await pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Isolation_SurvivesAReload()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:20",
        }).Build();
        using var services = new ServiceCollection().AddGameBookResilience(config.GetSection(GameBookResilienceNames.ConfigurationSection)).Services.BuildServiceProvider();
        var pipeline = services.GetRequiredKeyedService<ResiliencePipeline>("stories");
        await services.GetRequiredService<IResilienceControl>().IsolateAsync("stories");

        config["GameBook:Resilience:Pipelines:stories:Timeout:Total"] = "00:00:05";
        config.Reload();

        Assert.Equal(TimeSpan.FromSeconds(5), TimeoutOf(pipeline));
        Assert.IsType<IsolatedCircuitException>(await Calls.Try(pipeline));
        Assert.Equal(CircuitState.Isolated, services.GetRequiredService<IResilienceMonitor>().GetStatus("stories").BreakerState);
        await services.GetRequiredService<IResilienceControl>().CloseAsync("stories");
        Assert.Null(await Calls.Try(pipeline));
    }

    [Fact]
    public void Profiles_HaveTheDocumentedDefaults()
    {
        var storage = new GameBookPipelineOptions();
        var http = new GameBookPipelineOptions();
        ResilienceProfiles.ApplyHttp(http);

        Assert.Equal((TimeSpan.FromSeconds(10), (TimeSpan?)null, 3, TimeSpan.FromMilliseconds(200), 0.5, 10, TimeSpan.FromSeconds(15), false),
            (storage.Timeout.Total, storage.Timeout.PerAttempt, storage.Retry.MaxRetryAttempts, storage.Retry.BaseDelay, storage.CircuitBreaker.FailureRatio, storage.CircuitBreaker.MinimumThroughput, storage.CircuitBreaker.BreakDuration, storage.ConcurrencyLimit.Enabled));
        Assert.Equal((TimeSpan.FromSeconds(30), (TimeSpan?)TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 0.1, 100, TimeSpan.FromSeconds(5), true, 1000),
            (http.Timeout.Total, http.Timeout.PerAttempt, http.Retry.BaseDelay, http.CircuitBreaker.FailureRatio, http.CircuitBreaker.MinimumThroughput, http.CircuitBreaker.BreakDuration, http.ConcurrencyLimit.Enabled, http.ConcurrencyLimit.PermitLimit));
        Assert.Equal(["System.Net.Http.HttpRequestException"], http.Retry.HandledExceptions);
        Assert.True(storage.LoadShedding && http.LoadShedding);
    }

    private static TimeSpan TimeoutOf(ResiliencePipeline pipeline) =>
        pipeline.GetPipelineDescriptor().Strategies.Select(s => s.Options).OfType<TimeoutStrategyOptions>().Single().Timeout;
}

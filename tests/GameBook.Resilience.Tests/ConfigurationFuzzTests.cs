using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace GameBook.Resilience.Tests;

/// <summary>
/// Random configuration, plausible and malformed, for one pipeline: the host either starts and the pipeline runs a
/// call, or startup validation fails with an error that names the pipeline or the configuration key. Nothing else
/// (no Polly validation error at build time, no crash, no other exception type).
/// </summary>
public sealed class ConfigurationFuzzTests
{
    private const string Prefix = "GameBook:Resilience:Pipelines:fuzz:";

    private static readonly string[] Keys =
    [
        "LoadShedding", "Timeout:Enabled", "Timeout:Total", "Timeout:PerAttempt",
        "Retry:Enabled", "Retry:MaxRetryAttempts", "Retry:BaseDelay", "Retry:MaxDelay", "Retry:BackoffType", "Retry:UseJitter", "Retry:HandledExceptions:0",
        "CircuitBreaker:Enabled", "CircuitBreaker:FailureRatio", "CircuitBreaker:MinimumThroughput", "CircuitBreaker:SamplingDuration", "CircuitBreaker:BreakDuration",
        "ConcurrencyLimit:Enabled", "ConcurrencyLimit:PermitLimit", "ConcurrencyLimit:QueueLimit",
    ];

    private static readonly string[] Values =
    [
        "", " ", "true", "false", "yes", "0", "1", "-1", "3", "100", "101", "2147483647", "99999999999", "0.5", "1.5", "-0.1", "NaN", "Infinity",
        "00:00:00", "00:00:00.001", "00:00:00.2", "00:00:05", "00:00:30", "01:00:00", "1.00:00:00", "2.00:00:00", "-00:00:01", "10675199.02:48:05.4775807", "abc", "00:61:00",
        "Exponential", "Linear", "Constant", "Quadratic", "System.IO.IOException", "Not.A.Type",
    ];

    [Fact]
    public void RandomPipelineConfiguration_EitherRuns_OrFailsValidationWithAnActionableMessage()
    {
        var entry = Gen.Select(Gen.Int[0, Keys.Length - 1], Gen.Int[0, Values.Length - 1]);
        entry.Array[1, 8].Sample(
            picks =>
            {
                var settings = new Dictionary<string, string?>();
                foreach (var (key, value) in picks)
                {
                    settings[Prefix + Keys[key]] = Values[value];
                }

                Check(settings);
            },
            iter: 400);
    }

    private static void Check(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddGameBookResilience(configuration.GetSection("GameBook:Resilience"));
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception error)
        {
            Assert.True(IsActionable(error), $"Unhelpful startup error for {Describe(settings)}: {error}");
            return;
        }

        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline("fuzz");
        Assert.Equal(42, pipeline.Execute(static () => 42));
        Assert.Equal(1, provider.GetRequiredService<IResilienceMonitor>().GetStatus("fuzz").Totals.Successes);
    }

    private static bool IsActionable(Exception error) => error switch
    {
        AggregateException all => all.InnerExceptions.All(IsActionable),
        OptionsValidationException invalid => invalid.OptionsName == "fuzz" && invalid.Failures.All(f => f.Contains("fuzz", StringComparison.Ordinal)),
        InvalidOperationException conversion => conversion.Message.Contains(Prefix, StringComparison.Ordinal), // the binder names the key
        _ => false,
    };

    private static string Describe(Dictionary<string, string?> settings) =>
        string.Join(", ", settings.Select(s => $"{s.Key[Prefix.Length..]}='{s.Value}'"));
}

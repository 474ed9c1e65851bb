using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameBook.Workers.Tests;

/// <summary>
/// Random configuration, plausible and malformed, for one pool: the pool either starts and runs a job, or resolving
/// it fails with an error that names the option or the configuration key. Nothing else.
/// </summary>
public sealed class ConfigurationFuzzTests
{
    private static readonly string[] Keys =
    [
        "MinWorkers", "MaxWorkers", "Capacity", "TargetCpuUtilization", "ScaleDownMargin", "CpuSmoothing",
        "MaxScaleUpStep", "MaxScaleDownStep", "ScaleInterval", "Cooldown", "DefaultTimeout", "DrainTimeout",
    ];

    private static readonly string[] Values =
    [
        "", " ", "0", "1", "-1", "2", "8", "64", "100000", "2147483647", "99999999999", "0.05", "0.5", "0.7", "1", "1.5", "-0.1", "NaN", "Infinity",
        "00:00:00", "00:00:00.001", "00:00:01", "00:00:05", "00:01:00", "1.00:00:00", "-00:00:01", "10675199.02:48:05.4775807", "abc", "true",
    ];

    [Fact]
    public async Task RandomPoolConfiguration_EitherRunsAJob_OrFailsWithAnActionableMessage()
    {
        await Gen.Select(Gen.Int[0, Keys.Length - 1], Gen.Int[0, Values.Length - 1]).Array[1, 6].SampleAsync(
            async picks =>
            {
                var settings = new Dictionary<string, string?>();
                foreach (var (key, value) in picks)
                {
                    settings["Workers:" + Keys[key]] = Values[value];
                }

                await CheckAsync(settings);
            },
            iter: 150,
            threads: 1);
    }

    private static async Task CheckAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddGameBookWorkers("fuzz", configuration.GetSection("Workers"));
        await using var provider = services.BuildServiceProvider();
        WorkerPool pool;
        try
        {
            pool = provider.GetRequiredService<IWorkerPoolProvider>().GetPool("fuzz");
        }
        catch (Exception error)
        {
            Assert.True(IsActionable(error), $"Unhelpful error for {Describe(settings)}: {error}");
            return;
        }

        Assert.Equal(42, await pool.SubmitAsync(static _ => 42).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static bool IsActionable(Exception error) => error switch
    {
        OptionsValidationException invalid => invalid.Failures.All(f => Keys.Any(k => f.Contains(k, StringComparison.Ordinal))),
        InvalidOperationException conversion => conversion.Message.Contains("'Workers:", StringComparison.Ordinal), // the binder names the key
        _ => false,
    };

    private static string Describe(Dictionary<string, string?> settings) => string.Join(", ", settings.Select(s => $"{s.Key}='{s.Value}'"));
}

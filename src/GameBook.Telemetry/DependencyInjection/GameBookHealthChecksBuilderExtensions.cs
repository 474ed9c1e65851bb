using GameBook.Telemetry.Health;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GameBook memory and CPU health checks on an <see cref="IHealthChecksBuilder"/>. Call at startup, from one thread.</summary>
public static class GameBookHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the memory health check: Degraded from <see cref="MemoryLevel.Warning"/>, Unhealthy from
    /// <see cref="MemoryLevel.Maximum"/> by default, with the reading in the result data. Adds GameBook telemetry
    /// if it is not there yet.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Changes the levels.</param>
    /// <param name="name">The check's name; default <see cref="GameBookHealthChecks.MemoryCheckName"/>.</param>
    /// <param name="tags">The check's tags; default <c>live</c> and <c>ready</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGameBookMemoryHealthCheck(
        this IHealthChecksBuilder builder,
        Action<MemoryHealthCheckOptions>? configure = null,
        string name = GameBookHealthChecks.MemoryCheckName,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _ = builder.Services.AddGameBookTelemetry();
        var options = builder.Services.AddOptions<MemoryHealthCheckOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            _ = options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryHealthCheckOptions>, MemoryHealthCheckOptionsValidator>());
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new MemoryHealthCheck(sp.GetRequiredService<MemoryAlertManager>(), sp.GetRequiredService<IOptionsMonitor<MemoryHealthCheckOptions>>()),
            failureStatus: null,
            tags ?? [GameBookHealthChecks.LiveTag, GameBookHealthChecks.ReadyTag]));
    }

    /// <summary>
    /// Adds the CPU health check: Degraded above 70 %, Unhealthy above 90 % of the CPU limit on average over a
    /// 30 s window by default, with the readings in the result data. Adds GameBook telemetry if it is not there yet.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Changes the thresholds and window.</param>
    /// <param name="name">The check's name; default <see cref="GameBookHealthChecks.CpuCheckName"/>.</param>
    /// <param name="tags">The check's tags; default <c>ready</c> only (busy is not dead: restarting a busy process does not help).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGameBookCpuHealthCheck(
        this IHealthChecksBuilder builder,
        Action<CpuHealthCheckOptions>? configure = null,
        string name = GameBookHealthChecks.CpuCheckName,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _ = builder.Services.AddGameBookTelemetry();
        var options = builder.Services.AddOptions<CpuHealthCheckOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            _ = options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CpuHealthCheckOptions>, CpuHealthCheckOptionsValidator>());
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CpuHealthCheck(
                sp.GetRequiredService<CpuSampleWindow>(),
                sp.GetRequiredService<IResourceReader>(),
                sp.GetRequiredService<IOptionsMonitor<CpuHealthCheckOptions>>(),
                sp.GetRequiredService<TimeProvider>()),
            failureStatus: null,
            tags ?? [GameBookHealthChecks.ReadyTag]));
    }
}

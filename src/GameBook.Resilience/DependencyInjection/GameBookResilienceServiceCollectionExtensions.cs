using System.Diagnostics.CodeAnalysis;
using GameBook.Resilience;
using GameBook.Resilience.CircuitBreakers;
using GameBook.Resilience.Pipelines;
using GameBook.Resilience.Tracking;
using GameBook.Telemetry.Health;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers GameBook resilience: named Polly pipelines built from options, failure tracking, operator
/// control and health checks. Call at startup, from one thread.
/// </summary>
public static class GameBookResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Adds GameBook resilience with the built-in <see cref="ResilienceProfiles.Storage"/> and
    /// <see cref="ResilienceProfiles.Http"/> pipelines, <see cref="IResilienceMonitor"/> and
    /// <see cref="IResilienceControl"/>. Adds GameBook telemetry (the memory pressure signal load shedding reads)
    /// if it is not there yet. Options are validated on start. Idempotent.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add and configure pipelines and health checks.</returns>
    public static IGameBookResilienceBuilder AddGameBookResilience(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new GameBookResilienceBuilder(services);
        _ = services.AddOptionsWithValidateOnStart<GameBookResilienceOptions, GameBookResilienceOptionsValidator>();
        if (services.Any(d => d.ServiceType == typeof(PipelineCatalog)))
        {
            return builder;
        }

        _ = services.AddGameBookTelemetry();
        _ = services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new PipelineCatalog());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GameBookPipelineOptions>, GameBookPipelineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GameBookPipelineOptions>, PipelineOptionsRules>());
        services.TryAddSingleton(sp => new ResilienceMonitor(
            sp.GetRequiredService<PipelineCatalog>(),
            sp.GetRequiredService<IOptions<GameBookResilienceOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp));
        services.TryAddSingleton<IResilienceMonitor>(sp => sp.GetRequiredService<ResilienceMonitor>());
        services.TryAddSingleton<IResilienceControl>(sp => sp.GetRequiredService<ResilienceMonitor>());
        _ = builder.AddPipeline(ResilienceProfiles.Storage, ResilienceProfiles.ApplyStorage);
        _ = builder.AddPipeline(ResilienceProfiles.Http, ResilienceProfiles.ApplyHttp);
        return builder;
    }

    /// <summary>Adds GameBook resilience (see <see cref="AddGameBookResilience(IServiceCollection)"/>) and changes the shared options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the shared options (rolling window, transition history).</param>
    /// <returns>A builder to add and configure pipelines and health checks.</returns>
    public static IGameBookResilienceBuilder AddGameBookResilience(this IServiceCollection services, Action<GameBookResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddGameBookResilience();
        _ = services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds GameBook resilience bound to a configuration section (e.g. <c>GameBook:Resilience</c>): the shared options
    /// from the section itself and one pipeline per child of its <c>Pipelines</c> sub-section, named by the child's
    /// key (a <c>storage</c> or <c>http</c> child configures the built-in profile). Changes to those sections rebuild
    /// the pipelines at run time; pipelines added to the configuration later are not picked up until restart.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>A builder to add and configure pipelines and health checks.</returns>
    public static IGameBookResilienceBuilder AddGameBookResilience(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddGameBookResilience();
        _ = services.Configure<GameBookResilienceOptions>(section);
        foreach (var child in section.GetSection(GameBookResilienceNames.PipelinesSection).GetChildren())
        {
            _ = builder.AddPipeline(child.Key, child);
        }

        return builder;
    }

    /// <summary>
    /// Adds (or, for an existing name, further configures) a named pipeline, starting from the
    /// <see cref="ResilienceProfiles.Storage"/> defaults. It resolves from <c>ResiliencePipelineProvider&lt;string&gt;</c>
    /// and as a keyed <see cref="ResiliencePipeline"/> service with the name as key.
    /// </summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The pipeline name.</param>
    /// <returns>The builder.</returns>
    public static IGameBookResilienceBuilder AddPipeline(this IGameBookResilienceBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        RegisterPipeline(builder.Services, name);
        return builder;
    }

    /// <summary>Adds (or further configures) a named pipeline and changes its options; see <see cref="AddPipeline(IGameBookResilienceBuilder, string)"/>.</summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The pipeline name.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGameBookResilienceBuilder AddPipeline(this IGameBookResilienceBuilder builder, string name, Action<GameBookPipelineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _ = builder.AddPipeline(name);
        _ = builder.Services.Configure(name, configure);
        return builder;
    }

    /// <summary>
    /// Adds (or further configures) a named pipeline bound to a configuration section; a change to the section
    /// rebuilds the pipeline. An invalid change fails validation (the <c>OptionsValidationException</c> surfaces where the
    /// configuration reload was raised) and the previous pipeline stays in use.
    /// </summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The pipeline name.</param>
    /// <param name="section">The section, e.g. <c>GameBook:Resilience:Pipelines:storage</c>.</param>
    /// <returns>The builder.</returns>
    public static IGameBookResilienceBuilder AddPipeline(this IGameBookResilienceBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(section);
        RegisterPipeline(builder.Services, name);
        _ = builder.Services.Configure<GameBookPipelineOptions>(name, section);
        return builder;
    }

    /// <summary>
    /// Adds a typed pipeline (<see cref="ResiliencePipeline{T}"/>), which can also treat results as failures and have a
    /// fallback. Its options are the <see cref="GameBookPipelineOptions"/> of the same name (change them with
    /// <see cref="ConfigurePipeline"/> or configuration); order, outer to inner: fallback, then as an untyped pipeline.
    /// It resolves from <c>ResiliencePipelineProvider&lt;string&gt;.GetPipeline&lt;TResult&gt;(name)</c> and as a keyed
    /// <see cref="ResiliencePipeline{T}"/>. A name is either typed or untyped. Idempotent per name (the first
    /// <paramref name="configure"/> wins).
    /// </summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The pipeline name.</param>
    /// <param name="configure">Sets which results count as failures and the fallback.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The name is already registered as an untyped pipeline or for another result type.</exception>
    public static IGameBookResilienceBuilder AddPipeline<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(this IGameBookResilienceBuilder builder, string name, Action<ResultPipelineOptions<TResult>> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var results = new ResultPipelineOptions<TResult>();
        configure(results);
        RegisterPipeline(builder.Services, name, results);
        return builder;
    }

    /// <summary>Changes the options of a pipeline registered (or to be registered) under <paramref name="name"/>, typed or not, without registering it.</summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The pipeline name.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGameBookResilienceBuilder ConfigurePipeline(this IGameBookResilienceBuilder builder, string name, Action<GameBookPipelineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        _ = builder.Services.Configure(name, configure);
        return builder;
    }

    /// <summary>
    /// Adds the circuit breaker health check of every GameBook pipeline (see <see cref="GameBookResilienceHealthChecksBuilderExtensions.AddGameBookResilienceHealthCheck"/>).
    /// </summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="name">The check's name; default <see cref="GameBookResilienceNames.HealthCheckName"/>.</param>
    /// <param name="tags">The check's tags; default <c>ready</c>.</param>
    /// <returns>The builder.</returns>
    public static IGameBookResilienceBuilder AddHealthCheck(this IGameBookResilienceBuilder builder, string name = GameBookResilienceNames.HealthCheckName, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = builder.Services.AddHealthChecks().AddGameBookResilienceHealthCheck(name, pipelines: null, tags);
        return builder;
    }

    private static PipelineCatalog CatalogOf(IServiceCollection services) =>
        (PipelineCatalog?)services.LastOrDefault(d => d.ServiceType == typeof(PipelineCatalog))?.ImplementationInstance
            ?? throw new InvalidOperationException("Call AddGameBookResilience() before adding pipelines.");

    private static void RegisterPipeline(IServiceCollection services, string name)
    {
        var registration = new PipelineRegistration(name, null, sp => sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(name));
        if (!CatalogOf(services).TryAdd(registration))
        {
            return;
        }

        _ = services.AddOptions<GameBookPipelineOptions>(name).ValidateOnStart();
        _ = services.AddResiliencePipeline<string>(name, (pipeline, context) =>
        {
            var options = context.GetOptions<GameBookPipelineOptions>(name);
            context.EnableReloads<GameBookPipelineOptions>(name);
            var monitor = context.ServiceProvider.GetRequiredService<ResilienceMonitor>();
            var telemetry = context.ServiceProvider.GetService<IOptions<TelemetryOptions>>()?.Value;
            PipelineComposer.Compose(pipeline, options, monitor.GetTracker(name), context.ServiceProvider.GetRequiredService<IMemoryPressure>(), telemetry);
        });
    }

    private static void RegisterPipeline<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(IServiceCollection services, string name, ResultPipelineOptions<TResult> results)
    {
        var registration = new PipelineRegistration(name, typeof(TResult), sp => sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<TResult>(name));
        if (!CatalogOf(services).TryAdd(registration))
        {
            return;
        }

        _ = services.AddOptions<GameBookPipelineOptions>(name).ValidateOnStart();
        _ = services.AddResiliencePipeline<string, TResult>(name, (pipeline, context) =>
        {
            var options = context.GetOptions<GameBookPipelineOptions>(name);
            context.EnableReloads<GameBookPipelineOptions>(name);
            var monitor = context.ServiceProvider.GetRequiredService<ResilienceMonitor>();
            var telemetry = context.ServiceProvider.GetService<IOptions<TelemetryOptions>>()?.Value;
            PipelineComposer.Compose(pipeline, options, results, monitor.GetTracker(name), context.ServiceProvider.GetRequiredService<IMemoryPressure>(), telemetry);
        });
    }
}

/// <summary>Registers the GameBook circuit breaker health check on an <see cref="IHealthChecksBuilder"/>. Call at startup, from one thread.</summary>
public static class GameBookResilienceHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check over the circuit breakers of GameBook pipelines: Closed → Healthy, HalfOpen → Degraded,
    /// Open → Unhealthy, Open with its break elapsed → Degraded ("break elapsed, awaiting probe"), Isolated →
    /// Unhealthy ("isolated by operator"). The worst breaker decides; the result data has one entry per breaker
    /// (state, health, reason, since, window and total counts). Requires <c>AddGameBookResilience</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <see cref="GameBookResilienceNames.HealthCheckName"/>. Give each check its own name.</param>
    /// <param name="pipelines">The pipelines to cover (one check per breaker: pass one name); <see langword="null"/> for all.</param>
    /// <param name="tags">The check's tags; default <c>ready</c> (an open breaker means a dependency is down, not this process).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGameBookResilienceHealthCheck(
        this IHealthChecksBuilder builder,
        string name = GameBookResilienceNames.HealthCheckName,
        IEnumerable<string>? pipelines = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        IReadOnlyList<string>? selected = pipelines is null ? null : [.. pipelines];
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CircuitBreakerHealthCheck(sp.GetRequiredService<ResilienceMonitor>(), selected),
            failureStatus: null,
            tags ?? [GameBookHealthChecks.ReadyTag]));
    }
}

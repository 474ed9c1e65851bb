using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using GameBook.Workers;
using GameBook.Workers.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.ResourceMonitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GameBook worker pools. Call at startup, from one thread.</summary>
public static class GameBookWorkersServiceCollectionExtensions
{
    /// <summary>
    /// Adds the default worker pool (<see cref="WorkerPoolDefaults.DefaultPoolName"/>), resolvable as
    /// <see cref="WorkerPool"/>, as a keyed service and through <see cref="IWorkerPoolProvider"/>; its options are
    /// validated when the host starts, and the host drains it on shutdown. Adds GameBook telemetry (CPU readings,
    /// memory pressure) if it is not there yet. Idempotent; calling again adds more configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGameBookWorkers(this IServiceCollection services) =>
        services.AddGameBookWorkers(WorkerPoolDefaults.DefaultPoolName, (Action<WorkerPoolOptions>?)null);

    /// <summary>Adds the default worker pool with options changed by <paramref name="configure"/> (see <see cref="AddGameBookWorkers(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the pool's options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGameBookWorkers(this IServiceCollection services, Action<WorkerPoolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddGameBookWorkers(WorkerPoolDefaults.DefaultPoolName, configure);
    }

    /// <summary>Adds the default worker pool with options bound from a configuration section (see <see cref="AddGameBookWorkers(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, e.g. <c>GameBook:Workers</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGameBookWorkers(this IServiceCollection services, IConfiguration section) =>
        services.AddGameBookWorkers(WorkerPoolDefaults.DefaultPoolName, section);

    /// <summary>
    /// Adds a named worker pool, resolvable as a keyed <see cref="WorkerPool"/> (key: the name) and through
    /// <see cref="IWorkerPoolProvider"/>. Options are the named <see cref="WorkerPoolOptions"/> of that name.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The pool's name (also its metrics tag).</param>
    /// <param name="configure">Changes the pool's options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGameBookWorkers(this IServiceCollection services, string name, Action<WorkerPoolOptions>? configure)
    {
        var options = AddPool(services, name);
        if (configure is not null)
        {
            _ = options.Configure(configure);
        }

        return services;
    }

    /// <summary>Adds a named worker pool with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The pool's name (also its metrics tag).</param>
    /// <param name="section">The section, e.g. <c>GameBook:Workers:Exports</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGameBookWorkers(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        _ = AddPool(services, name);
        _ = services.Configure<WorkerPoolOptions>(name, section);
        return services;
    }

    private static OptionsBuilder<WorkerPoolOptions> AddPool(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _ = services.AddGameBookTelemetry();
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(WorkerPoolRegistry))?.ImplementationInstance as WorkerPoolRegistry;
        if (registry is null)
        {
            registry = new WorkerPoolRegistry();
            services.AddSingleton(registry);
            services.TryAddSingleton(sp => new WorkersInstrumentation(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddSingleton<IWorkerPoolProvider>(sp => new WorkerPoolProvider(
                registry,
                sp.GetRequiredService<IOptionsMonitor<WorkerPoolOptions>>(),
                sp.GetRequiredService<IResourceReader>(),
                sp.GetRequiredService<IMemoryPressure>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<WorkersInstrumentation>(),
#pragma warning disable EXTOBS0001 // Its CPU refresh interval paces the readings the controller acts on.
                sp.GetRequiredService<IOptions<ResourceMonitoringOptions>>(),
#pragma warning restore EXTOBS0001
                sp.GetService<ILoggerFactory>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerPoolOptions>, WorkerPoolOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkerPoolHostedService>());
        }

        if (!registry.Names.Contains(name, StringComparer.Ordinal))
        {
            registry.Names.Add(name);
            services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredService<IWorkerPoolProvider>().GetPool(name));
            if (name == WorkerPoolDefaults.DefaultPoolName)
            {
                services.TryAddSingleton(sp => sp.GetRequiredService<IWorkerPoolProvider>().GetPool(WorkerPoolDefaults.DefaultPoolName));
            }
        }

        return services.AddOptions<WorkerPoolOptions>(name).ValidateOnStart();
    }
}

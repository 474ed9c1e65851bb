using GameBook.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds GameBook to a service collection: validated <see cref="GameBookOptions"/>, the <see cref="IStoryCatalog"/>
/// of the stories folder (loaded when the host starts), and the <see cref="IStorySessionFactory"/>.
/// Call while building the service collection, from one thread.
/// </summary>
public static class GameBookServiceCollectionExtensions
{
    /// <summary>
    /// Adds GameBook's services. Calling it again adds nothing twice; a second <paramref name="configure"/> runs after the first.
    /// Options are validated when the host starts: an invalid value stops the start with an
    /// <see cref="OptionsValidationException"/> that names the option.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="GameBookOptions"/>; optional.</param>
    /// <returns>A builder to register host functions and commands with.</returns>
#pragma warning disable RS0027 // The IConfiguration overload has a different second parameter type, so calls are never ambiguous; this shape is the house DI convention.
    public static IGameBookBuilder AddGameBook(this IServiceCollection services, Action<GameBookOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = AddValidatedOptions(services);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>
    /// Adds GameBook's services with <see cref="GameBookOptions"/> bound from <paramref name="configuration"/>
    /// (for example <c>builder.Configuration.GetSection(GameBookDefaults.SectionName)</c>) and validated on start.
    /// Binding is source-generated, so it is safe under trimming and native AOT.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the options (keys as the property names).</param>
    /// <returns>A builder to register host functions and commands with.</returns>
    public static IGameBookBuilder AddGameBook(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddValidatedOptions(services).Bind(configuration);
        return AddCore(services);
    }

    private static OptionsBuilder<GameBookOptions> AddValidatedOptions(IServiceCollection services)
    {
        // ValidateOnStart adds a registration on every call: add it once, so repeated calls stay idempotent.
        bool added = services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(IValidateOptions<GameBookOptions>)
            && d.ImplementationType == typeof(GameBookOptionsValidator));
        return added
            ? new OptionsBuilder<GameBookOptions>(services, Options.Options.DefaultName)
            : services.AddOptionsWithValidateOnStart<GameBookOptions, GameBookOptionsValidator>();
    }

    private static GameBookBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<GameBookLibraryOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateCatalog);
        services.TryAddSingleton<IStoryCatalog>(sp => sp.GetRequiredService<StoryCatalog>());
        services.TryAddSingleton<IStorySessionFactory, StorySessionFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoryCatalogLoader>());
        return new GameBookBuilder(services);
    }

    private static StoryCatalog CreateCatalog(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GameBookOptions>>().Value;
        var library = services.GetRequiredService<IOptions<GameBookLibraryOptions>>().Value;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<StoryCatalog>() ?? NullLogger<StoryCatalog>.Instance;
        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
        return new StoryCatalog(
            options,
            library.CreateLibrary,
            logger,
            services.GetRequiredService<TimeProvider>(),
            services.GetService<IMeterFactory>(),
            contentRoot);
    }
}

using System.Net;
using GameBook.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Orleans.Hosting;

/// <summary>
/// Adds GameBook's session grains to an Orleans silo with the clustering and storage the options choose. Call at
/// startup, from one thread.
/// </summary>
public static class GameBookOrleansSiloBuilderExtensions
{
    /// <summary>
    /// Adds the session grains, the GameBook story catalog (if not added yet: configure it with <c>AddGameBook</c>),
    /// cluster ids, endpoints, clustering (localhost or Redis) and the <see cref="GameBookOrleansDefaults.StorageName"/>
    /// grain storage (memory or Redis). The options are validated here, since they choose the providers: invalid ones
    /// throw an <see cref="OptionsValidationException"/> naming each bad setting.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Changes the options; optional.</param>
    /// <returns>The silo builder.</returns>
#pragma warning disable RS0027 // The IConfiguration overload has a different second parameter type, so calls are never ambiguous; this shape is the house DI convention.
    public static ISiloBuilder AddGameBookOrleans(this ISiloBuilder builder, Action<GameBookOrleansOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GameBookOrleansOptions();
        configure?.Invoke(options);
        return Add(builder, options);
    }

    /// <summary>Adds GameBook's session grains (see <see cref="AddGameBookOrleans(ISiloBuilder, Action{GameBookOrleansOptions}?)"/>) with options bound from a configuration section (e.g. <c>GameBook:Orleans</c>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddGameBookOrleans(this ISiloBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var options = new GameBookOrleansOptions();
        section.Bind(options);
        return Add(builder, options);
    }

    private static ISiloBuilder Add(ISiloBuilder builder, GameBookOrleansOptions options)
    {
        var validator = new GameBookOrleansOptionsValidator();
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GameBookOrleansOptions), result.Failures);
        }

        var services = builder.Services;
        services.AddGameBook();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GameBookOrleansOptions>().Configure(o => Copy(options, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GameBookOrleansOptions>>(validator));

        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        if (options.Clustering == GameBookClustering.Localhost)
        {
            if (options.ConfigureEndpoints)
            {
                builder.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }
        }
        else
        {
            builder.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(options.RedisConnectionString!));
            if (options.ConfigureEndpoints)
            {
                builder.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort);
            }
        }

        if (options.Storage == GameBookSessionStorage.Memory)
        {
            builder.AddMemoryGrainStorage(GameBookOrleansDefaults.StorageName);
        }
        else
        {
            builder.AddRedisGrainStorage(GameBookOrleansDefaults.StorageName, o =>
            {
                o.ConfigurationOptions = RedisOptions(options.RedisConnectionString!);
                o.EntryExpiry = options.SessionTimeToLive;
            });
        }

        return builder;
    }

    // abortConnect=false: a silo starts (and keeps serving what needs no Redis) while Redis is down, and reconnects by itself.
    internal static ConfigurationOptions RedisOptions(string connectionString)
    {
        var parsed = ConfigurationOptions.Parse(connectionString);
        parsed.AbortOnConnectFail = false;
        return parsed;
    }

    internal static void Copy(GameBookOrleansOptions from, GameBookOrleansOptions to)
    {
        to.Clustering = from.Clustering;
        to.Storage = from.Storage;
        to.RedisConnectionString = from.RedisConnectionString;
        to.ClusterId = from.ClusterId;
        to.ServiceId = from.ServiceId;
        to.ConfigureEndpoints = from.ConfigureEndpoints;
        to.SiloPort = from.SiloPort;
        to.GatewayPort = from.GatewayPort;
        to.AdvertisedAddress = from.AdvertisedAddress;
        to.SessionTimeToLive = from.SessionTimeToLive;
        to.ClientConnectTimeout = from.ClientConnectTimeout;
    }
}

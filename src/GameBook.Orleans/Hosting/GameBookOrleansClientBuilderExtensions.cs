using GameBook.Orleans.Diagnostics;
using GameBook.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>
/// Connects a host that runs no silo (a web server in front of the cluster) to a GameBook cluster as an Orleans client,
/// from the same <c>GameBook:Orleans</c> settings the silos use. Call at startup, from one thread.
/// </summary>
public static class GameBookOrleansClientBuilderExtensions
{
    /// <summary>
    /// Sets the cluster and service ids and how the client finds the silos' gateways: <see cref="GameBookClustering.Localhost"/>
    /// (a silo on this machine at <see cref="GameBookOrleansOptions.GatewayPort"/>) or <see cref="GameBookClustering.Redis"/>
    /// (the membership table the silos write). At start the client tries to reach a gateway for
    /// <see cref="GameBookOrleansOptions.ClientConnectTimeout"/>, then the start fails with the reason logged. The options
    /// are validated here: invalid ones throw an <see cref="OptionsValidationException"/> naming each bad setting.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Changes the options; optional.</param>
    /// <returns>The client builder.</returns>
#pragma warning disable RS0027 // The IConfiguration overload has a different second parameter type, so calls are never ambiguous; this shape is the house DI convention.
    public static IClientBuilder AddGameBookOrleansClient(this IClientBuilder builder, Action<GameBookOrleansOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GameBookOrleansOptions();
        configure?.Invoke(options);
        return Add(builder, options);
    }

    /// <summary>Connects to a GameBook cluster (see <see cref="AddGameBookOrleansClient(IClientBuilder, Action{GameBookOrleansOptions}?)"/>) with options bound from a configuration section (e.g. <c>GameBook:Orleans</c>).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The client builder.</returns>
    public static IClientBuilder AddGameBookOrleansClient(this IClientBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var options = new GameBookOrleansOptions();
        section.Bind(options);
        return Add(builder, options);
    }

    private static IClientBuilder Add(IClientBuilder builder, GameBookOrleansOptions options)
    {
        var validator = new GameBookOrleansOptionsValidator(forClient: true);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GameBookOrleansOptions), result.Failures);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        string where;
        if (options.Clustering == GameBookClustering.Localhost)
        {
            builder.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            where = $"a silo's gateway on localhost:{options.GatewayPort} (Clustering Localhost, GatewayPort)";
        }
        else
        {
            var redis = GameBookOrleansSiloBuilderExtensions.RedisOptions(options.RedisConnectionString!);
            builder.UseRedisClustering(o => o.ConfigurationOptions = redis);
            where = $"a gateway in the Redis membership table at {string.Join(", ", redis.EndPoints)} (Clustering Redis)";
        }

        var target = $"GameBook cluster '{options.ClusterId}' (service '{options.ServiceId}'): {where}";
        builder.Services.AddSingleton<IClientConnectionRetryFilter>(services => new ConnectionRetryFilter(
            target, options.ClientConnectTimeout, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<ConnectionRetryFilter>>()));
        return builder;
    }

    /// <summary>Retries the first connection for the configured time, logging why each attempt failed; then gives up with the reason.</summary>
    private sealed class ConnectionRetryFilter(string target, TimeSpan timeout, TimeProvider time, ILogger<ConnectionRetryFilter> logger) : IClientConnectionRetryFilter
    {
        private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
        private long _started;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            var now = time.GetTimestamp();
            Interlocked.CompareExchange(ref _started, now, 0);
            var elapsed = time.GetElapsedTime(Interlocked.Read(ref _started), now);
            if (elapsed >= timeout)
            {
                Log.ClientGaveUp(logger, exception, target, timeout.TotalSeconds);
                return false;
            }

            Log.ClientRetrying(logger, target, exception.Message);
            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GameBook.Orleans.Hosting;

/// <summary>
/// Validates <see cref="GameBookOrleansOptions"/>: the data annotations, a Redis connection string that parses when
/// Redis is chosen, a parseable advertised address and a positive time to live. For a cluster client only what a client
/// uses is checked (clustering, its Redis connection string, ids, gateway port). Immutable, so thread-safe.
/// </summary>
internal sealed class GameBookOrleansOptionsValidator(bool forClient = false) : IValidateOptions<GameBookOrleansOptions>
{
    public ValidateOptionsResult Validate(string? name, GameBookOrleansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{GameBookOrleansDefaults.SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        if (!Enum.IsDefined(options.Clustering))
        {
            failures.Add($"{GameBookOrleansDefaults.SectionName}:Clustering must be Localhost or Redis, not '{options.Clustering}'.");
        }

        if (!Enum.IsDefined(options.Storage))
        {
            failures.Add($"{GameBookOrleansDefaults.SectionName}:Storage must be Memory or Redis, not '{options.Storage}'.");
        }

        var usesRedis = options.Clustering == GameBookClustering.Redis || (!forClient && options.Storage == GameBookSessionStorage.Redis);
        if (usesRedis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
            {
                failures.Add(forClient
                    ? $"{GameBookOrleansDefaults.SectionName}:RedisConnectionString is required when Clustering is Redis: a cluster client finds the silos' gateways in the Redis membership table (for example 'localhost:6379')."
                    : $"{GameBookOrleansDefaults.SectionName}:RedisConnectionString is required when Clustering or Storage is Redis (for example 'localhost:6379').");
            }
            else if (ParseRedis(options.RedisConnectionString) is { } error)
            {
                failures.Add($"{GameBookOrleansDefaults.SectionName}:RedisConnectionString is not a valid StackExchange.Redis connection string: {error}");
            }
        }

        if (!forClient && options.ConfigureEndpoints && !IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"{GameBookOrleansDefaults.SectionName}:AdvertisedAddress must be an IP address (such as 10.0.0.5), not '{options.AdvertisedAddress}'.");
        }

        if (!forClient && options.ConfigureEndpoints && options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{GameBookOrleansDefaults.SectionName}:SiloPort and GatewayPort must differ (both are {options.SiloPort}).");
        }

        if (options.SessionTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            failures.Add($"{GameBookOrleansDefaults.SectionName}:SessionTimeToLive must be positive, or absent to keep sessions until deleted.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses a Redis connection string; the parser's complaint, or null when it parses with at least one endpoint.</summary>
    internal static string? ParseRedis(string connectionString)
    {
        try
        {
            var parsed = ConfigurationOptions.Parse(connectionString);
            return parsed.EndPoints.Count == 0 ? "it names no endpoint (host:port)." : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}

using CsCheck;
using GameBook.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GameBook.Orleans.Tests;

/// <summary>AddGameBookOrleans validates its settings when the silo is configured (they choose the providers).</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreALocalhostSiloWithMemoryStorage_AndValid()
    {
        var options = new GameBookOrleansOptions();

        Assert.Equal(GameBookClustering.Localhost, options.Clustering);
        Assert.Equal(GameBookSessionStorage.Memory, options.Storage);
        Assert.True(new GameBookOrleansOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Storage", "Redis", "GameBook:Orleans:RedisConnectionString is required")]
    [InlineData("Clustering", "Redis", "GameBook:Orleans:RedisConnectionString is required")]
    [InlineData("AdvertisedAddress", "not-an-ip", "GameBook:Orleans:AdvertisedAddress must be an IP address")]
    [InlineData("SiloPort", "0", "SiloPort")]
    [InlineData("GatewayPort", "11111", "SiloPort and GatewayPort must differ")]
    [InlineData("SessionTimeToLive", "-00:01:00", "SessionTimeToLive must be positive")]
    public void BadSettings_FromConfiguration_StopTheSiloConfiguration_NamingTheSetting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleans(silo => silo.AddGameBookOrleans(configuration)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:6379,connectTimeout=abc", "'connectTimeout' requires an integer value")]
    [InlineData("redis-1:not-a-port", "it names no endpoint")]
    public void AnUnparseableRedisConnectionString_IsRefusedWithTheParsersReason(string connection, string reason)
    {
        var options = new GameBookOrleansOptions { Storage = GameBookSessionStorage.Redis, RedisConnectionString = connection };

        var result = new GameBookOrleansOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("RedisConnectionString is not a valid StackExchange.Redis connection string", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomSettings_AreValidatedWithoutEverThrowing()
    {
        var settings = Gen.Select(Gen.String, Gen.Int[-5, 70_000], Gen.Int[-5, 70_000], Gen.String[0, 20], Gen.Bool);
        settings.Sample((connection, silo, gateway, address, redis) =>
        {
            var options = new GameBookOrleansOptions
            {
                Storage = redis ? GameBookSessionStorage.Redis : GameBookSessionStorage.Memory,
                Clustering = redis ? GameBookClustering.Redis : GameBookClustering.Localhost,
                RedisConnectionString = connection,
                SiloPort = silo,
                GatewayPort = gateway,
                AdvertisedAddress = address,
            };
            var result = new GameBookOrleansOptionsValidator().Validate(null, options);
            return result.Succeeded || result.Failures!.All(f => f.StartsWith("GameBook:Orleans:", StringComparison.Ordinal));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("Clustering", "Redis", "a cluster client finds the silos' gateways in the Redis membership table")]
    [InlineData("ClientConnectTimeout", "00:00:00", "ClientConnectTimeout")]
    [InlineData("GatewayPort", "70000", "GatewayPort")]
    [InlineData("ClusterId", "", "ClusterId")]
    public void BadClientSettings_StopTheClientConfiguration_NamingTheSetting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleansClient(client => client.AddGameBookOrleansClient(configuration)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AClient_IgnoresTheSiloOnlySettings()
    {
        // Storage, the silo port and the advertised address are the silos' business: a client with silo-side mistakes starts.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = "Redis",
            ["SiloPort"] = "30000",
            ["AdvertisedAddress"] = "not-an-ip",
        }).Build();
        var builder = Host.CreateApplicationBuilder();

        builder.UseOrleansClient(client => client.AddGameBookOrleansClient(configuration));
    }
}

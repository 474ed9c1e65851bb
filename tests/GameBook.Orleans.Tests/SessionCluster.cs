using GameBook.Testing;
using GameBook.Orleans.Hosting;
using GameBook.Orleans.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace GameBook.Orleans.Tests;

/// <summary>
/// An Orleans cluster of real silos in this process (Microsoft.Orleans.TestingHost) serving the fixture stories:
/// on Redis (clustering and storage, through AddGameBookOrleans) when a server is given, else with in-memory storage
/// and the test cluster's membership. Failure detection is quick, so a killed silo is declared dead in seconds.
/// </summary>
public sealed class SessionCluster : IAsyncDisposable
{
    private const string StoriesKey = "GameBookTests:Stories";
    private const string RedisKey = "GameBookTests:Redis";

    private SessionCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IStorySessionGrain Session(string id) => Client.GetGrain<IStorySessionGrain>(id);

    public static async Task<SessionCluster> StartAsync(string storiesPath, short silos, RedisServer? redis = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = "gamebook-tests";
        builder.Options.UseTestClusterMembership = redis is null;
        builder.Properties[StoriesKey] = storiesPath;
        if (redis is not null)
        {
            builder.Properties[RedisKey] = redis.ConnectionString;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new SessionCluster(cluster);
    }

    /// <summary>Deactivates every idle session grain in the cluster (their next call activates them from storage).</summary>
    public Task DeactivateAllAsync() => Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>How many session grains are active on each silo.</summary>
    public async Task<Dictionary<SiloAddress, int>> ActivationsBySiloAsync()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("StorySessionGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        catch (Exception)
        {
            // A test that killed Redis or a silo may leave silos unable to leave the membership table cleanly.
        }

        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var configuration = silo.Configuration;
            var redis = configuration[RedisKey];
            silo.AddGameBookOrleans(o =>
            {
                o.ClusterId = configuration["Orleans:ClusterId"] ?? throw new InvalidOperationException("The test cluster set no cluster id.");
                o.ServiceId = configuration["Orleans:ServiceId"] ?? "gamebook-tests";
                o.ConfigureEndpoints = false;
                if (redis is not null)
                {
                    o.Clustering = GameBookClustering.Redis;
                    o.Storage = GameBookSessionStorage.Redis;
                    o.RedisConnectionString = redis;
                }
            });
            silo.Services.AddGameBook(o =>
            {
                o.StoriesPath = configuration[StoriesKey]!;
                o.ReloadOnChange = false;
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            if (configuration[RedisKey] is { } redis)
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        }
    }
}

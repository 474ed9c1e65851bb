using System.ComponentModel.DataAnnotations;

namespace GameBook.Orleans.Hosting;

/// <summary>How the silos of a GameBook cluster find each other.</summary>
public enum GameBookClustering
{
    /// <summary>One silo on this machine (or several with a primary on localhost): a developer machine without Redis.</summary>
    Localhost,

    /// <summary>Membership in Redis (<see cref="GameBookOrleansOptions.RedisConnectionString"/>): the production choice.</summary>
    Redis,
}

/// <summary>Where session grains persist their state.</summary>
public enum GameBookSessionStorage
{
    /// <summary>In the silos' memory: lost when the silo holding it stops. For a developer machine.</summary>
    Memory,

    /// <summary>In Redis (<see cref="GameBookOrleansOptions.RedisConnectionString"/>): survives silo crashes and restarts.</summary>
    Redis,
}

/// <summary>
/// Settings of GameBook on an Orleans silo, bound from <c>GameBook:Orleans</c> and validated when the silo is
/// configured (they choose the providers) and again on start. Not thread-safe while being configured; read-only after.
/// </summary>
public sealed class GameBookOrleansOptions
{
    /// <summary>How silos find each other. Default <see cref="GameBookClustering.Localhost"/>.</summary>
    public GameBookClustering Clustering { get; set; } = GameBookClustering.Localhost;

    /// <summary>Where sessions persist. Default <see cref="GameBookSessionStorage.Memory"/>.</summary>
    public GameBookSessionStorage Storage { get; set; } = GameBookSessionStorage.Memory;

    /// <summary>
    /// The StackExchange.Redis connection string (e.g. <c>redis-1:6379,password=…,abortConnect=false</c>), required when
    /// <see cref="Clustering"/> or <see cref="Storage"/> is Redis.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>The cluster's id: silos with the same id form one cluster. Default <c>gamebook</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = GameBookOrleansDefaults.ClusterId;

    /// <summary>The service's id: part of every storage key, so keep it across redeployments. Default <c>gamebook-stories</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = GameBookOrleansDefaults.ServiceId;

    /// <summary>
    /// Whether <c>AddGameBookOrleans</c> sets the silo's endpoints from <see cref="SiloPort"/>, <see cref="GatewayPort"/>
    /// and <see cref="AdvertisedAddress"/>. Turn off when the host assigns them (Orleans' test cluster, Kubernetes hosting).
    /// Default true.
    /// </summary>
    public bool ConfigureEndpoints { get; set; } = true;

    /// <summary>The silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = GameBookOrleansDefaults.SiloPort;

    /// <summary>The port clients connect to. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = GameBookOrleansDefaults.GatewayPort;

    /// <summary>The IP address this silo advertises to the others (with Redis clustering). Default <c>127.0.0.1</c>.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = GameBookOrleansDefaults.AdvertisedAddress;

    /// <summary>
    /// With Redis storage, how long a session's state lives in Redis after its last change (abandoned sessions then
    /// disappear); null keeps it until deleted. Default null.
    /// </summary>
    public TimeSpan? SessionTimeToLive { get; set; }

    /// <summary>
    /// For a host that is a pure cluster client (<c>AddGameBookOrleansClient</c>): how long it keeps trying to reach a
    /// silo's gateway at start before the start fails with the reason. 1 second..10 minutes. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClientConnectTimeout { get; set; } = GameBookOrleansDefaults.ClientConnectTimeout;
}

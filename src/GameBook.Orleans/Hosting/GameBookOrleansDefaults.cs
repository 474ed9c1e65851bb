namespace GameBook.Orleans.Hosting;

/// <summary>Default values and fixed names of GameBook on Orleans. Constants, so thread-safe.</summary>
public static class GameBookOrleansDefaults
{
    /// <summary>The configuration section <c>AddGameBookOrleans</c> binds by convention: <c>GameBook:Orleans</c>.</summary>
    public const string SectionName = "GameBook:Orleans";

    /// <summary>The name of the grain storage provider the session grains persist through.</summary>
    public const string StorageName = "gamebook-sessions";

    /// <summary>The default cluster id.</summary>
    public const string ClusterId = "gamebook";

    /// <summary>The default service id (keeps grain state across cluster redeployments).</summary>
    public const string ServiceId = "gamebook-stories";

    /// <summary>The default silo-to-silo port.</summary>
    public const int SiloPort = 11111;

    /// <summary>The default client gateway port.</summary>
    public const int GatewayPort = 30000;

    /// <summary>The default address a silo advertises to the cluster: loopback, for a developer machine.</summary>
    public const string AdvertisedAddress = "127.0.0.1";

    /// <summary>How long a cluster client tries to reach a gateway at start by default.</summary>
    public static readonly TimeSpan ClientConnectTimeout = TimeSpan.FromSeconds(30);
}

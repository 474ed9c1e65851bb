using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Cluster;

/// <summary>
/// How a story server with <c>StoryServer:Sessions:Store = Orleans</c> takes part in the cluster (section
/// <c>StoryServer:Cluster</c>): as a silo or as a pure client, and how often it shares its analytics and reads the
/// cluster's figures. Validated when the host starts. Not thread-safe to mutate.
/// </summary>
internal sealed class ClusterServerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "StoryServer:Cluster";

    /// <summary>
    /// <see cref="ClusterRole.Silo"/> (default): this server runs a silo of the cluster in its own process;
    /// <see cref="ClusterRole.Client"/>: it runs none and calls the silos of an existing cluster through their gateways.
    /// </summary>
    public ClusterRole Role { get; set; } = ClusterRole.Silo;

    /// <summary>How often this server adds what it counted to the cluster's story analytics. 100 ms..1 hour. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan AnalyticsFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the cluster's silos and active sessions are counted for the dashboard. 100 ms..1 hour. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>How a story server takes part in the Orleans cluster.</summary>
internal enum ClusterRole
{
    /// <summary>The server runs a silo (co-hosted): sessions may be served from its own process.</summary>
    Silo,

    /// <summary>The server is a pure Orleans client of silos that run elsewhere.</summary>
    Client,
}

/// <summary>Source-generated validator of <see cref="ClusterServerOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ClusterServerOptionsValidator : IValidateOptions<ClusterServerOptions>;

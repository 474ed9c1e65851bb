using GameBook.Orleans.Sessions;

namespace GameBook.Orleans.Analytics;

/// <summary>What the cluster runs now: its active silos and the session grains active on them. Immutable, so thread-safe.</summary>
/// <param name="Silos">Silos the membership table lists as active.</param>
/// <param name="ActiveSessions">Session grains activated on those silos (idle ones are collected after Orleans' collection age).</param>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.ClusterSessionCount")]
public sealed record ClusterSessionCount([property: Id(0)] int Silos, [property: Id(1)] long ActiveSessions);

/// <summary>Cluster-wide figures read through Orleans' management grain. Stateless, so thread-safe.</summary>
public static class GameBookClusterExtensions
{
    private static readonly string SessionGrainType = typeof(StorySessionGrain).FullName!;

    /// <summary>
    /// Counts the active silos and the story session grains activated on them: two management calls that visit every
    /// silo, so call it every few seconds, not per request.
    /// </summary>
    /// <param name="grains">The cluster client, or a silo's grain factory.</param>
    /// <returns>The counts.</returns>
    public static async Task<ClusterSessionCount> CountActiveSessionsAsync(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true).ConfigureAwait(false);
        var statistics = await management.GetSimpleGrainStatistics().ConfigureAwait(false);
        long sessions = 0;
        foreach (var statistic in statistics)
        {
            if (statistic.GrainType.Contains(SessionGrainType, StringComparison.Ordinal))
            {
                sessions += statistic.ActivationCount;
            }
        }

        return new ClusterSessionCount(hosts.Count, sessions);
    }
}

using GameBook.Orleans.Analytics;

namespace GameBook.Samples.Web.Cluster;

/// <summary>
/// The cluster's figures as this server last read them (silos, active session grains), for the dashboard: refreshed
/// every <see cref="ClusterServerOptions.StatusRefreshInterval"/> by <see cref="ClusterAnalyticsService"/>, so reading
/// it costs no cluster call. Thread-safe: the reading is one immutable record swapped atomically.
/// </summary>
internal sealed class ClusterStatus(ClusterRole role)
{
    private volatile ClusterStatusReading _reading = new(role.ToString(), null, null, null, "not read yet");

    /// <summary>The last reading.</summary>
    public ClusterStatusReading Current => _reading;

    /// <summary>Records a successful count.</summary>
    public void Update(ClusterSessionCount count, DateTimeOffset at) =>
        _reading = new ClusterStatusReading(_reading.Role, count.Silos, count.ActiveSessions, at, null);

    /// <summary>Records why the count failed, keeping the last figures.</summary>
    public void Failed(string reason) => _reading = _reading with { Error = reason };
}

/// <summary>What the dashboard shows of the cluster (<c>cluster</c> in <c>/api/dashboard</c>). Immutable.</summary>
/// <param name="Role">How this server takes part: Silo or Client.</param>
/// <param name="Silos">Active silos, or null before the first count.</param>
/// <param name="ActiveSessions">Session grains active in the whole cluster, or null before the first count.</param>
/// <param name="CountedAt">When they were counted.</param>
/// <param name="Error">Why the last count failed, or null.</param>
internal sealed record ClusterStatusReading(string Role, int? Silos, long? ActiveSessions, DateTimeOffset? CountedAt, string? Error);

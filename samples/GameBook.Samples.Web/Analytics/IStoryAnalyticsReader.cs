namespace GameBook.Samples.Web.Analytics;

/// <summary>
/// Where <c>GET /api/analytics/stories/{name}</c> reads a story's counts: this server's own (memory store) or the
/// cluster's totals (Orleans store, <see cref="Cluster.ClusterAnalytics"/>). Implementations are thread-safe.
/// </summary>
internal interface IStoryAnalyticsReader
{
    /// <summary>Whether the counts are the whole cluster's rather than this server's.</summary>
    bool IsClusterWide { get; }

    /// <summary>A story's counts, or null when nothing was counted for it. Throws when the counts cannot be reached.</summary>
    ValueTask<StoryAnalyticsDto?> ReadAsync(string story, CancellationToken cancellationToken);
}

/// <summary>This server's own counts. Thread-safe.</summary>
internal sealed class LocalStoryAnalyticsReader(StoryAnalytics analytics) : IStoryAnalyticsReader
{
    public bool IsClusterWide => false;

    public ValueTask<StoryAnalyticsDto?> ReadAsync(string story, CancellationToken cancellationToken) => ValueTask.FromResult(analytics.Read(story));
}

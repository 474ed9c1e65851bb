namespace GameBook.Orleans.Analytics;

/// <summary>
/// The cluster's analytics of one story, keyed by the story's catalog name. Each host counts its own sessions in memory
/// and adds what it counted since its last flush every few seconds (one call per story per interval per host, not one
/// per choice); any host reads the cluster's totals with one call. The totals are persisted through grain storage
/// before <see cref="AddAsync"/> returns, so they survive a silo crash. Calls run one at a time (Orleans' turns).
/// </summary>
[Alias("GameBook.Orleans.IStoryAnalyticsGrain")]
public interface IStoryAnalyticsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a host's delta to the story's totals. <paramref name="sequence"/> numbers the host's flushes (1, 2, …): a
    /// flush whose number is not above the last one applied from <paramref name="source"/> is a retry of a flush
    /// already counted, and is acknowledged without being counted again.
    /// </summary>
    /// <param name="source">The host's id, unique per host process (a new process starts a new source).</param>
    /// <param name="sequence">The flush's number, from 1, growing by at least one per flush of this source.</param>
    /// <param name="delta">What the host counted since its previous flush; no count may be negative.</param>
    /// <returns>True when counted; false when it was a retry of a flush counted already.</returns>
    /// <exception cref="ArgumentException">A count is negative, or the source or sequence is missing.</exception>
    [Alias("Add")]
    Task<bool> AddAsync(string source, long sequence, StoryAnalyticsCounts delta);

    /// <summary>The story's totals over every host that flushed to it.</summary>
    /// <returns>The totals; <see cref="StoryAnalyticsCounts.Empty"/> when nothing was counted.</returns>
    [Alias("Get")]
    Task<StoryAnalyticsCounts> GetAsync();
}

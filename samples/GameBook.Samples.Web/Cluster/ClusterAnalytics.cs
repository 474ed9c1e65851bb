using System.Collections.Concurrent;
using GameBook.Orleans.Analytics;
using GameBook.Samples.Web.Analytics;

namespace GameBook.Samples.Web.Cluster;

/// <summary>
/// Shares this server's story analytics with the cluster: each story's counts since the last flush go to that story's
/// <see cref="IStoryAnalyticsGrain"/> as one delta numbered per server process, and reads answer the grain's totals
/// (after flushing this server's own pending counts, so a server always sees what it counted itself). A delta whose
/// flush failed is kept and sent again with the same number, so the grain counts it once whatever happened to the
/// answer; counts made meanwhile go into the next delta. Thread-safe: one flush per story at a time.
/// </summary>
internal sealed class ClusterAnalytics(IGrainFactory grains, StoryAnalytics local) : IStoryAnalyticsReader
{
    private readonly ConcurrentDictionary<string, StoryFlush> _flushes = new(StringComparer.Ordinal);

    /// <summary>This process's source id in the analytics grains (new with every process).</summary>
    public string Source { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public bool IsClusterWide => true;

    /// <summary>Flushes every story's pending counts; returns how many stories failed (the others are flushed).</summary>
    public async Task<int> FlushAllAsync(CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var story in local.Stories)
        {
            try
            {
                await FlushAsync(story, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Sends what was counted for <paramref name="story"/> since its last acknowledged flush (nothing when nothing was).</summary>
    public async Task FlushAsync(string story, CancellationToken cancellationToken)
    {
        var flush = _flushes.GetOrAdd(story, static _ => new StoryFlush());
        await flush.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (flush.Pending is null)
            {
                var reading = local.Counts(story);
                var delta = reading.Since(flush.Flushed);
                if (delta.IsEmpty)
                {
                    return;
                }

                flush.Pending = new PendingFlush(++flush.Sequence, reading, delta);
            }

            var pending = flush.Pending;
            await grains.GetGrain<IStoryAnalyticsGrain>(story).AddAsync(Source, pending.Sequence, pending.Delta).WaitAsync(cancellationToken).ConfigureAwait(false);
            flush.Flushed = pending.Reading;
            flush.Pending = null;
        }
        finally
        {
            flush.Gate.Release();
        }
    }

    public async ValueTask<StoryAnalyticsDto?> ReadAsync(string story, CancellationToken cancellationToken)
    {
        await FlushAsync(story, cancellationToken).ConfigureAwait(false);
        var totals = await grains.GetGrain<IStoryAnalyticsGrain>(story).GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return totals.IsEmpty ? null : StoryAnalytics.ToDto(story, totals);
    }

    private sealed class StoryFlush
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public StoryAnalyticsCounts Flushed { get; set; } = StoryAnalyticsCounts.Empty;

        public PendingFlush? Pending { get; set; }

        public long Sequence { get; set; }
    }

    private sealed record PendingFlush(long Sequence, StoryAnalyticsCounts Reading, StoryAnalyticsCounts Delta);
}

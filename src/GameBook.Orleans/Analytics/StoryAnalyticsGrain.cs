using GameBook.Orleans.Diagnostics;
using GameBook.Orleans.Hosting;
using Microsoft.Extensions.Logging;

namespace GameBook.Orleans.Analytics;

/// <summary>
/// The story analytics grain: totals plus the last flush counted per source, written through grain storage before a
/// flush is acknowledged. A failed write restores the previous totals and deactivates the grain (the next call reloads
/// what storage holds), and the call throws, so the host keeps its delta and retries it with the same sequence.
/// Sources not heard from for <see cref="ForgetSourceAfter"/> are forgotten (a process that stopped flushing).
/// </summary>
internal sealed class StoryAnalyticsGrain : Grain, IStoryAnalyticsGrain
{
    /// <summary>How long a silent source's last sequence is remembered: far longer than any retry of a flush takes.</summary>
    internal static readonly TimeSpan ForgetSourceAfter = TimeSpan.FromDays(7);

    private readonly IPersistentState<StoryAnalyticsState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<StoryAnalyticsGrain> _logger;
    private StoryAnalyticsCounts? _totals;

    public StoryAnalyticsGrain(
        [PersistentState("analytics", GameBookOrleansDefaults.StorageName)] IPersistentState<StoryAnalyticsState> state,
        TimeProvider time,
        ILogger<StoryAnalyticsGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    public async Task<bool> AddAsync(string source, long sequence, StoryAnalyticsCounts delta)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        if (!delta.IsValid)
        {
            throw new ArgumentException($"The analytics flush {sequence} from '{source}' for story '{this.GetPrimaryKeyString()}' has a negative count or an unnamed entry; send what was counted since the previous flush.", nameof(delta));
        }

        var state = _state.State;
        var now = _time.GetUtcNow();
        if (state.Sources.TryGetValue(source, out var mark) && sequence <= mark.Sequence)
        {
            return false;
        }

        var previousTotals = _totals ??= state.ToCounts();
        var previousSources = new Dictionary<string, SourceMark>(state.Sources, StringComparer.Ordinal);
        var totals = previousTotals.Add(delta);
        state.SetCounts(totals);
        state.Sources[source] = new SourceMark { Sequence = sequence, Seen = now };
        foreach (var (name, seen) in previousSources)
        {
            if (now - seen.Seen > ForgetSourceAfter)
            {
                state.Sources.Remove(name);
            }
        }

        try
        {
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            state.SetCounts(previousTotals);
            state.Sources = previousSources;
            DeactivateOnIdle();
            Log.AnalyticsPersistFailed(_logger, ex, this.GetPrimaryKeyString(), source, sequence);
            throw new InvalidOperationException(
                $"The analytics of story '{this.GetPrimaryKeyString()}' could not be persisted to grain storage '{GameBookOrleansDefaults.StorageName}' ({ex.GetType().Name}: {ex.Message}); flush {sequence} from '{source}' is not counted. Retry it with the same sequence.");
        }

        _totals = totals;
        return true;
    }

    public Task<StoryAnalyticsCounts> GetAsync() => Task.FromResult(_totals ??= _state.State.ToCounts());
}

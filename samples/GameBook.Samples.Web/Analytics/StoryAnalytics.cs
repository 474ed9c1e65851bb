using System.Collections.Concurrent;
using System.Collections.Immutable;
using GameBook.Orleans.Analytics;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Analytics;

/// <summary>
/// Live per-story counts: sessions started, endings reached, where players stopped (sessions deleted, expired or
/// evicted before an ending) and how often each option of each option set was chosen. Thread-safe, and the choose
/// path takes no lock shared across sessions: counters live in concurrent dictionaries (lock-free reads; an entry is
/// created once) and are bumped with <see cref="Interlocked"/>.
/// </summary>
internal sealed class StoryAnalytics
{
    private readonly ConcurrentDictionary<string, StoryCounters> _stories = new(StringComparer.Ordinal);

    /// <summary>Counts a new session of <paramref name="story"/>.</summary>
    public void SessionStarted(string story) => Interlocked.Increment(ref For(story).SessionsStarted);

    /// <summary>Counts a session that ended in <paramref name="node"/>.</summary>
    public void EndingReached(string story, string? node) => Bump(For(story).Endings, node ?? "(none)");

    /// <summary>Counts a session that stopped in <paramref name="node"/> before reaching an ending.</summary>
    public void Stopped(string story, string? node) => Bump(For(story).Stops, node ?? "(not started)");

    /// <summary>Counts a choice of option <paramref name="index"/> in the option set <paramref name="options"/> shown in <paramref name="node"/>.</summary>
    public void OptionChosen(string story, string? node, OptionSet options, int index)
    {
        if (options.Count == 0 || (uint)index >= (uint)options.Count)
        {
            return;
        }

        var counters = For(story);
        var key = options[0].Line.Id;
        if (!counters.OptionSets.TryGetValue(key, out var set))
        {
            set = counters.OptionSets.GetOrAdd(key, static (k, state) => new OptionSetCounter(state.Node ?? "(none)", k, state.Options), (Node: node, Options: options));
        }

        set.Chosen(options[index]);
    }

    /// <summary>A story's counts, or null when nothing was counted for it.</summary>
    public StoryAnalyticsDto? Read(string story)
    {
        if (!_stories.TryGetValue(story, out var counters))
        {
            return null;
        }

        var sets = new List<OptionSetAnalyticsDto>();
        foreach (var (_, set) in counters.OptionSets)
        {
            sets.Add(set.Read());
        }

        sets.Sort(static (a, b) => string.CompareOrdinal(a.Node, b.Node) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return new StoryAnalyticsDto(story, Interlocked.Read(ref counters.SessionsStarted), Read(counters.Endings), Read(counters.Stops), sets);
    }

    /// <summary>The stories something was counted for.</summary>
    public IEnumerable<string> Stories => _stories.Keys;

    /// <summary>
    /// A story's counts as the cluster's analytics grain adds them (options keyed by line ID). Counts only grow, so the
    /// difference of two readings is what was counted between them.
    /// </summary>
    public StoryAnalyticsCounts Counts(string story)
    {
        if (!_stories.TryGetValue(story, out var counters))
        {
            return StoryAnalyticsCounts.Empty;
        }

        var sets = ImmutableArray.CreateBuilder<OptionSetCounts>();
        foreach (var (_, set) in counters.OptionSets)
        {
            sets.Add(set.Counts());
        }

        return new StoryAnalyticsCounts
        {
            SessionsStarted = Interlocked.Read(ref counters.SessionsStarted),
            EndingsReached = Read(counters.Endings).ToImmutableDictionary(StringComparer.Ordinal),
            Stops = Read(counters.Stops).ToImmutableDictionary(StringComparer.Ordinal),
            OptionSets = sets.ToImmutable(),
        };
    }

    /// <summary>The record the analytics endpoint answers with, from counts (the cluster's totals).</summary>
    public static StoryAnalyticsDto ToDto(string story, StoryAnalyticsCounts counts)
    {
        var sets = new List<OptionSetAnalyticsDto>(counts.OptionSets.Length);
        foreach (var set in counts.OptionSets)
        {
            var options = new List<OptionAnalyticsDto>(set.Options.Length);
            foreach (var option in set.Options)
            {
                options.Add(new OptionAnalyticsDto(option.Index, option.Text, option.Chosen));
            }

            options.Sort(static (a, b) => a.Index.CompareTo(b.Index));
            sets.Add(new OptionSetAnalyticsDto(set.Node, set.Key, options));
        }

        sets.Sort(static (a, b) => string.CompareOrdinal(a.Node, b.Node) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return new StoryAnalyticsDto(
            story,
            counts.SessionsStarted,
            new SortedDictionary<string, long>(counts.EndingsReached, StringComparer.Ordinal),
            new SortedDictionary<string, long>(counts.Stops, StringComparer.Ordinal),
            sets);
    }

    /// <summary>An empty record for a story nothing was counted for yet.</summary>
    public static StoryAnalyticsDto Empty(string story) =>
        new(story, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), []);

    private StoryCounters For(string story)
    {
        if (!_stories.TryGetValue(story, out var counters))
        {
            counters = _stories.GetOrAdd(story, static _ => new StoryCounters());
        }

        return counters;
    }

    private static void Bump(ConcurrentDictionary<string, StrongBox> counts, string key)
    {
        if (!counts.TryGetValue(key, out var box))
        {
            box = counts.GetOrAdd(key, static _ => new StrongBox());
        }

        Interlocked.Increment(ref box.Value);
    }

    private static SortedDictionary<string, long> Read(ConcurrentDictionary<string, StrongBox> counts)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, box) in counts)
        {
            result[key] = Interlocked.Read(ref box.Value);
        }

        return result;
    }

    private sealed class StoryCounters
    {
        public long SessionsStarted;
        public readonly ConcurrentDictionary<string, StrongBox> Endings = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, StrongBox> Stops = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, OptionSetCounter> OptionSets = new(StringComparer.Ordinal);
    }

    private sealed class StrongBox
    {
        public long Value;
    }

    /// <summary>One option set's counters, keyed by option line ID (an option a later visit adds gets its own entry).</summary>
    private sealed class OptionSetCounter
    {
        private readonly string _node;
        private readonly string _key;
        private readonly ConcurrentDictionary<string, OptionCounter> _options = new(StringComparer.Ordinal);

        public OptionSetCounter(string node, string key, OptionSet options)
        {
            _node = node;
            _key = key;
            foreach (var option in options)
            {
                _options.TryAdd(option.Line.Id, new OptionCounter(option.Index, option.Text));
            }
        }

        public OptionSetCounts Counts()
        {
            var options = ImmutableArray.CreateBuilder<OptionCounts>();
            foreach (var (key, counter) in _options)
            {
                options.Add(new OptionCounts { Key = key, Index = counter.Index, Text = counter.Text, Chosen = Interlocked.Read(ref counter.Chosen) });
            }

            return new OptionSetCounts { Node = _node, Key = _key, Options = options.ToImmutable() };
        }

        public void Chosen(StoryOption option)
        {
            if (!_options.TryGetValue(option.Line.Id, out var counter))
            {
                counter = _options.GetOrAdd(option.Line.Id, static (_, o) => new OptionCounter(o.Index, o.Text), option);
            }

            Interlocked.Increment(ref counter.Chosen);
        }

        public OptionSetAnalyticsDto Read()
        {
            var options = new List<OptionAnalyticsDto>();
            foreach (var (_, counter) in _options)
            {
                options.Add(new OptionAnalyticsDto(counter.Index, counter.Text, Interlocked.Read(ref counter.Chosen)));
            }

            options.Sort(static (a, b) => a.Index.CompareTo(b.Index));
            return new OptionSetAnalyticsDto(_node, _key, options);
        }
    }

    private sealed class OptionCounter(int index, string text)
    {
        public readonly int Index = index;
        public readonly string Text = text;
        public long Chosen;
    }
}

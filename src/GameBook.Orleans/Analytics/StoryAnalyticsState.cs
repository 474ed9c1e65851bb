using System.Collections.Immutable;

namespace GameBook.Orleans.Analytics;

/// <summary>
/// What a story analytics grain persists: the totals, and per source the last flush counted (for retries). Plain
/// mutable collections, since grain storage may serialize with a JSON serializer that cannot build immutable ones.
/// </summary>
[GenerateSerializer, Alias("GameBook.Orleans.StoryAnalyticsState")]
internal sealed class StoryAnalyticsState
{
    /// <summary>Sessions started.</summary>
    [Id(0)]
    public long SessionsStarted { get; set; }

    /// <summary>Endings reached by node.</summary>
    [Id(1)]
    public Dictionary<string, long> EndingsReached { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Stops before an ending by node.</summary>
    [Id(2)]
    public Dictionary<string, long> Stops { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Option sets with their options' counts.</summary>
    [Id(3)]
    public List<StoredOptionSet> OptionSets { get; set; } = [];

    /// <summary>Per source (host process): the last flush counted and when.</summary>
    [Id(4)]
    public Dictionary<string, SourceMark> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The totals as counts.</summary>
    public StoryAnalyticsCounts ToCounts() => new()
    {
        SessionsStarted = SessionsStarted,
        EndingsReached = EndingsReached.ToImmutableDictionary(StringComparer.Ordinal),
        Stops = Stops.ToImmutableDictionary(StringComparer.Ordinal),
        OptionSets = [.. OptionSets.Select(static s => new OptionSetCounts
        {
            Node = s.Node,
            Key = s.Key,
            Options = [.. s.Options.Select(static o => new OptionCounts { Key = o.Key, Index = o.Index, Text = o.Text, Chosen = o.Chosen })],
        })],
    };

    /// <summary>Replaces the totals with <paramref name="counts"/>.</summary>
    public void SetCounts(StoryAnalyticsCounts counts)
    {
        SessionsStarted = counts.SessionsStarted;
        EndingsReached = new Dictionary<string, long>(counts.EndingsReached, StringComparer.Ordinal);
        Stops = new Dictionary<string, long>(counts.Stops, StringComparer.Ordinal);
        OptionSets = [.. counts.OptionSets.Select(static s => new StoredOptionSet
        {
            Node = s.Node,
            Key = s.Key,
            Options = [.. s.Options.Select(static o => new StoredOption { Key = o.Key, Index = o.Index, Text = o.Text, Chosen = o.Chosen })],
        })];
    }
}

/// <summary>One option set's counts as stored.</summary>
[GenerateSerializer, Alias("GameBook.Orleans.StoryAnalyticsStoredOptionSet")]
internal sealed class StoredOptionSet
{
    [Id(0)]
    public string Node { get; set; } = string.Empty;

    [Id(1)]
    public string Key { get; set; } = string.Empty;

    [Id(2)]
    public List<StoredOption> Options { get; set; } = [];
}

/// <summary>One option's count as stored.</summary>
[GenerateSerializer, Alias("GameBook.Orleans.StoryAnalyticsStoredOption")]
internal sealed class StoredOption
{
    [Id(0)]
    public string Key { get; set; } = string.Empty;

    [Id(1)]
    public int Index { get; set; }

    [Id(2)]
    public string Text { get; set; } = string.Empty;

    [Id(3)]
    public long Chosen { get; set; }
}

/// <summary>The last flush counted from one source, and when it arrived.</summary>
[GenerateSerializer, Alias("GameBook.Orleans.StoryAnalyticsSourceMark")]
internal sealed class SourceMark
{
    [Id(0)]
    public long Sequence { get; set; }

    [Id(1)]
    public DateTimeOffset Seen { get; set; }
}

using System.Collections.Immutable;

namespace GameBook.Orleans.Analytics;

/// <summary>
/// A story's analytics counts: sessions started, endings reached and where players stopped (by node), and how often
/// each option of each option set was chosen. Used both as a delta a host sends (<see cref="IStoryAnalyticsGrain.AddAsync"/>)
/// and as the cluster's totals (<see cref="IStoryAnalyticsGrain.GetAsync"/>). Counts only grow, so the difference of
/// two readings of one host's counters is a delta. Immutable, so thread-safe.
/// </summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.StoryAnalyticsCounts")]
public sealed record StoryAnalyticsCounts
{
    /// <summary>Counts of nothing.</summary>
    public static StoryAnalyticsCounts Empty { get; } = new();

    /// <summary>Sessions started.</summary>
    [Id(0)]
    public long SessionsStarted { get; init; }

    /// <summary>Sessions that reached an ending, by the ending's node.</summary>
    [Id(1)]
    public ImmutableDictionary<string, long> EndingsReached { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>Sessions that stopped (deleted, expired) before an ending, by the node they stopped in.</summary>
    [Id(2)]
    public ImmutableDictionary<string, long> Stops { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>Option sets by <see cref="OptionSetCounts.Key"/>, each with its options' choice counts.</summary>
    [Id(3)]
    public ImmutableArray<OptionSetCounts> OptionSets { get; init; } = [];

    /// <summary>Whether every count is zero.</summary>
    public bool IsEmpty => SessionsStarted == 0 && AllZero(EndingsReached) && AllZero(Stops) && OptionSets.All(static s => s.Options.All(static o => o.Chosen == 0));

    /// <summary>The sum of these counts and <paramref name="other"/> (an option set or option only one side has is kept as it is).</summary>
    /// <param name="other">The counts to add.</param>
    /// <returns>The sum.</returns>
    public StoryAnalyticsCounts Add(StoryAnalyticsCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Combine(other, 1);
    }

    /// <summary>
    /// What was counted since <paramref name="earlier"/>, an earlier reading of the same counters (counts only grow; a
    /// count below its earlier value means the reading is not from the same counters and is refused).
    /// </summary>
    /// <param name="earlier">The earlier reading.</param>
    /// <returns>The difference; entries that did not change are left out.</returns>
    /// <exception cref="ArgumentException">A count is below its earlier value.</exception>
    public StoryAnalyticsCounts Since(StoryAnalyticsCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return Combine(earlier, -1);
    }

    /// <summary>Whether no count is negative (a delta from outside is checked with this before it is added).</summary>
    public bool IsValid =>
        SessionsStarted >= 0
        && EndingsReached.Values.All(static v => v >= 0)
        && Stops.Values.All(static v => v >= 0)
        && OptionSets.All(static s => s.Key is not null && s.Node is not null && s.Options.All(static o => o.Chosen >= 0 && o.Key is not null && o.Text is not null));

    private StoryAnalyticsCounts Combine(StoryAnalyticsCounts other, int sign)
    {
        var sets = new Dictionary<string, OptionSetCounts>(StringComparer.Ordinal);
        foreach (var set in OptionSets)
        {
            sets[set.Key] = set;
        }

        foreach (var set in other.OptionSets)
        {
            if (sets.TryGetValue(set.Key, out var mine))
            {
                sets[set.Key] = mine.Combine(set, sign);
            }
            else if (sign > 0)
            {
                sets[set.Key] = set;
            }
            else if (set.Options.Any(static o => o.Chosen != 0))
            {
                throw new ArgumentException($"The earlier reading has option set '{set.Key}', this one does not: they are not readings of the same counters.", nameof(other));
            }
        }

        // A delta keeps the options that are new since the earlier reading (even unchosen ones, so the totals list every
        // option a player was offered) and those chosen since; a set with neither is left out.
        var combined = new List<OptionSetCounts>(sets.Count);
        foreach (var (_, set) in sets)
        {
            if (sign > 0 || set.Options.Length > 0)
            {
                combined.Add(set);
            }
        }

        combined.Sort(static (a, b) => string.CompareOrdinal(a.Node, b.Node) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return new StoryAnalyticsCounts
        {
            SessionsStarted = Checked(SessionsStarted, other.SessionsStarted, sign, "sessions started"),
            EndingsReached = Combine(EndingsReached, other.EndingsReached, sign, "ending"),
            Stops = Combine(Stops, other.Stops, sign, "stop"),
            OptionSets = [.. combined],
        };
    }

    private static ImmutableDictionary<string, long> Combine(ImmutableDictionary<string, long> mine, ImmutableDictionary<string, long> other, int sign, string what)
    {
        var result = mine.ToBuilder();
        foreach (var (key, value) in other)
        {
            var sum = Checked(mine.GetValueOrDefault(key), value, sign, $"{what} '{key}'");
            if (sum == 0)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = sum;
            }
        }

        return result.ToImmutable();
    }

    internal static long Checked(long mine, long other, int sign, string what)
    {
        var result = sign > 0 ? mine + other : mine - other;
        if (result < 0)
        {
            throw new ArgumentException($"The count of {what} is {mine}, below the earlier reading's {other}: they are not readings of the same counters.", nameof(other));
        }

        return result;
    }

    private static bool AllZero(ImmutableDictionary<string, long> counts) => counts.Values.All(static v => v == 0);
}

/// <summary>How often each option of one option set was chosen. Immutable, so thread-safe.</summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.OptionSetCounts")]
public sealed record OptionSetCounts
{
    /// <summary>The node the option set is shown in.</summary>
    [Id(0)]
    public required string Node { get; init; }

    /// <summary>The set's key: the line ID of its first option.</summary>
    [Id(1)]
    public required string Key { get; init; }

    /// <summary>The set's options, by index.</summary>
    [Id(2)]
    public ImmutableArray<OptionCounts> Options { get; init; } = [];

    internal OptionSetCounts Combine(OptionSetCounts other, int sign)
    {
        var options = new Dictionary<string, OptionCounts>(StringComparer.Ordinal);
        foreach (var option in Options)
        {
            options[option.Key] = option;
        }

        foreach (var option in other.Options)
        {
            options[option.Key] = options.TryGetValue(option.Key, out var mine)
                ? mine with { Chosen = StoryAnalyticsCounts.Checked(mine.Chosen, option.Chosen, sign, $"option '{option.Key}'") }
                : sign > 0 ? option : option with { Chosen = StoryAnalyticsCounts.Checked(0, option.Chosen, sign, $"option '{option.Key}'") };
        }

        var list = sign > 0
            ? options.Values.ToList()
            : options.Values.Where(o => o.Chosen != 0 || !other.Options.Any(e => string.Equals(e.Key, o.Key, StringComparison.Ordinal))).ToList();
        list.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.Key, b.Key));
        return this with { Options = [.. list] };
    }
}

/// <summary>One option's choice count. Immutable, so thread-safe.</summary>
[GenerateSerializer, Immutable, Alias("GameBook.Orleans.OptionCounts")]
public sealed record OptionCounts
{
    /// <summary>The option's line ID (options are matched by it when counts are added).</summary>
    [Id(0)]
    public required string Key { get; init; }

    /// <summary>The option's index in its set.</summary>
    [Id(1)]
    public int Index { get; init; }

    /// <summary>The option's text.</summary>
    [Id(2)]
    public required string Text { get; init; }

    /// <summary>How often it was chosen.</summary>
    [Id(3)]
    public long Chosen { get; init; }
}

namespace GameBook.Samples.Web.Analytics;

/// <summary>A story's live analytics (<c>GET /api/analytics/stories/{name}</c>). Immutable.</summary>
internal sealed record StoryAnalyticsDto(
    string Story,
    long SessionsStarted,
    IReadOnlyDictionary<string, long> EndingsReached,
    IReadOnlyDictionary<string, long> Stops,
    IReadOnlyList<OptionSetAnalyticsDto> OptionSets);

/// <summary>How often each option of one option set was chosen; <c>key</c> is the line ID of the set's first option. Immutable.</summary>
internal sealed record OptionSetAnalyticsDto(string Node, string Key, IReadOnlyList<OptionAnalyticsDto> Options);

/// <summary>One option's choice count. Immutable.</summary>
internal sealed record OptionAnalyticsDto(int Index, string Text, long Chosen);

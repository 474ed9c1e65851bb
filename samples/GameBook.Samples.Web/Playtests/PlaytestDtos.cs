namespace GameBook.Samples.Web.Playtests;

/// <summary>Body of <c>POST /api/stories/{name}/playtests</c>. Not thread-safe to mutate.</summary>
internal sealed class StartPlaytestRequest
{
    /// <summary>How many playthroughs (required, 1..StoryServer:Playtests:MaxPlaythroughs).</summary>
    public int? Playthroughs { get; set; }

    /// <summary>The batch's seed: playthrough <c>i</c> is seeded from it and <c>i</c>; random when absent.</summary>
    public ulong? Seed { get; set; }

    /// <summary>Steps after which a playthrough is given up (counted as such); StoryServer:Playtests:DefaultMaxSteps when absent.</summary>
    public int? MaxSteps { get; set; }
}

/// <summary>The answer to a started playtest. Immutable.</summary>
internal sealed record PlaytestStartedDto(string Id);

/// <summary>A playtest's progress. Immutable.</summary>
internal sealed record PlaytestStatusDto(string Id, string Story, string State, long Done, long Total, double SelectionsPerSecond, string? Error);

namespace GameBook.Authoring.Playtesting;

/// <summary>Default values of <see cref="PlaytestOptions"/>. Thread-safe (constants).</summary>
public static class PlaytestDefaults
{
    /// <summary>Playthroughs in a run: 1,000.</summary>
    public const int Playthroughs = 1_000;

    /// <summary>Steps (calls to <c>StorySession.Next</c>) one playthrough may take before it counts as a step-limit hit: 10,000.</summary>
    public const int MaxStepsPerPlaythrough = 10_000;

    /// <summary>Distinct values a variable histogram keeps exactly (the lowest ones); the rest are counted together: 100.</summary>
    public const int MaxHistogramValues = 100;

    /// <summary>Problems recorded with their seeds (those of the lowest playthrough indexes); all are counted: 100.</summary>
    public const int MaxRecordedProblems = 100;

    /// <summary>The overall time bound of a run: 10 minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a stopping run waits for playthroughs still running before it abandons them: 1 second.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(1);

    /// <summary>How often progress is reported: every 250 ms.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
}

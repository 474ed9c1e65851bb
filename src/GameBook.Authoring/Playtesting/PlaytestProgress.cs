namespace GameBook.Authoring.Playtesting;

/// <summary>How far a playtest run has got, reported through <see cref="IProgress{T}"/>. An immutable value.</summary>
public readonly record struct PlaytestProgress
{
    /// <summary>Playthroughs finished and counted.</summary>
    public long PlaythroughsCompleted { get; init; }

    /// <summary>Playthroughs the run was asked for.</summary>
    public long PlaythroughsRequested { get; init; }

    /// <summary>Options chosen so far.</summary>
    public long Selections { get; init; }

    /// <summary>Options chosen per second since the run started.</summary>
    public double SelectionsPerSecond { get; init; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Percentage of nodes entered so far.</summary>
    public double NodeCoveragePercent { get; init; }

    /// <summary>Percentage of lines shown so far.</summary>
    public double LineCoveragePercent { get; init; }

    /// <summary>Percentage of options chosen so far.</summary>
    public double OptionCoveragePercent { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace GameBook.Resilience;

/// <summary>
/// Options shared by every GameBook pipeline: the failure-tracking window and history. Bound from
/// <c>GameBook:Resilience</c>, validated on start; read once when the first pipeline is tracked. Not thread-safe to mutate.
/// </summary>
public sealed class GameBookResilienceOptions
{
    /// <summary>Length of the rolling window of <see cref="PipelineStatus.Window"/>, in one-second buckets, 1 to 3600. Default 60.</summary>
    [Range(1, 3600)]
    public int RollingWindowSeconds { get; set; } = ResilienceDefaults.RollingWindowSeconds;

    /// <summary>Breaker transitions kept per pipeline, 1 to 10,000. Default 50.</summary>
    [Range(1, 10_000)]
    public int TransitionHistorySize { get; set; } = ResilienceDefaults.TransitionHistorySize;
}

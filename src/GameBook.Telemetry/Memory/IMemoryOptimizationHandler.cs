namespace GameBook.Telemetry.Memory;

/// <summary>
/// An automatic optimization trigger (compacting GC, cache trimming, shedding load) registered in DI. The
/// <see cref="MemoryAlertManager"/> runs it when a level it handles is entered and, if
/// <see cref="RepeatWhileLevelPersists"/>, again while that level persists, never more often than
/// <see cref="MinimumInterval"/>. Handlers run one after the other on the sampling loop; a failing handler is
/// logged and never stops the others. Implementations must be thread-safe.
/// </summary>
public interface IMemoryOptimizationHandler
{
    /// <summary>A short name for logs and metrics.</summary>
    string Name { get; }

    /// <summary>The shortest time between two runs (entries included). <see cref="TimeSpan.Zero"/>: no limit.</summary>
    TimeSpan MinimumInterval { get; }

    /// <summary>Whether to run again, rate limited by <see cref="MinimumInterval"/>, while a handled level persists.</summary>
    bool RepeatWhileLevelPersists { get; }

    /// <summary>Whether this handler cares about <paramref name="level"/>.</summary>
    /// <param name="level">The current level.</param>
    /// <returns><see langword="true"/> to be run at that level.</returns>
    bool AppliesTo(MemoryLevel level);

    /// <summary>Runs the optimization.</summary>
    /// <param name="context">The level, whether it was just entered, and the latest reading.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the optimization is done.</returns>
    ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken);
}

using GameBook.Telemetry.Readings;

namespace GameBook.Telemetry.Memory;

/// <summary>What an <see cref="IMemoryOptimizationHandler"/> is run for. Immutable and thread-safe.</summary>
public sealed record MemoryOptimizationContext
{
    /// <summary>The current memory level.</summary>
    public required MemoryLevel Level { get; init; }

    /// <summary><see langword="true"/> when the level was entered by this sample; <see langword="false"/> on a repeat.</summary>
    public required bool LevelEntered { get; init; }

    /// <summary>The reading that produced the level.</summary>
    public required ResourceReading Reading { get; init; }
}

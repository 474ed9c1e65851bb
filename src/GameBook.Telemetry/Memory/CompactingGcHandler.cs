using System.Runtime;

namespace GameBook.Telemetry.Memory;

/// <summary>
/// Built-in optimization: a blocking, compacting full GC (large object heap included) at
/// <see cref="MemoryLevel.Critical"/> and above, at most once a minute. Thread-safe.
/// </summary>
internal sealed class CompactingGcHandler : IMemoryOptimizationHandler
{
    public string Name => "compacting-gc";

    public TimeSpan MinimumInterval => TimeSpan.FromMinutes(1);

    public bool RepeatWhileLevelPersists => true;

    public bool AppliesTo(MemoryLevel level) => level >= MemoryLevel.Critical;

    public ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return ValueTask.CompletedTask;
    }
}

namespace GameBook.Authoring.Exploration;

/// <summary>
/// Counts the bytes of the explorer's own data against <see cref="ExplorationOptions.MaxMemoryBytes"/>: every large
/// allocation reserves first and is refused (the exploration then stops) when it would pass the bound. Thread-safe.
/// </summary>
internal sealed class MemoryBudget(long limit)
{
    private long _used;
    private long _peak;

    public long Used => Volatile.Read(ref _used);

    public long Peak => Volatile.Read(ref _peak);

    public bool Exhausted { get; private set; }

    /// <summary>Reserves <paramref name="bytes"/>; false (and <see cref="Exhausted"/>) when that would pass the limit.</summary>
    public bool TryReserve(long bytes)
    {
        var used = Interlocked.Add(ref _used, bytes);
        if (used > limit)
        {
            Interlocked.Add(ref _used, -bytes);
            Exhausted = true;
            return false;
        }

        long peak;
        while (used > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, used, peak) != peak)
        {
        }

        return true;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}

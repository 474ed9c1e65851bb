using System.IO.Hashing;

namespace GameBook.Authoring.Exploration;

/// <summary>The outcome of <see cref="VisitedSet.Add"/>.</summary>
internal enum AddResult
{
    Added,
    Present,
    Refused,
}

/// <summary>
/// The set of visited states, mapping each to its id. Partitioned by the fingerprint's top bits, one lock per partition,
/// so threads rarely meet. Thread-safe.
/// </summary>
internal abstract class VisitedSet
{
    protected const int PartitionBits = 6;
    protected const int Partitions = 1 << PartitionBits;

    /// <summary>Bytes the set holds (the figure reported as the visited set's).</summary>
    public abstract long Bytes { get; }

    /// <summary>Bytes of the per-state id table, counted as graph memory.</summary>
    public abstract long IdBytes { get; }

    public static ulong Fingerprint(ReadOnlySpan<byte> state) => XxHash3.HashToUInt64(state);

    /// <summary>Adds the state unless present. <paramref name="id"/> is its id (a new one from <paramref name="nextId"/> when added).</summary>
    public abstract AddResult Add(ulong fingerprint, ReadOnlySpan<byte> state, Func<int> nextId, out int id);
}

/// <summary>
/// 64-bit fingerprints in open-addressing tables (linear probing, 0 marks a free slot, fingerprint 0 is stored as 1).
/// Each partition grows by half when 80 % full, so a table is 53 to 80 % full: 10 to 15 bytes per state for the
/// fingerprints, plus 5 to 7.5 for ids when edges need them. Thread-safe.
/// </summary>
internal sealed class FingerprintSet : VisitedSet
{
    private const int InitialCapacity = 64;
    private readonly Partition[] _partitions = new Partition[Partitions];
    private readonly MemoryBudget _budget;
    private readonly bool _keepIds;
    private long _bytes;
    private long _idBytes;

    public FingerprintSet(MemoryBudget budget, bool keepIds)
    {
        _budget = budget;
        _keepIds = keepIds;
        for (var i = 0; i < Partitions; i++)
        {
            _partitions[i] = new Partition();
        }
    }

    public override long Bytes => Volatile.Read(ref _bytes);

    public override long IdBytes => Volatile.Read(ref _idBytes);

    public override AddResult Add(ulong fingerprint, ReadOnlySpan<byte> state, Func<int> nextId, out int id)
    {
        var key = fingerprint == 0 ? 1 : fingerprint;
        var partition = _partitions[(int)(key >> (64 - PartitionBits))];
        lock (partition)
        {
            if (partition.Keys.Length == 0 || partition.Count + 1 > partition.Keys.Length * 4L / 5)
            {
                if (!Grow(partition))
                {
                    id = -1;
                    return AddResult.Refused;
                }
            }

            var keys = partition.Keys;
            var slot = Slot(key, keys.Length);
            while (true)
            {
                var existing = keys[slot];
                if (existing == key)
                {
                    id = partition.Ids is { } ids ? ids[slot] : -1;
                    return AddResult.Present;
                }

                if (existing == 0)
                {
                    id = nextId();
                    if (id < 0)
                    {
                        return AddResult.Refused;
                    }

                    keys[slot] = key;
                    if (partition.Ids is { } ids)
                    {
                        ids[slot] = id;
                    }

                    partition.Count++;
                    return AddResult.Added;
                }

                if (++slot == keys.Length)
                {
                    slot = 0;
                }
            }
        }
    }

    // Multiplicative mixing then the high bits scaled to the table (no power-of-two sizes needed).
    private static int Slot(ulong key, int capacity) => (int)Math.BigMul(key * 0x9E3779B97F4A7C15UL, (ulong)capacity, out _);

    private bool Grow(Partition partition)
    {
        var capacity = partition.Keys.Length == 0 ? InitialCapacity : partition.Keys.Length + (partition.Keys.Length / 2);
        var keyBytes = (long)capacity * sizeof(ulong);
        var idBytes = _keepIds ? (long)capacity * sizeof(int) : 0;
        if (!_budget.TryReserve(keyBytes + idBytes))
        {
            return false;
        }

        var keys = new ulong[capacity];
        var ids = _keepIds ? new int[capacity] : null;
        var oldKeys = partition.Keys;
        var oldIds = partition.Ids;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            var key = oldKeys[i];
            if (key == 0)
            {
                continue;
            }

            var slot = Slot(key, capacity);
            while (keys[slot] != 0)
            {
                if (++slot == capacity)
                {
                    slot = 0;
                }
            }

            keys[slot] = key;
            if (ids is not null)
            {
                ids[slot] = oldIds![i];
            }
        }

        var oldKeyBytes = (long)oldKeys.Length * sizeof(ulong);
        var oldIdBytes = oldIds is null ? 0 : (long)oldIds.Length * sizeof(int);
        _budget.Release(oldKeyBytes + oldIdBytes);
        Interlocked.Add(ref _bytes, keyBytes - oldKeyBytes);
        Interlocked.Add(ref _idBytes, idBytes - oldIdBytes);
        partition.Keys = keys;
        partition.Ids = ids;
        return true;
    }

    private sealed class Partition
    {
        public ulong[] Keys = [];
        public int[]? Ids;
        public int Count;
    }
}

/// <summary>Full encoded states in hash tables: no collisions. The bytes are estimated (payload plus object and entry overhead). Thread-safe.</summary>
internal sealed class ExactStateSet : VisitedSet
{
    // Array header and reference (~32) plus a dictionary entry (key, value, hash, next: ~32).
    private const int OverheadPerState = 64;
    private readonly Dictionary<StateKey, int>[] _partitions = new Dictionary<StateKey, int>[Partitions];
    private readonly MemoryBudget _budget;
    private long _bytes;

    public ExactStateSet(MemoryBudget budget)
    {
        _budget = budget;
        for (var i = 0; i < Partitions; i++)
        {
            _partitions[i] = new Dictionary<StateKey, int>(StateKeyComparer.Instance);
        }
    }

    public override long Bytes => Volatile.Read(ref _bytes);

    public override long IdBytes => 0;

    public override AddResult Add(ulong fingerprint, ReadOnlySpan<byte> state, Func<int> nextId, out int id)
    {
        var partition = _partitions[(int)(fingerprint >> (64 - PartitionBits))];
        lock (partition)
        {
            var lookup = partition.GetAlternateLookup<StateSpan>();
            if (lookup.TryGetValue(new StateSpan(state, fingerprint), out id))
            {
                return AddResult.Present;
            }

            var bytes = state.Length + OverheadPerState;
            if (!_budget.TryReserve(bytes))
            {
                id = -1;
                return AddResult.Refused;
            }

            id = nextId();
            if (id < 0)
            {
                _budget.Release(bytes);
                return AddResult.Refused;
            }

            partition.Add(new StateKey(state.ToArray(), fingerprint), id);
            Interlocked.Add(ref _bytes, bytes);
            return AddResult.Added;
        }
    }
}

/// <summary>A stored state: its encoding and fingerprint.</summary>
internal readonly record struct StateKey(byte[] Data, ulong Hash);

/// <summary>A state being looked up, not yet copied.</summary>
internal readonly ref struct StateSpan(ReadOnlySpan<byte> data, ulong hash)
{
    public ReadOnlySpan<byte> Data { get; } = data;

    public ulong Hash { get; } = hash;
}

/// <summary>Compares states by content; looks them up by span without copying. Thread-safe (stateless).</summary>
internal sealed class StateKeyComparer : IEqualityComparer<StateKey>, IAlternateEqualityComparer<StateSpan, StateKey>
{
    public static readonly StateKeyComparer Instance = new();

    public bool Equals(StateKey x, StateKey y) => x.Hash == y.Hash && x.Data.AsSpan().SequenceEqual(y.Data);

    public int GetHashCode(StateKey obj) => (int)obj.Hash;

    public bool Equals(StateSpan alternate, StateKey other) => alternate.Hash == other.Hash && alternate.Data.SequenceEqual(other.Data);

    public int GetHashCode(StateSpan alternate) => (int)alternate.Hash;

    public StateKey Create(StateSpan alternate) => new(alternate.Data.ToArray(), alternate.Hash);
}

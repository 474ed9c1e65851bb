using System.Runtime.CompilerServices;

namespace GameBook.Authoring.Exploration;

/// <summary>
/// A growable array in fixed chunks, so it never copies and threads may write distinct indexes at once. Each chunk is
/// reserved from the <see cref="MemoryBudget"/> before it is allocated. Thread-safe for writes to distinct indexes.
/// </summary>
internal sealed class ChunkedArray<T>(MemoryBudget budget)
    where T : unmanaged
{
    public const int ChunkBits = 12;
    public const int ChunkMask = (1 << ChunkBits) - 1;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly Lock _grow = new();
    private T[]?[] _chunks = new T[]?[16];
    private long _bytes;

    public long Bytes => Volatile.Read(ref _bytes);

    public T this[int index]
    {
        get
        {
            var chunks = Volatile.Read(ref _chunks);
            var chunkIndex = index >> ChunkBits;
            return chunkIndex < chunks.Length && Volatile.Read(ref chunks[chunkIndex]) is { } chunk ? chunk[index & ChunkMask] : default;
        }
    }

    /// <summary>Writes element <paramref name="index"/>; false when its chunk could not be reserved.</summary>
    public bool TrySet(int index, T value)
    {
        var chunk = ChunkFor(index);
        if (chunk is null)
        {
            return false;
        }

        chunk[index & (ChunkSize - 1)] = value;
        return true;
    }

    /// <summary>The chunk holding <paramref name="index"/>, allocated if needed; null when the budget refuses.</summary>
    public T[]? ChunkFor(int index)
    {
        var chunkIndex = index >> ChunkBits;
        var chunks = Volatile.Read(ref _chunks);
        if (chunkIndex < chunks.Length && Volatile.Read(ref chunks[chunkIndex]) is { } existing)
        {
            return existing;
        }

        lock (_grow)
        {
            chunks = _chunks;
            if (chunkIndex >= chunks.Length)
            {
                var larger = new T[]?[Math.Max(chunks.Length * 2, chunkIndex + 1)];
                Array.Copy(chunks, larger, chunks.Length);
                Volatile.Write(ref _chunks, larger);
                chunks = larger;
            }

            if (chunks[chunkIndex] is { } made)
            {
                return made;
            }

            var bytes = (long)ChunkSize * Unsafe.SizeOf<T>();
            if (!budget.TryReserve(bytes))
            {
                return null;
            }

            var chunk = new T[ChunkSize];
            Volatile.Write(ref chunks[chunkIndex], chunk);
            Interlocked.Add(ref _bytes, bytes);
            return chunk;
        }
    }
}

/// <summary>An append-only list in chunks reserved from a <see cref="MemoryBudget"/>. Not thread-safe: one writer.</summary>
internal sealed class ChunkedList<T>(MemoryBudget budget)
    where T : unmanaged
{
    private const int ChunkSize = 1 << 12;
    private readonly List<T[]> _chunks = [];
    private int _last = ChunkSize;

    public long Count { get; private set; }

    public long Bytes => (long)_chunks.Count * ChunkSize * Unsafe.SizeOf<T>();

    public bool TryAdd(T value)
    {
        if (_last == ChunkSize)
        {
            if (!budget.TryReserve((long)ChunkSize * Unsafe.SizeOf<T>()))
            {
                return false;
            }

            _chunks.Add(new T[ChunkSize]);
            _last = 0;
        }

        _chunks[^1][_last++] = value;
        Count++;
        return true;
    }

    public IEnumerable<T> Items()
    {
        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            var length = c == _chunks.Count - 1 ? _last : ChunkSize;
            for (var i = 0; i < length; i++)
            {
                yield return chunk[i];
            }
        }
    }

    public void ForEach(Action<T> action)
    {
        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            var length = c == _chunks.Count - 1 ? _last : ChunkSize;
            for (var i = 0; i < length; i++)
            {
                action(chunk[i]);
            }
        }
    }
}

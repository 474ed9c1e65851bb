namespace GameBook.Authoring.Exploration;

/// <summary>
/// Per-state data beside the visited set: parent and label for witnesses (8 bytes), node and flags for soft-lock
/// analysis (5 bytes). Chunked, so threads write distinct states at once without locks. Thread-safe for distinct ids.
/// </summary>
internal sealed class ExplorationGraph
{
    public const byte Expanded = 1;
    public const byte ReachesEnding = 2;

    private readonly ChunkedArray<int>? _parents;
    private readonly ChunkedArray<int>? _labels;
    private readonly ChunkedArray<int>? _nodes;
    private readonly ChunkedArray<byte>? _flags;

    public ExplorationGraph(MemoryBudget budget, bool witnesses, bool softLocks)
    {
        if (witnesses)
        {
            _parents = new ChunkedArray<int>(budget);
            _labels = new ChunkedArray<int>(budget);
        }

        if (softLocks)
        {
            _nodes = new ChunkedArray<int>(budget);
            _flags = new ChunkedArray<byte>(budget);
        }
    }

    public bool HasWitnesses => _parents is not null;

    public long Bytes => (_parents?.Bytes ?? 0) + (_labels?.Bytes ?? 0) + (_nodes?.Bytes ?? 0) + (_flags?.Bytes ?? 0);

    /// <summary>Records a new state; parent -1 marks a start (then <paramref name="label"/> is the entry node's index).</summary>
    public bool TryAdd(int id, int parent, int label, int node) =>
        (_parents?.TrySet(id, parent) ?? true) && (_labels?.TrySet(id, label) ?? true) && (_nodes?.TrySet(id, node) ?? true) && (_flags?.ChunkFor(id) is not null || _flags is null);

    public int Parent(int id) => _parents![id];

    public int Label(int id) => _labels![id];

    public int Node(int id) => _nodes![id];

    public byte Flags(int id) => _flags![id];

    // Each state is expanded by exactly one worker, which alone writes its flags.
    public void MarkExpanded(int id)
    {
        if (_flags?.ChunkFor(id) is { } chunk)
        {
            chunk[id & ChunkedArray<byte>.ChunkMask] |= Expanded;
        }
    }

    public void MarkEnding(int id)
    {
        if (_flags?.ChunkFor(id) is { } chunk)
        {
            chunk[id & ChunkedArray<byte>.ChunkMask] |= ReachesEnding;
        }
    }
}

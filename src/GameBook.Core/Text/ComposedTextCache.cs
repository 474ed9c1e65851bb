namespace GameBook.Text;

/// <summary>
/// Reuses the string of a composed line when the same text was composed before, so a line or option whose
/// substitutions take the same values again (<c>Walk on with {$gold} gold</c> on every node, a camp scene shown
/// with the same purse) is delivered without allocating. Direct-mapped by a hash of the text: a slot holds the
/// last string stored there, so the cache never grows past its slot count and a collision only costs a miss.
/// Thread-safe without locks: strings are immutable and a slot is a single reference, read and written whole;
/// two threads storing into one slot at once leave either string, both of which are correct for their text.
/// </summary>
internal sealed class ComposedTextCache
{
    /// <summary>Longer texts are rarely composed twice alike, and comparing them costs more than allocating.</summary>
    internal const int MaxLength = 160;

    private readonly string?[] _slots;
    private readonly int _mask;

    /// <summary>Creates a cache with <paramref name="slotCount"/> slots, rounded up to a power of two (64 to 4,096).</summary>
    public ComposedTextCache(int slotCount)
    {
        var size = 64;
        while (size < slotCount && size < 4096)
        {
            size <<= 1;
        }

        _slots = new string?[size];
        _mask = size - 1;
    }

    /// <summary>How many slots the cache has.</summary>
    public int SlotCount => _slots.Length;

    /// <summary>Returns a string equal to <paramref name="text"/>: the cached one when present, else a new one (then cached).</summary>
    public string GetOrAdd(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }

        if (text.IsEmpty)
        {
            return string.Empty;
        }

        ref var slot = ref _slots[Hash(text) & _mask];
        var cached = slot;
        if (cached is not null && text.SequenceEqual(cached))
        {
            return cached;
        }

        var created = text.ToString();
        slot = created;
        return created;
    }

    // FNV-1a over the UTF-16 code units, two at a time: cheap, and good enough for a cache whose worst case is a miss.
    private static int Hash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        var i = 0;
        for (; i + 1 < text.Length; i += 2)
        {
            hash = (hash ^ (text[i] | ((uint)text[i + 1] << 16))) * 16777619u;
        }

        if (i < text.Length)
        {
            hash = (hash ^ text[i]) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}

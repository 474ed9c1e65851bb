namespace GameBook.Runtime;

/// <summary>
/// The items a session holds: a count per item name. Stories use <c>has</c>/<c>count</c> and give/take
/// statements; hosts use this API. Belongs to one session; not thread-safe (like its session).
/// </summary>
public sealed class Inventory
{
    // Allocated on first use: most sessions of most stories never touch the inventory.
    private Dictionary<string, int>? _items;

    /// <summary>Every item with a positive count.</summary>
    public IReadOnlyDictionary<string, int> Items => (IReadOnlyDictionary<string, int>?)_items ?? EmptyItems.Instance;

    /// <summary>How many of <paramref name="item"/> are held.</summary>
    public int Count(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _items is not null && _items.TryGetValue(item, out var n) ? n : 0;
    }

    /// <summary>True when at least one <paramref name="item"/> is held.</summary>
    public bool Has(string item) => Count(item) > 0;

    /// <summary>Adds <paramref name="count"/> of <paramref name="item"/> (saturating at <see cref="int.MaxValue"/>).</summary>
    public void Give(string item, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        _items ??= new Dictionary<string, int>(StringComparer.Ordinal);
        _items.TryGetValue(item, out var held);
        _items[item] = (int)Math.Min((long)held + count, int.MaxValue);
    }

    /// <summary>Removes up to <paramref name="count"/> of <paramref name="item"/>; returns how many were removed.</summary>
    public int Take(string item, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_items is null || !_items.TryGetValue(item, out var held))
        {
            return 0;
        }

        var taken = Math.Min(held, count);
        if (held - taken == 0)
        {
            _items.Remove(item);
        }
        else
        {
            _items[item] = held - taken;
        }

        return taken;
    }

    /// <summary>Removes everything.</summary>
    public void Clear() => _items?.Clear();

    /// <summary>Makes this inventory equal to <paramref name="other"/>, reusing its dictionary.</summary>
    internal void Assign(Inventory other)
    {
        if (other._items is null || other._items.Count == 0)
        {
            _items?.Clear();
            return;
        }

        if (_items is null)
        {
            _items = new Dictionary<string, int>(other._items, StringComparer.Ordinal);
            return;
        }

        _items.Clear();
        foreach (var (item, count) in other._items)
        {
            _items.Add(item, count);
        }
    }

    internal void CopyFrom(Inventory other) => _items = other._items is null || other._items.Count == 0 ? null : new Dictionary<string, int>(other._items, StringComparer.Ordinal);

    private static class EmptyItems
    {
        public static readonly IReadOnlyDictionary<string, int> Instance = new Dictionary<string, int>();
    }
}

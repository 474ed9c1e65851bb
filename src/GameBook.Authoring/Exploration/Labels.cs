using System.Collections.Concurrent;

namespace GameBook.Authoring.Exploration;

/// <summary>
/// Interns transition labels (an action and its random draws) so each state's witness costs one int for the label.
/// Thread-safe.
/// </summary>
internal sealed class LabelTable
{
    private const int CachedActions = 4096;
    private readonly ConcurrentDictionary<LabelKey, int> _ids = new();
    private readonly List<LabelKey> _labels = [];
    private readonly Lock _append = new();
    private readonly int[] _plain = new int[CachedActions + 2];

    public (int Action, long[] Draws) this[int id]
    {
        get
        {
            lock (_append)
            {
                var key = _labels[id];
                return (key.Action, key.Draws);
            }
        }
    }

    public int Intern(int action, long[]? draws)
    {
        var plain = draws is null || draws.Length == 0;
        if (plain && action + 2 < _plain.Length && Volatile.Read(ref _plain[action + 2]) is var cached and > 0)
        {
            return cached - 1;
        }

        var key = new LabelKey(action, draws ?? []);
        if (!_ids.TryGetValue(key, out var id))
        {
            lock (_append)
            {
                if (!_ids.TryGetValue(key, out id))
                {
                    id = _labels.Count;
                    _labels.Add(key);
                    _ids[key] = id;
                }
            }
        }

        if (plain && action + 2 < _plain.Length)
        {
            Volatile.Write(ref _plain[action + 2], id + 1);
        }

        return id;
    }

    private readonly struct LabelKey(int action, long[] draws) : IEquatable<LabelKey>
    {
        public int Action { get; } = action;

        public long[] Draws { get; } = draws;

        public bool Equals(LabelKey other) => Action == other.Action && Draws.AsSpan().SequenceEqual(other.Draws);

        public override bool Equals(object? obj) => obj is LabelKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            hash.Add(Action);
            foreach (var d in Draws)
            {
                hash.Add(d);
            }

            return hash.ToHashCode();
        }
    }
}

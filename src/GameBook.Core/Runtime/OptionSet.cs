using System.Collections;

namespace GameBook.Runtime;

/// <summary>
/// The options delivered by an <see cref="StepKind.Options"/> step. A view over the session's buffer:
/// valid until the session's next <c>Next</c> or <c>Choose</c> (copy what you need to keep).
/// </summary>
public readonly struct OptionSet : IReadOnlyList<StoryOption>
{
    private readonly StorySession? _session;

    internal OptionSet(StorySession session, int count, int availableCount)
    {
        _session = session;
        Count = count;
        AvailableCount = availableCount;
    }

    /// <summary>How many options there are, available or not.</summary>
    public int Count { get; }

    /// <summary>How many options can be chosen. When 0, only <see cref="StorySession.NoOption"/> is a valid choice.</summary>
    public int AvailableCount { get; }

    /// <summary>The option at <paramref name="index"/>.</summary>
    public StoryOption this[int index] =>
        (uint)index < (uint)Count ? _session!.OptionAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Enumerates the options without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<StoryOption> IEnumerable<StoryOption>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An allocation-free enumerator over an <see cref="OptionSet"/>.</summary>
    public struct Enumerator : IEnumerator<StoryOption>
    {
        private readonly OptionSet _set;
        private int _index;

        internal Enumerator(OptionSet set)
        {
            _set = set;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly StoryOption Current => _set[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _set.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}

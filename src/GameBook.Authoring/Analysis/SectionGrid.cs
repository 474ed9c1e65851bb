using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// The printed-section number grid a gamebook author checks before print: which numbers from 1 to
/// <see cref="Highest"/> are taken (and by which nodes), which are free, and which nodes have no number.
/// Free numbers are kept as ranges, so a stray <c>section: 1000000</c> costs nothing. Immutable and thread-safe.
/// </summary>
public sealed class SectionGrid
{
    internal static SectionGrid Empty { get; } = new(FrozenDictionary<int, ImmutableArray<string>>.Empty, []);

    internal SectionGrid(FrozenDictionary<int, ImmutableArray<string>> nodesBySection, ImmutableArray<string> unnumbered)
    {
        NodesBySection = nodesBySection;
        Unnumbered = unnumbered;
        Taken = [.. nodesBySection.Keys.Order()];
        Highest = Taken.IsEmpty ? 0 : Taken[^1];
        var free = ImmutableArray.CreateBuilder<SectionRange>();
        var next = 1;
        foreach (var t in Taken)
        {
            if (t > next)
            {
                free.Add(new SectionRange(next, t - 1));
            }

            next = t + 1;
        }

        FreeRanges = free.ToImmutable();
        FreeCount = FreeRanges.Sum(r => r.Count);
    }

    /// <summary>N: the highest section number in use (0 when no node has one).</summary>
    public int Highest { get; }

    /// <summary>The numbers in use, ascending (each once, even when several nodes share it).</summary>
    public ImmutableArray<int> Taken { get; }

    /// <summary>The numbers in 1..<see cref="Highest"/> no node uses, as ascending ranges.</summary>
    public ImmutableArray<SectionRange> FreeRanges { get; }

    /// <summary>How many numbers in 1..<see cref="Highest"/> are free.</summary>
    public int FreeCount { get; }

    /// <summary>For each number in use, the nodes (unique names, source order) that have it.</summary>
    public FrozenDictionary<int, ImmutableArray<string>> NodesBySection { get; }

    /// <summary>The nodes (unique names, source order) without a valid <c>section:</c> number.</summary>
    public ImmutableArray<string> Unnumbered { get; }

    /// <summary>True when some node has section <paramref name="number"/>.</summary>
    public bool IsTaken(int number) => NodesBySection.ContainsKey(number);

    /// <summary>True when <paramref name="number"/> is in 1..<see cref="Highest"/> and no node has it.</summary>
    public bool IsFree(int number) => number >= 1 && number <= Highest && !IsTaken(number);

    /// <summary>The first <paramref name="count"/> numbers a new node could take: free ones first, then numbers after <see cref="Highest"/>.</summary>
    public IEnumerable<int> SuggestNumbers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var given = 0;
        foreach (var range in FreeRanges)
        {
            for (var n = range.First; n <= range.Last && given < count; n++, given++)
            {
                yield return n;
            }
        }

        for (var n = Highest + 1; given < count && n > 0; n++, given++)
        {
            yield return n;
        }
    }

    /// <summary>A summary such as <c>sections 1-40: 37 taken, 3 free (12, 30-31); 2 node(s) unnumbered</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Highest == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no section numbers; {Unnumbered.Length} node(s) unnumbered");
        }

        sb.Append(CultureInfo.InvariantCulture, $"sections 1-{Highest}: {Taken.Length} taken, {FreeCount} free");
        if (FreeCount > 0)
        {
            sb.Append(" (").AppendJoin(", ", FreeRanges).Append(')');
        }

        sb.Append(CultureInfo.InvariantCulture, $"; {Unnumbered.Length} node(s) unnumbered");
        return sb.ToString();
    }
}

/// <summary>A run of section numbers <see cref="First"/>..<see cref="Last"/> (inclusive). An immutable value.</summary>
/// <param name="First">The first number.</param>
/// <param name="Last">The last number (at least <paramref name="First"/>).</param>
public readonly record struct SectionRange(int First, int Last)
{
    /// <summary>How many numbers the range holds.</summary>
    public int Count => Last - First + 1;

    /// <summary><c>12</c> or <c>30-31</c>.</summary>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}

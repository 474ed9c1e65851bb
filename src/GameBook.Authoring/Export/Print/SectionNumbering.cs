using System.Collections.Immutable;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Gives every node its printed section number: <c>section:</c> headers are pinned, the start node is 1 (unless a
/// header takes 1), numbers from <see cref="PrintOptions.PreviousNumbers"/> are kept, and the rest take the free
/// numbers (lowest first), in source order or shuffled by a seeded generator. Then, when asked, moves shuffled
/// sections so no section's targets sit next to it. Stateless.
/// </summary>
internal static class SectionNumbering
{
    /// <summary>Candidate swaps tried per conflict before giving up on it.</summary>
    private const int MaxSwapAttempts = 256;

    public static (SectionNumbers Numbers, ImmutableArray<string> Warnings) Assign(ExportContext context, PrintOptions options)
    {
        var nodes = context.Outline.Nodes;
        var warnings = ImmutableArray.CreateBuilder<string>();
        var number = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        var taken = new HashSet<int>();
        var movable = new List<OutlineNode>();

        foreach (var node in nodes)
        {
            if (node.Section is { } s && s >= 1 && taken.Add(s))
            {
                number[node.UniqueName] = s;
            }
        }

        var start = context.ByTitle.GetValueOrDefault(options.StartNode);
        if (start is not null && !number.ContainsKey(start.UniqueName))
        {
            if (taken.Add(1))
            {
                number[start.UniqueName] = 1;
            }
            else
            {
                warnings.Add($"Section 1 is '{Clip(context.Outline.Nodes.First(n => n.Section == 1).UniqueName)}' (its section: header), not the start node '{Clip(options.StartNode)}': a reader starts at section 1.");
            }
        }

        var previous = options.PreviousNumbers;
        foreach (var node in nodes)
        {
            if (number.ContainsKey(node.UniqueName))
            {
                continue;
            }

            if (previous?.NumberOf(node.UniqueName) is { } kept)
            {
                if (taken.Add(kept))
                {
                    number[node.UniqueName] = kept;
                    continue;
                }

                warnings.Add($"Node '{Clip(node.UniqueName)}' had section {kept} in the previous numbers, but {kept} is now taken: it gets a new number.");
            }

            movable.Add(node);
        }

        var free = new List<int>(movable.Count);
        for (var n = 1; free.Count < movable.Count; n++)
        {
            if (!taken.Contains(n))
            {
                free.Add(n);
            }
        }

        var random = new SplitMix64(options.Seed);
        if (options.Shuffle)
        {
            for (var i = free.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (free[i], free[j]) = (free[j], free[i]);
            }
        }

        for (var i = 0; i < movable.Count; i++)
        {
            number[movable[i].UniqueName] = free[i];
        }

        if (options.KeepTargetsApart)
        {
            KeepApart(context, number, movable, random, warnings);
        }

        return (new SectionNumbers(number), warnings.ToImmutable());
    }

    /// <summary>Swaps movable sections until no section and one of its targets have consecutive numbers, where possible.</summary>
    private static void KeepApart(ExportContext context, Dictionary<string, int> number, List<OutlineNode> movable, SplitMix64 random, ImmutableArray<string>.Builder warnings)
    {
        var neighbours = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var node in context.Outline.Nodes)
        {
            foreach (var edge in FlowEdges.Collect(node))
            {
                if (context.ByTitle.TryGetValue(edge.Target, out var target) && target.UniqueName != node.UniqueName)
                {
                    Link(node.UniqueName, target.UniqueName);
                    Link(target.UniqueName, node.UniqueName);
                }
            }
        }

        var isMovable = movable.Select(n => n.UniqueName).ToHashSet(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var node in context.Outline.Nodes)
        {
            var name = node.UniqueName;
            if (!neighbours.TryGetValue(name, out var around))
            {
                continue;
            }

            foreach (var other in around.Order(StringComparer.Ordinal).ToList())
            {
                if (Math.Abs(number[name] - number[other]) != 1)
                {
                    continue;
                }

                // Move whichever of the two may move; prefer the target.
                var mover = isMovable.Contains(other) ? other : isMovable.Contains(name) ? name : null;
                if (mover is null || !TrySwap(mover, movable, number, neighbours, random))
                {
                    unresolved.Add($"{number[name]}/{number[other]}");
                }
            }
        }

        if (unresolved.Count > 0)
        {
            warnings.Add($"{unresolved.Count} section(s) still have a target on the next or previous number ({string.Join(", ", unresolved.Take(10))}{(unresolved.Count > 10 ? ", ..." : "")}): their numbers are pinned or no swap was free.");
        }

        void Link(string a, string b)
        {
            if (!neighbours.TryGetValue(a, out var set))
            {
                neighbours.Add(a, set = new HashSet<string>(StringComparer.Ordinal));
            }

            set.Add(b);
        }
    }

    private static bool TrySwap(string mover, List<OutlineNode> movable, Dictionary<string, int> number, Dictionary<string, HashSet<string>> neighbours, SplitMix64 random)
    {
        var attempts = Math.Min(MaxSwapAttempts, movable.Count);
        var offset = random.Next(movable.Count);
        for (var k = 0; k < attempts; k++)
        {
            var partner = movable[(offset + k) % movable.Count].UniqueName;
            if (partner == mover)
            {
                continue;
            }

            var a = number[mover];
            var b = number[partner];
            number[mover] = b;
            number[partner] = a;
            if (Clear(mover, number, neighbours) && Clear(partner, number, neighbours))
            {
                return true;
            }

            number[mover] = a;
            number[partner] = b;
        }

        return false;
    }

    private static bool Clear(string name, Dictionary<string, int> number, Dictionary<string, HashSet<string>> neighbours)
    {
        if (!neighbours.TryGetValue(name, out var around))
        {
            return true;
        }

        var n = number[name];
        foreach (var other in around)
        {
            if (Math.Abs(n - number[other]) == 1)
            {
                return false;
            }
        }

        return true;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <summary>SplitMix64: a small generator whose sequence for a seed never changes across .NET versions, so shuffles reproduce.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int maxExclusive)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)maxExclusive);
        }
    }
}

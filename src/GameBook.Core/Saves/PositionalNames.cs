using GameBook.Compiled;

namespace GameBook.Runtime;

/// <summary>
/// Translates between today's names of node-group members without <c>subtitle:</c> (content-based: <c>Guard#1a2b3c4d</c>)
/// and the positional names saves before format version 4 used (<c>Guard#2</c>), wherever a save embeds one: a frame's
/// node, a view count, a member's once flag or visit count, and the generated IDs (and once flags) of lines and once
/// blocks inside a member. Immutable once built; thread-safe.
/// </summary>
internal sealed class PositionalNames
{
    // Longest prefix first: a once-only line's flag also starts with the once-flag prefix.
    private static readonly string[] Prefixes = ["$Yarn.Internal.Once.line:", "$Yarn.Internal.Once.", "$Yarn.Internal.Visits.", "line:", ""];

    private readonly Dictionary<string, List<(string Unique, string Positional)>> _byTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _uniqueByPositional = new(StringComparer.Ordinal);

    public PositionalNames(StoryProgram program)
    {
        foreach (var node in program.Nodes)
        {
            if (node.PositionalName is not { } positional)
            {
                continue;
            }

            if (!_byTitle.TryGetValue(node.Name, out var members))
            {
                _byTitle[node.Name] = members = [];
            }

            members.Add((node.UniqueName, positional));
            _uniqueByPositional[positional] = node.UniqueName;
        }
    }

    /// <summary>True when the story has no unsubtitled group member, so old and new names are the same.</summary>
    public bool IsEmpty => _uniqueByPositional.Count == 0;

    /// <summary>Today's name as a format-3 save wrote it (a member's unique name replaced by its positional name).</summary>
    public string ToPositional(string name)
    {
        if (IsEmpty)
        {
            return name;
        }

        foreach (var prefix in Prefixes)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var hash = name.IndexOf('#', prefix.Length);
            if (hash <= prefix.Length || !_byTitle.TryGetValue(name[prefix.Length..hash], out var members))
            {
                continue;
            }

            var best = -1;
            for (var i = 0; i < members.Count; i++)
            {
                var unique = members[i].Unique;
                var length = name.Length - prefix.Length;
                var matches = string.CompareOrdinal(name, prefix.Length, unique, 0, unique.Length) == 0
                    && (length == unique.Length || (length > unique.Length && name[prefix.Length + unique.Length] == '-'));
                if (matches && (best < 0 || unique.Length > members[best].Unique.Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                return prefix + members[best].Positional + name[(prefix.Length + members[best].Unique.Length)..];
            }
        }

        return name;
    }

    /// <summary>A name from a format-3 (or older) save with its positional member name replaced by today's, when this story has that member.</summary>
    public string FromPositional(string name)
    {
        if (IsEmpty)
        {
            return name;
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && PositionalEnd(name, prefix.Length) is var end and > 0
                && _uniqueByPositional.TryGetValue(name[prefix.Length..end], out var unique))
            {
                return prefix + unique + name[end..];
            }
        }

        return name;
    }

    /// <summary>Whether a name from a format-3 (or older) save embeds a positional member name (<c>Title#N</c>), whatever the story.</summary>
    public static bool IsPositional(string name)
    {
        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && PositionalEnd(name, prefix.Length) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The end of a <c>Title#N</c> token at <paramref name="start"/> (followed by the end or a '-'), or -1.</summary>
    private static int PositionalEnd(string name, int start)
    {
        var hash = name.IndexOf('#', start);
        if (hash <= start)
        {
            return -1;
        }

        for (var i = start; i < hash; i++)
        {
            var c = name[i];
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.'))
            {
                return -1;
            }
        }

        var end = hash + 1;
        while (end < name.Length && name[end] is >= '0' and <= '9')
        {
            end++;
        }

        return end > hash + 1 && name[hash + 1] != '0' && (end == name.Length || name[end] == '-') ? end : -1;
    }
}

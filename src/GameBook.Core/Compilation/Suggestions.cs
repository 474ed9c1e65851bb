namespace GameBook.Compilation;

/// <summary>"Did you mean" for misspelled names: the closest known name by edit distance, if it is close enough.</summary>
internal static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="name"/> (case-insensitive Damerau-Levenshtein distance), or null.</summary>
    /// <param name="name">What the author wrote.</param>
    /// <param name="candidates">The names that exist.</param>
    /// <param name="maxDistance">How many edits may separate them; by default a third of the name's length, at least 1.</param>
    public static string? Closest(string name, IEnumerable<string> candidates, int? maxDistance = null)
    {
        var limit = maxDistance ?? Math.Max(1, name.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate == name || Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            var d = Distance(name, candidate);
            if (d <= limit && (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>"": or ": did you mean 'x'?" ready to append to a message.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates, string quote = "'") =>
        Closest(name, candidates) is { } s ? $" Did you mean {quote}{s}{quote}?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps, ignoring case.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
            }
        }

        return d[a.Length, b.Length];
    }
}

namespace GameBook.Runtime;

/// <summary>A piece of content a line group or node group may show, as offered to an <see cref="ISaliencyStrategy"/>.</summary>
/// <param name="ContentId">A stable ID: the line ID of a line-group item, or the unique name of a node-group member.</param>
/// <param name="Complexity">How specific its condition is (more clauses score higher).</param>
/// <param name="ConditionPassed">False when its condition failed; such a candidate must not be chosen.</param>
/// <param name="ViewCount">How often this session has shown it.</param>
public readonly record struct SaliencyCandidate(string ContentId, int Complexity, bool ConditionPassed, int ViewCount);

/// <summary>
/// Chooses which candidate a line group or node group shows. Implementations must be thread-safe
/// (typically stateless): one instance serves many sessions; per-session state (view counts, the random
/// generator) is passed in.
/// </summary>
public interface ISaliencyStrategy
{
    /// <summary>Returns the index of the chosen candidate (in source order), or -1 when none qualifies.</summary>
    /// <param name="candidates">The candidates in source order.</param>
    /// <param name="random">The session's random generator, for strategies that break ties randomly.</param>
    int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random);
}

/// <summary>Draws from the session's seeded generator, so random saliency choices replay exactly after a restore.</summary>
public readonly struct SaliencyRandom
{
    private readonly StorySession? _session;

    internal SaliencyRandom(StorySession session) => _session = session;

    /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return _session is null ? 0 : (int)_session.NextRandomInteger(maxExclusive);
    }
}

/// <summary>The built-in saliency strategies. Thread-safe (stateless).</summary>
public static class SaliencyStrategies
{
    /// <summary>The first candidate whose condition passed, in source order.</summary>
    public static ISaliencyStrategy First { get; } = new FirstStrategy();

    /// <summary>The passing candidate with the highest complexity; ties go to source order.</summary>
    public static ISaliencyStrategy Best { get; } = new BestStrategy();

    /// <summary>Passing candidates, fewest views first, then highest complexity, then source order. The default.</summary>
    public static ISaliencyStrategy BestLeastRecentlySeen { get; } = new BestLeastRecentlySeenStrategy(random: false);

    /// <summary>Like <see cref="BestLeastRecentlySeen"/>, with equally good candidates chosen at random (seeded).</summary>
    public static ISaliencyStrategy RandomBestLeastRecentlySeen { get; } = new BestLeastRecentlySeenStrategy(random: true);

    /// <summary>
    /// True for the built-in strategies: they compare view counts only with each other, so adding the same number to
    /// every count of a group changes nothing they choose (state encodings for explorers rely on it).
    /// </summary>
    internal static bool ComparesViewCountsOnly(ISaliencyStrategy strategy) =>
        strategy is FirstStrategy or BestStrategy or BestLeastRecentlySeenStrategy;

    private sealed class FirstStrategy : ISaliencyStrategy
    {
        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                if (candidates[i].ConditionPassed)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed class BestStrategy : ISaliencyStrategy
    {
        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random)
        {
            var best = -1;
            for (var i = 0; i < candidates.Length; i++)
            {
                if (candidates[i].ConditionPassed && (best < 0 || candidates[i].Complexity > candidates[best].Complexity))
                {
                    best = i;
                }
            }

            return best;
        }
    }

    private sealed class BestLeastRecentlySeenStrategy(bool random) : ISaliencyStrategy
    {
        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom rng)
        {
            var best = -1;
            var ties = 0;
            for (var i = 0; i < candidates.Length; i++)
            {
                var c = candidates[i];
                if (!c.ConditionPassed)
                {
                    continue;
                }

                var order = best < 0 ? -1 : Compare(c, candidates[best]);
                if (order < 0)
                {
                    best = i;
                    ties = 1;
                }
                else if (order == 0)
                {
                    ties++;
                }
            }

            if (!random || ties <= 1)
            {
                return best;
            }

            // Pick uniformly among the equally good candidates.
            var pick = rng.Next(ties);
            for (var i = 0; i < candidates.Length; i++)
            {
                if (candidates[i].ConditionPassed && Compare(candidates[i], candidates[best]) == 0 && pick-- == 0)
                {
                    return i;
                }
            }

            return best;
        }

        // Negative when a is better: fewer views, then higher complexity.
        private static int Compare(in SaliencyCandidate a, in SaliencyCandidate b) =>
            a.ViewCount != b.ViewCount ? a.ViewCount.CompareTo(b.ViewCount) : b.Complexity.CompareTo(a.Complexity);
    }
}

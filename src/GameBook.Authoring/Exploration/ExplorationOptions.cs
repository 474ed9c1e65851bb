using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>How the explorer stores the states it has visited.</summary>
public enum StateStorage
{
    /// <summary>
    /// A 64-bit fingerprint per state (as TLC does): a few bytes per state, with a small, reported probability that
    /// two different states share a fingerprint and one of them is never explored.
    /// </summary>
    Fingerprint64,

    /// <summary>The full encoded state: no collisions, many more bytes per state. For small stories.</summary>
    Exact,
}

/// <summary>
/// What <see cref="StoryExplorer"/> explores and the bounds it stops at. Set the properties before the call; the
/// explorer reads them once and never changes them, so one instance may be shared by calls on several threads.
/// </summary>
public sealed class ExplorationOptions
{
    /// <summary>The nodes exploration starts from; each is a fresh session at that node. Default: <c>Start</c>.</summary>
    public IReadOnlyList<string> EntryNodes { get; init; } = [ExplorationDefaults.EntryNode];

    /// <summary>Stop after this many distinct states. Default 10,000,000.</summary>
    public long MaxStates { get; init; } = ExplorationDefaults.MaxStates;

    /// <summary>
    /// Stop before the explorer's own data (visited set, graph, witnesses, frontier estimate) exceeds this many bytes.
    /// Default 1 GiB.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = ExplorationDefaults.MaxMemoryBytes;

    /// <summary>
    /// Stop after this long and return what was found, even if a host function hangs (its thread is abandoned).
    /// Null (the default) means no time bound: cancel through the token instead.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The clock for <see cref="Timeout"/>, <see cref="ProgressInterval"/> and the elapsed time. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many threads expand states: 1 (the default) or more; -1 uses every core. The endings, soft-locks, errors and
    /// never-reached content found do not depend on it; witnesses may differ among shortest ones of equal length.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>How visited states are remembered. Default <see cref="StateStorage.Fingerprint64"/>.</summary>
    public StateStorage StateStorage { get; init; } = StateStorage.Fingerprint64;

    /// <summary>
    /// The values <c>random()</c> (and fractional <c>random_range</c>) take, each a branch; all in [0, 1). A story that
    /// draws such a number is explored with these samples only, and the report says the result is sampled.
    /// Default: 0, 0.25, 0.5, 0.75, 0.999.
    /// </summary>
    public IReadOnlyList<double> RandomSamples { get; init; } = ExplorationDefaults.RandomSamples;

    /// <summary>
    /// How sessions run: <see cref="SessionOptions.Library"/> for host functions, <see cref="SessionOptions.MaxInstructionsPerStep"/>,
    /// the saliency strategy (a random one makes its choices branches). <see cref="SessionOptions.StartNode"/> and
    /// <see cref="SessionOptions.Seed"/> are ignored. Null uses the defaults.
    /// </summary>
    public SessionOptions? SessionOptions { get; init; }

    /// <summary>
    /// Treat states that differ only in variables the story overwrites before reading them again as one state (dead
    /// variable reduction, as SPIN does): a dice roll stored in <c>$roll</c> and used once no longer multiplies every
    /// later state. Sound: such states behave identically. Default true. Variable ranges may then miss stale values.
    /// </summary>
    public bool MergeDeadVariables { get; init; } = true;

    /// <summary>Keep each state's parent so every finding comes with a shortest witness (12 bytes per state). Default true.</summary>
    public bool RecordWitnesses { get; init; } = true;

    /// <summary>
    /// Keep the explored graph's edges to find states from which no ending can be reached (about 8 bytes per transition
    /// plus 9 per state). Default true. Off, only the other soft-lock kinds are reported.
    /// </summary>
    public bool FindSoftLocks { get; init; } = true;

    /// <summary>
    /// Stop when one step's random outcomes (the product of its draws' counts) exceed this. Default 100,000:
    /// <c>roll("10d6")</c> in one step has 60,466,176.
    /// </summary>
    public long MaxOutcomesPerStep { get; init; } = ExplorationDefaults.MaxOutcomesPerStep;

    /// <summary>
    /// After a random step, the story runs on to the player's next decision; a step on the way that draws again (an
    /// attack roll, then a luck test) is enumerated in place while the decision's outcome combinations stay at or below
    /// this, so no state holds the first roll. Beyond it, the state before that step is stored and explored on its own.
    /// Either way the exploration is the same; this trades states stored for work per state. 1 stores a state before
    /// every drawing step. Default 16: a fight whose rounds roll on without a decision multiplies the combinations by
    /// 11 per round, so enumerating them in place costs far more than storing the state before the next round.
    /// </summary>
    public long MaxOutcomesPerDecision { get; init; } = ExplorationDefaults.MaxOutcomesPerDecision;

    /// <summary>How often progress is reported at most (and at least, while exploring). Default one second.</summary>
    public TimeSpan ProgressInterval { get; init; } = ExplorationDefaults.ProgressInterval;

    internal int ResolveParallelism() => MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;

    /// <summary>Throws for values no exploration can run with (programmer errors).</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EntryNodes, nameof(EntryNodes));
        if (EntryNodes.Count == 0)
        {
            throw new ArgumentException("Name at least one entry node.", nameof(EntryNodes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStates, 1, nameof(MaxStates));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxStates, int.MaxValue - 1, nameof(MaxStates));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMemoryBytes, 1, nameof(MaxMemoryBytes));
        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "The timeout must be positive (or null for none).");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use 1 or more threads, or -1 for every core.");
        }

        ArgumentNullException.ThrowIfNull(RandomSamples, nameof(RandomSamples));
        if (RandomSamples.Count == 0 || RandomSamples.Any(s => !(s is >= 0 and < 1)))
        {
            throw new ArgumentException("Give at least one random() sample, each in [0, 1).", nameof(RandomSamples));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutcomesPerStep, 1, nameof(MaxOutcomesPerStep));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutcomesPerDecision, 1, nameof(MaxOutcomesPerDecision));
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "The progress interval must be positive.");
        }
    }
}

/// <summary>The defaults of <see cref="ExplorationOptions"/>. Thread-safe (constants).</summary>
public static class ExplorationDefaults
{
    /// <summary>The default entry node.</summary>
    public const string EntryNode = "Start";

    /// <summary>The default <see cref="ExplorationOptions.MaxStates"/>.</summary>
    public const long MaxStates = 10_000_000;

    /// <summary>The default <see cref="ExplorationOptions.MaxMemoryBytes"/> (1 GiB).</summary>
    public const long MaxMemoryBytes = 1L << 30;

    /// <summary>The default <see cref="ExplorationOptions.MaxOutcomesPerStep"/>.</summary>
    public const long MaxOutcomesPerStep = 100_000;

    /// <summary>The default <see cref="ExplorationOptions.MaxOutcomesPerDecision"/>.</summary>
    public const long MaxOutcomesPerDecision = 16;

    /// <summary>The default <see cref="ExplorationOptions.ProgressInterval"/>.</summary>
    public static TimeSpan ProgressInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The default <see cref="ExplorationOptions.RandomSamples"/>.</summary>
    public static IReadOnlyList<double> RandomSamples { get; } = [0, 0.25, 0.5, 0.75, 0.999];
}

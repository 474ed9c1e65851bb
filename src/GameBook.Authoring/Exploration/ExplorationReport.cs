using System.Globalization;
using System.Text;
using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>Why an exploration stopped.</summary>
public enum ExplorationStopReason
{
    /// <summary>Every reachable state was explored: the findings are proofs (up to the fingerprint collision probability and random() sampling).</summary>
    Completed,
    /// <summary><see cref="ExplorationOptions.MaxStates"/> was reached.</summary>
    MaxStates,
    /// <summary><see cref="ExplorationOptions.MaxMemoryBytes"/> would have been exceeded.</summary>
    MaxMemory,
    /// <summary><see cref="ExplorationOptions.Timeout"/> passed.</summary>
    Timeout,
    /// <summary>The cancellation token was cancelled.</summary>
    Cancelled,
    /// <summary>One step had more random outcomes than <see cref="ExplorationOptions.MaxOutcomesPerStep"/>.</summary>
    MaxOutcomesPerStep,
    /// <summary>An entry node does not exist in the story: nothing was explored.</summary>
    EntryNodeMissing,
    /// <summary>The explorer itself failed (a bug or the process running out of memory); <see cref="ExplorationReport.StopDetail"/> names the exception.</summary>
    Faulted,
}

/// <summary>What kind of soft-lock a <see cref="SoftLock"/> is.</summary>
public enum SoftLockKind
{
    /// <summary>A state from which no ending can be reached, entered from a state from which one could (or a start).</summary>
    NoEndingReachable,
    /// <summary>An option set with no available option, whose fall-through ends the story outside an ending.</summary>
    NoOptionAvailable,
    /// <summary>The story ends in a node not tagged <c>ending</c> or <c>death</c> (after a choice, not a dead option set).</summary>
    EndedOutsideEnding,
}

/// <summary>A reachable ending with a shortest witness. Immutable and thread-safe.</summary>
/// <param name="Node">The ending node (tagged <c>ending</c> or <c>death</c>).</param>
/// <param name="Witness">A shortest sequence of choices and random outcomes that reaches it (null when witnesses are off).</param>
public sealed record ReachedEnding(StoryNodeInfo Node, Witness? Witness);

/// <summary>A soft-lock found by exploration, with a shortest witness. Immutable and thread-safe.</summary>
/// <param name="Kind">What kind.</param>
/// <param name="Node">
/// Where: the node the player is in on entering the soft-locked state (<see cref="SoftLockKind.NoEndingReachable"/>), the node of
/// the dead option set, or the node the story ended in.
/// </param>
/// <param name="Witness">A shortest witness: it reaches the soft-locked state, or the end that follows (null when witnesses are off).</param>
/// <param name="Count">How many distinct states (or transitions, for the end kinds) fall in this group.</param>
public sealed record SoftLock(SoftLockKind Kind, StoryNodeInfo Node, Witness? Witness, long Count);

/// <summary>A runtime error the story can reach, with a shortest witness. Immutable and thread-safe.</summary>
/// <param name="Error">The first error of this kind met at this place.</param>
/// <param name="Witness">A shortest witness ending in the error (null when witnesses are off).</param>
/// <param name="Count">How many transitions end in this error.</param>
public sealed record ReachedError(StoryError Error, Witness? Witness, long Count);

/// <summary>
/// The values one variable took in the explored states (choice points, states after random steps, starts): the values it
/// has between steps, not passing values inside one. With <see cref="ExplorationOptions.MergeDeadVariables"/>, states that
/// differ only in a variable about to be overwritten are explored once, so such stale values may be missed (and which
/// are seen can then depend on the thread count). Immutable and thread-safe.
/// </summary>
/// <param name="Variable">The variable.</param>
/// <param name="Minimum">The smallest number seen (numbers only).</param>
/// <param name="Maximum">The largest number seen (numbers only).</param>
/// <param name="SeenFalse">False was seen (booleans only).</param>
/// <param name="SeenTrue">True was seen (booleans only).</param>
/// <param name="Strings">The distinct strings seen, ordinal order, at most 32 (strings only).</param>
/// <param name="MoreStrings">More than 32 distinct strings were seen; which 32 are listed then depends on the order of exploration.</param>
public sealed record VariableRange(StoryVariableInfo Variable, double? Minimum, double? Maximum, bool SeenFalse, bool SeenTrue, IReadOnlyList<string> Strings, bool MoreStrings)
{
    /// <inheritdoc/>
    public override string ToString() => Variable.Type.Kind switch
    {
        Values.ValueKind.Number => Minimum is null ? $"{Variable.Name}: never seen" : $"{Variable.Name}: {Minimum.Value.ToString(CultureInfo.InvariantCulture)} .. {Maximum!.Value.ToString(CultureInfo.InvariantCulture)}",
        Values.ValueKind.Bool => $"{Variable.Name}: {(SeenFalse && SeenTrue ? "false, true" : SeenTrue ? "true" : SeenFalse ? "false" : "never seen")}",
        _ => $"{Variable.Name}: {string.Join(", ", Strings.Select(s => "\"" + s + "\""))}{(MoreStrings ? ", ..." : string.Empty)}",
    };
}

/// <summary>The number of distinct states explored at one node (<see cref="ExplorationReport.StatesByNode"/>).</summary>
/// <param name="Node">The node the states are in.</param>
/// <param name="States">How many distinct states.</param>
public sealed record NodeStateCount(StoryNodeInfo Node, long States);

/// <summary>Progress of a running exploration, reported through <see cref="IProgress{T}"/>. An immutable value.</summary>
/// <param name="StatesVisited">Distinct states found so far.</param>
/// <param name="Transitions">Transitions (choices or random outcomes) taken so far.</param>
/// <param name="Depth">Breadth-first levels completed.</param>
/// <param name="FrontierSize">States waiting to be expanded.</param>
/// <param name="EstimatedMemoryBytes">The explorer's own data, estimated.</param>
/// <param name="Elapsed">Time since the exploration began.</param>
public readonly record struct ExplorationProgress(long StatesVisited, long Transitions, int Depth, long FrontierSize, long EstimatedMemoryBytes, TimeSpan Elapsed);

/// <summary>
/// What an exploration found and how far it got. Lists are sorted (by node, then kind) so reports of the same story
/// compare equal whatever the number of threads. Immutable and thread-safe.
/// </summary>
public sealed class ExplorationReport
{
    internal ExplorationReport()
    {
    }

    /// <summary>True when every reachable state was explored (<see cref="StopReason"/> is <see cref="ExplorationStopReason.Completed"/>).</summary>
    public bool IsComplete => StopReason == ExplorationStopReason.Completed;

    /// <summary>Why the exploration stopped.</summary>
    public ExplorationStopReason StopReason { get; internal init; }

    /// <summary>A sentence on why it stopped and how far it got.</summary>
    public string StopDetail { get; internal init; } = string.Empty;

    /// <summary>Distinct states visited: choice points, states after random steps, starts. Ends are transitions, not states.</summary>
    public long StatesVisited { get; internal init; }

    /// <summary>Transitions taken: each available option and each distinct random outcome from each state.</summary>
    public long Transitions { get; internal init; }

    /// <summary>Breadth-first levels completed: the length of the longest shortest path explored.</summary>
    public int Depth { get; internal init; }

    /// <summary>States left unexpanded when the exploration stopped (0 when complete).</summary>
    public long FrontierRemaining { get; internal init; }

    /// <summary>The largest frontier (states held in full) during the exploration.</summary>
    public long FrontierPeak { get; internal init; }

    /// <summary>Wall-clock time the exploration took.</summary>
    public TimeSpan Elapsed { get; internal init; }

    /// <summary>How states were stored.</summary>
    public StateStorage StateStorage { get; internal init; }

    /// <summary>Threads that expanded states.</summary>
    public int DegreeOfParallelism { get; internal init; }

    /// <summary>Bytes held by the visited set (fingerprint tables, or encoded states in exact mode).</summary>
    public long VisitedSetBytes { get; internal init; }

    /// <summary><see cref="VisitedSetBytes"/> per visited state.</summary>
    public double VisitedSetBytesPerState => StatesVisited == 0 ? 0 : (double)VisitedSetBytes / StatesVisited;

    /// <summary>Bytes of the graph kept for soft-locks and witnesses: parents, edges, per-state ids and flags.</summary>
    public long GraphBytes { get; internal init; }

    /// <summary><see cref="GraphBytes"/> per visited state.</summary>
    public double GraphBytesPerState => StatesVisited == 0 ? 0 : (double)GraphBytes / StatesVisited;

    /// <summary>The peak of the explorer's own data (visited set, graph, frontier estimate), the figure <see cref="ExplorationOptions.MaxMemoryBytes"/> bounds.</summary>
    public long PeakEstimatedMemoryBytes { get; internal init; }

    /// <summary>
    /// The estimated probability that a fingerprint collision made the explorer skip a state (n²/2⁶⁵ for n states and
    /// 64-bit fingerprints); 0 in exact mode.
    /// </summary>
    public double CollisionProbability { get; internal init; }

    /// <summary>True when the story drew <c>random()</c> numbers, which were explored through samples: the result is then sampled, not exhaustive.</summary>
    public bool IsSampled { get; internal init; }

    /// <summary>Why the result is sampled, or null.</summary>
    public string? SampledReason { get; internal init; }

    /// <summary>The endings reached, in story order.</summary>
    public IReadOnlyList<ReachedEnding> Endings { get; internal init; } = [];

    /// <summary>The soft-locks found, by kind then node.</summary>
    public IReadOnlyList<SoftLock> SoftLocks { get; internal init; } = [];

    /// <summary>The runtime errors reached, by node then kind.</summary>
    public IReadOnlyList<ReachedError> Errors { get; internal init; } = [];

    /// <summary>Nodes never entered (group dispatchers included), in story order.</summary>
    public IReadOnlyList<StoryNodeInfo> UnreachedNodes { get; internal init; } = [];

    /// <summary>Lines never shown, in story order.</summary>
    public IReadOnlyList<StoryLineInfo> UnreachedLines { get; internal init; } = [];

    /// <summary>Options never available to choose (so never chosen), in story order.</summary>
    public IReadOnlyList<StoryLineInfo> UnreachedOptions { get; internal init; } = [];

    /// <summary>Observed values of every variable, in declaration order (smart variables excluded: they are computed).</summary>
    public IReadOnlyList<VariableRange> Variables { get; internal init; } = [];

    /// <summary>
    /// How many distinct states were found at each node (the node a state is in), most first: where a story's state
    /// space grows. When an exploration stops at a bound, the top nodes are where to simplify (a counter that only
    /// grows, a value that is shown but never matters, a loop that changes something each time round).
    /// </summary>
    public IReadOnlyList<NodeStateCount> StatesByNode { get; internal init; } = [];

    /// <summary>A readable summary, one finding a line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"Exploration {(IsComplete ? "complete" : "INCOMPLETE")}: {StopDetail}").AppendLine();
        text.Append(inv, $"{StatesVisited} states, {Transitions} transitions, depth {Depth}, {Elapsed.TotalSeconds:0.###} s on {DegreeOfParallelism} thread(s)").AppendLine();
        text.Append(inv, $"Visited set ({StateStorage}): {VisitedSetBytes} B ({VisitedSetBytesPerState:0.##} B/state); graph {GraphBytes} B ({GraphBytesPerState:0.##} B/state); peak {PeakEstimatedMemoryBytes} B").AppendLine();
        if (StateStorage == StateStorage.Fingerprint64)
        {
            text.Append(inv, $"Probability a fingerprint collision hid a state: {CollisionProbability:0.###e+0}").AppendLine();
        }

        if (IsSampled)
        {
            text.Append("SAMPLED, not exhaustive: ").Append(SampledReason).AppendLine();
        }

        foreach (var ending in Endings)
        {
            text.Append(inv, $"ending {ending.Node.UniqueName}{Describe(ending.Witness)}").AppendLine();
        }

        foreach (var softLock in SoftLocks)
        {
            text.Append(inv, $"soft-lock {softLock.Kind} in {softLock.Node.UniqueName} ({softLock.Count}){Describe(softLock.Witness)}").AppendLine();
        }

        foreach (var error in Errors)
        {
            text.Append(inv, $"error {error.Error.Kind} ({error.Count}): {error.Error.Message}{Describe(error.Witness)}").AppendLine();
        }

        foreach (var node in UnreachedNodes)
        {
            text.Append(inv, $"never reached: node {node.UniqueName} ({node.File}:{node.Line})").AppendLine();
        }

        foreach (var line in UnreachedLines)
        {
            text.Append(inv, $"never reached: line {line.Id} ({line.File}:{line.Line}) {line.Text}").AppendLine();
        }

        foreach (var option in UnreachedOptions)
        {
            text.Append(inv, $"never reached: option {option.Id} ({option.File}:{option.Line}) {option.Text}").AppendLine();
        }

        foreach (var range in Variables)
        {
            text.Append("variable ").Append(range).AppendLine();
        }

        foreach (var count in StatesByNode.Take(IsComplete ? 0 : 10))
        {
            text.Append(inv, $"most states: {count.Node.UniqueName} {count.States}").AppendLine();
        }

        return text.ToString();
    }

    private static string Describe(Witness? witness) => witness is null ? string.Empty : $" after {witness}";
}

using System.Text.Json.Serialization;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>Why a playtest run stopped.</summary>
public enum PlaytestStopReason
{
    /// <summary>Every requested playthrough ran.</summary>
    Completed,

    /// <summary>The caller's cancellation token stopped the run; the report covers the playthroughs that finished.</summary>
    Cancelled,

    /// <summary><see cref="PlaytestOptions.Timeout"/> passed; the report covers the playthroughs that finished.</summary>
    TimedOut,

    /// <summary>The story has no node named <see cref="SessionOptions.StartNode"/>; no playthrough ran.</summary>
    StartNodeMissing,
}

/// <summary>What went wrong in a playthrough.</summary>
public enum PlaytestProblemKind
{
    /// <summary>The playthrough took <see cref="PlaytestOptions.MaxStepsPerPlaythrough"/> steps without ending.</summary>
    StepLimit,

    /// <summary>The story stopped with an error (<see cref="PlaytestProblem.ErrorKind"/>: a host function failed, the instruction budget of a step ran out, ...).</summary>
    StoryError,

    /// <summary>The choice strategy threw or returned an option that cannot be chosen.</summary>
    StrategyFailed,

    /// <summary>An option set had no available option (the story fell through it); the playthrough went on.</summary>
    NoAvailableOption,

    /// <summary>The playthrough was still inside the story (a host function or strategy that never returned) when the run stopped, and was abandoned.</summary>
    Hung,
}

/// <summary>A range of playthrough indexes of one master seed and strategy that a report covers. Immutable and thread-safe.</summary>
public sealed class PlaytestSlice
{
    [JsonConstructor]
    internal PlaytestSlice(string strategy, ulong masterSeed, long first, long count)
    {
        Strategy = strategy;
        MasterSeed = masterSeed;
        First = first;
        Count = count;
    }

    /// <summary>The choice strategy's name.</summary>
    public string Strategy { get; }

    /// <summary>The master seed the playthrough seeds derive from.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong MasterSeed { get; }

    /// <summary>The first playthrough index.</summary>
    public long First { get; }

    /// <summary>How many playthroughs were requested from <see cref="First"/> on.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Strategy} seed {MasterSeed} playthroughs {First}..{First + Count - 1}";
}

/// <summary>How often playtesting entered a node and ended in it. Immutable and thread-safe.</summary>
public sealed class NodeCoverage
{
    [JsonConstructor]
    internal NodeCoverage(int index, string name, string uniqueName, string file, int line, int? section, bool isEnding, long hits, long ended)
    {
        Index = index;
        Name = name;
        UniqueName = uniqueName;
        File = file;
        Line = line;
        Section = section;
        IsEnding = isEnding;
        Hits = hits;
        Ended = ended;
    }

    /// <summary>The node's position in <see cref="Story.Nodes"/>.</summary>
    public int Index { get; }

    /// <summary>The node's title.</summary>
    public string Name { get; }

    /// <summary>The node's unique name (node-group members: <c>Title.subtitle</c>, else <c>Title#1a2b3c4d</c> from their content).</summary>
    public string UniqueName { get; }

    /// <summary>The file it is declared in.</summary>
    public string File { get; }

    /// <summary>The 1-based line of its <c>title:</c> header.</summary>
    public int Line { get; }

    /// <summary>Its gamebook section number, if any.</summary>
    public int? Section { get; }

    /// <summary>True when tagged <c>ending</c> or <c>death</c>.</summary>
    public bool IsEnding { get; }

    /// <summary>How many times playthroughs entered it.</summary>
    public long Hits { get; }

    /// <summary>How many playthroughs ended in it.</summary>
    public long Ended { get; }

    internal NodeCoverage With(long hits, long ended) => new(Index, Name, UniqueName, File, Line, Section, IsEnding, hits, ended);

    /// <inheritdoc/>
    public override string ToString() => $"{UniqueName}: {Hits}";
}

/// <summary>How often playtesting showed a line, or offered and chose an option. Immutable and thread-safe.</summary>
public sealed class LineCoverage
{
    [JsonConstructor]
    internal LineCoverage(int index, string id, StoryLineKind kind, string node, string file, int line, string text, long hits, long offered)
    {
        Index = index;
        Id = id;
        Kind = kind;
        Node = node;
        File = file;
        Line = line;
        Text = text;
        Hits = hits;
        Offered = offered;
    }

    /// <summary>The line's position in <see cref="Story.Lines"/>.</summary>
    public int Index { get; }

    /// <summary>The line ID.</summary>
    public string Id { get; }

    /// <summary>A line the story shows, or an option's text.</summary>
    public StoryLineKind Kind { get; }

    /// <summary>The unique name of the node that holds it.</summary>
    public string Node { get; }

    /// <summary>The file it is written in.</summary>
    public string File { get; }

    /// <summary>Its 1-based source line.</summary>
    public int Line { get; }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>For a line, how many times it was shown; for an option, how many times it was chosen.</summary>
    public long Hits { get; }

    /// <summary>For an option, how many times it was offered as available (0 for lines).</summary>
    public long Offered { get; }

    internal LineCoverage With(long hits, long offered) => new(Index, Id, Kind, Node, File, Line, Text, hits, offered);

    /// <inheritdoc/>
    public override string ToString() => $"{Id}: {Hits}";
}

/// <summary>A node playthroughs ended in, with how many did. Immutable and thread-safe.</summary>
public sealed class EndingCount
{
    [JsonConstructor]
    internal EndingCount(string node, bool isEnding, long count)
    {
        Node = node;
        IsEnding = isEnding;
        Count = count;
    }

    /// <summary>The unique name of the node the story ended in.</summary>
    public string Node { get; }

    /// <summary>True when the node is tagged <c>ending</c> or <c>death</c>; false for a story that just ran out (a dead end).</summary>
    public bool IsEnding { get; }

    /// <summary>How many playthroughs ended there.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Node}: {Count}";
}

/// <summary>How many playthroughs had a kind of problem. Immutable and thread-safe.</summary>
public sealed class PlaytestProblemCount
{
    [JsonConstructor]
    internal PlaytestProblemCount(PlaytestProblemKind kind, long count)
    {
        Kind = kind;
        Count = count;
    }

    /// <summary>The kind of problem.</summary>
    public PlaytestProblemKind Kind { get; }

    /// <summary>How many playthroughs had it.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind}: {Count}";
}

/// <summary>
/// One problem of one playthrough, with the seed that reproduces it (<see cref="Playtester.Replay"/>).
/// Immutable and thread-safe.
/// </summary>
public sealed class PlaytestProblem
{
    [JsonConstructor]
    internal PlaytestProblem(PlaytestProblemKind kind, long playthrough, ulong seed, StoryErrorKind? errorKind, string message, string? node, string? file, int line, int step, int selections)
    {
        Kind = kind;
        Playthrough = playthrough;
        Seed = seed;
        ErrorKind = errorKind;
        Message = message;
        Node = node;
        File = file;
        Line = line;
        Step = step;
        Selections = selections;
    }

    /// <summary>What went wrong.</summary>
    public PlaytestProblemKind Kind { get; }

    /// <summary>The playthrough's index in its run.</summary>
    public long Playthrough { get; }

    /// <summary>The playthrough's seed: <see cref="Playtester.Replay"/> with it (and the same options) reproduces the problem.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong Seed { get; }

    /// <summary>For <see cref="PlaytestProblemKind.StoryError"/>, the story error's kind.</summary>
    public StoryErrorKind? ErrorKind { get; }

    /// <summary>What happened, where.</summary>
    public string Message { get; }

    /// <summary>The node the playthrough was in, when known.</summary>
    public string? Node { get; }

    /// <summary>The story file, when known.</summary>
    public string? File { get; }

    /// <summary>The 1-based source line, or 0.</summary>
    public int Line { get; }

    /// <summary>The step (1-based count of <c>Next</c> calls) it happened at.</summary>
    public int Step { get; }

    /// <summary>Options chosen before it happened.</summary>
    public int Selections { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} in playthrough {Playthrough} (seed {Seed}): {Message}";
}

/// <summary>
/// The values a variable had at the end of playthroughs. The lowest <see cref="PlaytestOptions.MaxHistogramValues"/>
/// distinct values are counted exactly; the rest together in <see cref="Other"/>. Immutable and thread-safe.
/// </summary>
public sealed class VariableHistogram
{
    [JsonConstructor]
    internal VariableHistogram(string name, string type, int limit, IReadOnlyList<HistogramBucket> buckets, long other, double? min, double? max)
    {
        Name = name;
        Type = type;
        Limit = limit;
        Buckets = buckets;
        Other = other;
        Min = min;
        Max = max;
    }

    /// <summary>The variable's name, with <c>$</c>.</summary>
    public string Name { get; }

    /// <summary>The value kind: <c>Number</c>, <c>Bool</c> or <c>String</c>.</summary>
    public string Type { get; }

    /// <summary>How many distinct values are kept exactly (<see cref="PlaytestOptions.MaxHistogramValues"/>).</summary>
    public int Limit { get; }

    /// <summary>Values and counts, in value order (numbers ascending, false before true, strings ordinal).</summary>
    public IReadOnlyList<HistogramBucket> Buckets { get; }

    /// <summary>Playthroughs whose value was beyond the kept ones.</summary>
    public long Other { get; }

    /// <summary>For numbers, the lowest value seen.</summary>
    public double? Min { get; }

    /// <summary>For numbers, the highest value seen.</summary>
    public double? Max { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Buckets.Count} values";
}

/// <summary>One value of a <see cref="VariableHistogram"/> and how many playthroughs ended with it. Immutable and thread-safe.</summary>
public sealed class HistogramBucket
{
    [JsonConstructor]
    internal HistogramBucket(string value, long count)
    {
        Value = value;
        Count = count;
    }

    /// <summary>The value: a number in invariant round-trip form, <c>true</c>/<c>false</c>, or the string.</summary>
    public string Value { get; }

    /// <summary>How many playthroughs ended with it.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Value}: {Count}";
}

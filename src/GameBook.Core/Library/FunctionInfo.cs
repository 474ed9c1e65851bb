using System.Collections.Immutable;
using GameBook.Values;

namespace GameBook.Library;

/// <summary>
/// The signature and implementation of a function callable from a story. Immutable and thread-safe.
/// </summary>
public sealed class FunctionInfo
{
    internal FunctionInfo(string name, StoryType returnType, ImmutableArray<StoryType> parameterTypes, HostFunction? implementation, Intrinsic intrinsic)
    {
        Name = name;
        ReturnType = returnType;
        ParameterTypes = parameterTypes;
        Implementation = implementation;
        Intrinsic = intrinsic;
    }

    /// <summary>The name stories call it by.</summary>
    public string Name { get; }

    /// <summary>The type of the value it returns.</summary>
    public StoryType ReturnType { get; }

    /// <summary>The parameter types, in order. <see cref="StoryType.Any"/> accepts any value.</summary>
    public ImmutableArray<StoryType> ParameterTypes { get; }

    /// <summary>
    /// The implementation, or null when the function is built into the session (visits, randomness,
    /// inventory) or when the compiler only inferred its signature and the host binds it at run time.
    /// </summary>
    public HostFunction? Implementation { get; }

    /// <summary>True when the compiler inferred the signature from use because no library declared it.</summary>
    public bool IsInferred => Intrinsic == Intrinsic.Unbound;

    /// <summary>Which session-state function this is, if any.</summary>
    internal Intrinsic Intrinsic { get; }

    /// <summary>Creates the signature of a function the library does not know, inferred by the compiler.</summary>
    internal static FunctionInfo CreateInferred(string name, StoryType returnType, ImmutableArray<StoryType> parameterTypes) =>
        new(name, returnType, parameterTypes, null, Intrinsic.Unbound);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({string.Join(", ", ParameterTypes)}) -> {ReturnType}";
}

/// <summary>Functions that read or change session state; the VM implements them.</summary>
internal enum Intrinsic : byte
{
    /// <summary>An ordinary function with an <see cref="FunctionInfo.Implementation"/>.</summary>
    None,
    /// <summary>Inferred by the compiler; bound by name at run time from the session's library.</summary>
    Unbound,
    /// <summary><c>visited(string) -> bool</c>.</summary>
    Visited,
    /// <summary><c>visited_count(string) -> number</c>.</summary>
    VisitedCount,
    /// <summary><c>has_any_content(string) -> bool</c>: a node group has a member whose condition passes.</summary>
    HasAnyContent,
    /// <summary><c>random() -> number</c> in [0, 1).</summary>
    Random,
    /// <summary><c>random_range(number, number) -> number</c>: an integer in [a, b] inclusive.</summary>
    RandomRange,
    /// <summary><c>random_range_float(number, number) -> number</c>: a number in [a, b).</summary>
    RandomRangeFloat,
    /// <summary><c>dice(number) -> number</c>: an integer in [1, sides].</summary>
    Dice,
    /// <summary><c>roll(string) -> number</c>: dice notation <c>NdM</c>, <c>d%</c>, <c>+K</c>/<c>-K</c>.</summary>
    Roll,
    /// <summary><c>has(string) -> bool</c>: the inventory holds at least one.</summary>
    Has,
    /// <summary><c>count(string) -> number</c>: how many the inventory holds.</summary>
    Count,
}

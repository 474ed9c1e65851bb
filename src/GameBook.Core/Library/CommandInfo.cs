using System.Collections.Immutable;
using GameBook.Values;

namespace GameBook.Library;

/// <summary>
/// A command registered with the library: its parameter types (checked by the compiler against the
/// command's arguments) and an optional handler the session invokes directly instead of yielding a
/// command step. Immutable and thread-safe.
/// </summary>
public sealed class CommandInfo
{
    internal CommandInfo(string name, ImmutableArray<StoryType> parameterTypes, HostCommand? handler)
    {
        Name = name;
        ParameterTypes = parameterTypes;
        Handler = handler;
    }

    /// <summary>The command's name (its first word).</summary>
    public string Name { get; }

    /// <summary>The parameter types, in order.</summary>
    public ImmutableArray<StoryType> ParameterTypes { get; }

    /// <summary>The handler, or null to hand the command to the host as a step.</summary>
    public HostCommand? Handler { get; }

    /// <inheritdoc/>
    public override string ToString() => $"<<{Name} {string.Join(" ", ParameterTypes)}>>";
}

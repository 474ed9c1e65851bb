using GameBook.Values;

namespace GameBook.Library;

/// <summary>
/// A function the story can call. Receives its arguments already type-checked against the registered
/// parameter types and returns a value of the registered return type.
/// </summary>
/// <param name="arguments">The arguments, in declaration order.</param>
public delegate StoryValue HostFunction(ReadOnlySpan<StoryValue> arguments);

/// <summary>A command handler. Receives the command's arguments converted to the registered parameter types.</summary>
/// <param name="arguments">The arguments, in declaration order.</param>
public delegate void HostCommand(ReadOnlySpan<StoryValue> arguments);

namespace GameBook.Runtime;

/// <summary>Why a session stopped with an error.</summary>
public enum StoryErrorKind
{
    /// <summary>The story ran <see cref="SessionOptions.MaxInstructionsPerStep"/> instructions without output.</summary>
    StepBudgetExceeded,
    /// <summary>A host function threw an exception or returned a value of another type than it declared; or a random source or plural rules supplied by the host failed.</summary>
    HostFunctionFailed,
    /// <summary>A command handler threw an exception, or its arguments did not convert to the registered types.</summary>
    CommandFailed,
    /// <summary>A function the compiler inferred is not bound in <see cref="SessionOptions.Library"/>.</summary>
    UnboundFunction,
    /// <summary>A jump or detour named a node the story does not have.</summary>
    UnknownNode,
    /// <summary><c>roll</c> got notation it does not understand, or <c>dice</c> got fewer than one side.</summary>
    InvalidDice,
    /// <summary>An inventory operation got a negative or non-integer count.</summary>
    InvalidInventoryCount,
    /// <summary>The compiled program is inconsistent (a compiler bug).</summary>
    InvalidProgram,
    /// <summary>Detours nested deeper than the engine allows (1024): the story detours into a node that never returns before detouring again.</summary>
    DetourTooDeep,
}

/// <summary>An error that stopped a session, with the story location. Immutable and thread-safe.</summary>
public sealed class StoryError
{
    internal StoryError(StoryErrorKind kind, string message, string? file, int line, string? node, Exception? exception)
    {
        Kind = kind;
        Message = message;
        File = file;
        Line = line;
        Node = node;
        Exception = exception;
    }

    /// <summary>What went wrong.</summary>
    public StoryErrorKind Kind { get; }

    /// <summary>A message naming the cause and the location.</summary>
    public string Message { get; }

    /// <summary>The story file, when known.</summary>
    public string? File { get; }

    /// <summary>The 1-based source line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The node that was running, when known.</summary>
    public string? Node { get; }

    /// <summary>The host exception behind the error, if any.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}

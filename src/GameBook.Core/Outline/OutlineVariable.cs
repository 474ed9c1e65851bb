using GameBook.Compilation;
using GameBook.Values;

namespace GameBook.Outline;

/// <summary>A story variable in a <see cref="StoryOutline"/>. Immutable and thread-safe.</summary>
public sealed class OutlineVariable
{
    internal OutlineVariable(string name, StoryType type, bool isDeclared, bool isSmart, string file, SourceRange range, string node)
    {
        Name = name;
        Type = type;
        IsDeclared = isDeclared;
        IsSmart = isSmart;
        File = file;
        Range = range;
        Node = node;
    }

    /// <summary>The name, with its <c>$</c>.</summary>
    public string Name { get; }

    /// <summary>The declared or inferred type.</summary>
    public StoryType Type { get; }

    /// <summary>True when a <c>&lt;&lt;declare&gt;&gt;</c> declares it; false when it is implicitly declared by use.</summary>
    public bool IsDeclared { get; }

    /// <summary>True for a smart variable (computed from its declaration on every read).</summary>
    public bool IsSmart { get; }

    /// <summary>The file of its declaration (or first use).</summary>
    public string File { get; }

    /// <summary>Where its declaration's variable name (or its first use) is.</summary>
    public SourceRange Range { get; }

    /// <summary>The <see cref="OutlineNode.UniqueName"/> of the node holding its declaration (or first use).</summary>
    public string Node { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Type}";
}

/// <summary>Whether a variable reference reads or writes it.</summary>
public enum VariableAccess
{
    /// <summary>The value is used (in an expression, condition, line or command).</summary>
    Read,

    /// <summary>The variable is assigned by <c>&lt;&lt;set&gt;&gt;</c>.</summary>
    Write,
}

/// <summary>One read or write of a variable. Immutable and thread-safe.</summary>
public sealed class OutlineVariableReference
{
    internal OutlineVariableReference(string name, VariableAccess access, SourceRange range, bool feedsOwnAssignment)
    {
        Name = name;
        Access = access;
        Range = range;
        FeedsOwnAssignment = feedsOwnAssignment;
    }

    /// <summary>The variable's name, with its <c>$</c>.</summary>
    public string Name { get; }

    /// <summary>Read or write.</summary>
    public VariableAccess Access { get; }

    /// <summary>Where the reference is (the variable's name; for a write, the whole <c>&lt;&lt;set&gt;&gt;</c>).</summary>
    public SourceRange Range { get; }

    /// <summary>
    /// True for a read that only computes the variable's own new value (<c>$x</c> in <c>&lt;&lt;set $x to $x + 1&gt;&gt;</c>):
    /// such a read does not make the value useful to the story.
    /// </summary>
    public bool FeedsOwnAssignment { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Access} {Name}";
}

using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Outline;

/// <summary>
/// A read-only map of a compiled story's structure as the author wrote it: every node (node-group members
/// one by one) with its headers and a tree of flow elements in source order, every variable, and where
/// each is read and written, all with 1-based source ranges. Authoring tools (static analysis, editors,
/// exports) read it; the runtime never does. Built by the compiler when
/// <see cref="CompileOptions.IncludeOutline"/> is set and exposed as <see cref="Runtime.Story.Outline"/>.
/// Immutable and thread-safe.
/// </summary>
public sealed class StoryOutline
{
    internal StoryOutline(ImmutableArray<OutlineNode> nodes, ImmutableArray<OutlineVariable> variables, ImmutableArray<string> stringConstants, bool hasComputedStrings)
    {
        Nodes = nodes;
        Variables = variables;
        StringConstants = stringConstants;
        HasComputedStrings = hasComputedStrings;
    }

    /// <summary>Every node in source order (files in the order given to the compiler); each member of a node group is its own entry.</summary>
    public ImmutableArray<OutlineNode> Nodes { get; }

    /// <summary>Every story variable, declared or implicitly declared by use, in order of declaration (then of first use).</summary>
    public ImmutableArray<OutlineVariable> Variables { get; }

    /// <summary>
    /// The distinct string literals of the story's expressions, in order of first appearance. A dynamic
    /// <c>&lt;&lt;jump {$expr}&gt;&gt;</c> can only reach a node whose name is one of these, unless
    /// <see cref="HasComputedStrings"/> is true.
    /// </summary>
    public ImmutableArray<string> StringConstants { get; }

    /// <summary>
    /// True when the story can build strings at run time that are not among <see cref="StringConstants"/>:
    /// a string <c>+</c> with a non-constant side, or a function call that returns a String.
    /// </summary>
    public bool HasComputedStrings { get; }
}

using System.Collections.Immutable;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>What a host may know about a node of a compiled story. Immutable and thread-safe.</summary>
public sealed class StoryNodeInfo
{
    internal StoryNodeInfo(int index, string name, string uniqueName, ImmutableArray<string> tags, ImmutableArray<KeyValuePair<string, string>> headers, int? section, string file, int line)
    {
        Index = index;
        Name = name;
        UniqueName = uniqueName;
        Tags = tags;
        Headers = headers;
        Section = section;
        File = file;
        Line = line;
        IsEnding = tags.Contains("ending") || tags.Contains("death");
    }

    /// <summary>The node's position in <see cref="Story.Nodes"/>, so tools can keep per-node data in arrays.</summary>
    public int Index { get; }

    /// <summary>The title (shared by the members of a node group).</summary>
    public string Name { get; }

    /// <summary>A name unique in the story: the title, or for node-group members <c>Title.subtitle</c>, else an identity from the member's content (<c>Title#1a2b3c4d</c>; docs/saves.md).</summary>
    public string UniqueName { get; }

    /// <summary>The words of the <c>tags:</c> header.</summary>
    public ImmutableArray<string> Tags { get; }

    /// <summary>All headers except <c>title</c>, in source order.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The gamebook section number from the <c>section:</c> header, if any.</summary>
    public int? Section { get; }

    /// <summary>True when the node is tagged <c>ending</c> or <c>death</c>.</summary>
    public bool IsEnding { get; }

    /// <summary>The file the node was declared in.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the node's <c>title:</c> header.</summary>
    public int Line { get; }

    /// <inheritdoc/>
    public override string ToString() => UniqueName;
}

/// <summary>A story variable a host may read and write. Immutable and thread-safe.</summary>
public sealed class StoryVariableInfo
{
    internal StoryVariableInfo(string name, StoryType type, StoryValue initialValue, bool isSmart)
    {
        Name = name;
        Type = type;
        InitialValue = initialValue;
        IsSmart = isSmart;
    }

    /// <summary>The name including <c>$</c>.</summary>
    public string Name { get; }

    /// <summary>The static type.</summary>
    public StoryType Type { get; }

    /// <summary>The value a new session starts with (default for smart variables).</summary>
    public StoryValue InitialValue { get; }

    /// <summary>True for a smart variable: computed on read, not writable.</summary>
    public bool IsSmart { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Type}";
}

/// <summary>Whether a line of a story is shown as a line or offered as an option.</summary>
public enum StoryLineKind
{
    /// <summary>A line the story shows (including line-group items).</summary>
    Line,

    /// <summary>The text of an option.</summary>
    Option,
}

/// <summary>
/// A line or option text of a compiled story, as tools (coverage, localization) list them. Immutable and thread-safe.
/// </summary>
public sealed class StoryLineInfo
{
    internal StoryLineInfo(int index, string id, StoryLineKind kind, StoryNodeInfo node, string file, int line, string text, string? characterName = null)
    {
        CharacterName = characterName;
        Index = index;
        Id = id;
        Kind = kind;
        Node = node;
        File = file;
        Line = line;
        Text = text;
    }

    /// <summary>The line's position in <see cref="Story.Lines"/>.</summary>
    public int Index { get; }

    /// <summary>The line ID (<see cref="StoryLine.Id"/> of the lines and options sessions produce).</summary>
    public string Id { get; }

    /// <summary>Shown as a line or offered as an option.</summary>
    public StoryLineKind Kind { get; }

    /// <summary>The node whose body holds it.</summary>
    public StoryNodeInfo Node { get; }

    /// <summary>The file it was written in.</summary>
    public string File { get; }

    /// <summary>Its 1-based source line.</summary>
    public int Line { get; }

    /// <summary>The text as written, markup and <c>{N}</c> substitution holes included.</summary>
    public string Text { get; }

    /// <summary>The speaker from a <c>Name: </c> prefix of <see cref="Text"/> (as <see cref="StoryLine.CharacterName"/> gives it), or null.</summary>
    public string? CharacterName { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id}: {Text}";
}

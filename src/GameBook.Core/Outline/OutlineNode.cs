using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Outline;

/// <summary>One node as written: its headers, section number, tags and flow. Immutable and thread-safe.</summary>
public sealed class OutlineNode
{
    internal OutlineNode(
        string title, string uniqueName, bool isGroupMember, string file, SourceRange titleRange,
        ImmutableArray<OutlineHeader> headers, ImmutableArray<string> tags, int? section, ImmutableArray<OutlineCondition> when,
        ImmutableArray<OutlineElement> body, ImmutableArray<OutlineVariableReference> variableReferences)
    {
        Title = title;
        UniqueName = uniqueName;
        IsGroupMember = isGroupMember;
        File = file;
        TitleRange = titleRange;
        Headers = headers;
        Tags = tags;
        Section = section;
        When = when;
        Body = body;
        VariableReferences = variableReferences;
        IsEnding = tags.Contains("ending") || tags.Contains("death");
    }

    /// <summary>The <c>title:</c>; jumps use it, and the members of a node group share it.</summary>
    public string Title { get; }

    /// <summary>A name unique in the story: the title, or for a node-group member <c>Title.subtitle</c>, else an identity from its content (<c>Title#1a2b3c4d</c>, <c>Title#line:id</c>; docs/saves.md).</summary>
    public string UniqueName { get; }

    /// <summary>True when the node is a member of a node group (several nodes with one title and <c>when:</c> headers).</summary>
    public bool IsGroupMember { get; }

    /// <summary>The file the node is in, as given in <see cref="StorySource.Path"/>.</summary>
    public string File { get; }

    /// <summary>Where the title's value is (the name after <c>title:</c>).</summary>
    public SourceRange TitleRange { get; }

    /// <summary>Every header, <c>title</c> included, in source order.</summary>
    public ImmutableArray<OutlineHeader> Headers { get; }

    /// <summary>The words of the <c>tags:</c> header.</summary>
    public ImmutableArray<string> Tags { get; }

    /// <summary>The <c>section:</c> number, or null when there is none or it is not a whole number.</summary>
    public int? Section { get; }

    /// <summary>True when the node is tagged <c>ending</c> or <c>death</c>.</summary>
    public bool IsEnding { get; }

    /// <summary>The <c>when:</c> headers of a node-group member (empty for ordinary nodes); <c>always</c> and <c>once</c> fold to always true.</summary>
    public ImmutableArray<OutlineCondition> When { get; }

    /// <summary>The body's flow elements in source order (declarations included, comments and blank lines not).</summary>
    public ImmutableArray<OutlineElement> Body { get; }

    /// <summary>Every read and write of a variable in this node (body and <c>when:</c> headers) in source order.</summary>
    public ImmutableArray<OutlineVariableReference> VariableReferences { get; }

    /// <summary>The value of the first header named <paramref name="key"/>, or null.</summary>
    public string? Header(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var h in Headers)
        {
            if (h.Key == key)
            {
                return h.Value;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => UniqueName;
}

/// <summary>A node header <c>key: value</c> with its ranges. Immutable and thread-safe.</summary>
public sealed class OutlineHeader
{
    internal OutlineHeader(string key, string value, SourceRange range, SourceRange valueRange)
    {
        Key = key;
        Value = value;
        Range = range;
        ValueRange = valueRange;
    }

    /// <summary>The key before the colon.</summary>
    public string Key { get; }

    /// <summary>The trimmed value after the colon.</summary>
    public string Value { get; }

    /// <summary>The whole header line.</summary>
    public SourceRange Range { get; }

    /// <summary>The value only.</summary>
    public SourceRange ValueRange { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Key}: {Value}";
}

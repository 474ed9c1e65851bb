using System.Collections.Immutable;
using GameBook.Text;

namespace GameBook.Runtime;

/// <summary>
/// A composed line (or option text): substitutions inserted, markup removed and exposed as
/// <see cref="Attributes"/>, select/plural/ordinal applied. An immutable value.
/// </summary>
public readonly struct StoryLine
{
    internal StoryLine(string id, string text, ImmutableArray<string> tags, IReadOnlyList<MarkupAttribute> attributes, string? characterName, int slot)
    {
        SlotPlusOne = slot + 1;
        Id = id;
        Text = text;
        Tags = tags;
        Attributes = attributes;
        CharacterName = characterName;
    }

    /// <summary>The compiled line's slot plus one (0 for a default value), for <see cref="Story.LineIndexOf"/>.</summary>
    internal int SlotPlusOne { get; }

    /// <summary>The line ID (<c>line:...</c>).</summary>
    public string Id { get; }

    /// <summary>The text as a host displays it; a <c>Name: </c> character prefix is kept.</summary>
    public string Text { get; }

    /// <summary>Hashtags without the leading <c>#</c>.</summary>
    public ImmutableArray<string> Tags { get; }

    /// <summary>Markup ranges in <see cref="Text"/>, including the <c>character</c> attribute.</summary>
    public IReadOnlyList<MarkupAttribute> Attributes { get; }

    /// <summary>The speaking character from a <c>Name: </c> prefix, or null.</summary>
    public string? CharacterName { get; }

    /// <summary>The text without the character prefix.</summary>
    public string TextWithoutCharacterName
    {
        get
        {
            if (CharacterName is null || Attributes is null)
            {
                return Text;
            }

            foreach (var attribute in Attributes)
            {
                if (attribute.Name == "character")
                {
                    return Text[(attribute.Position + attribute.Length)..];
                }
            }

            return Text;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

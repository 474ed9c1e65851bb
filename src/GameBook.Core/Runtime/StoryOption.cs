namespace GameBook.Runtime;

/// <summary>One option of an <see cref="OptionSet"/>. An immutable value.</summary>
public readonly struct StoryOption
{
    internal StoryOption(int index, in StoryLine line, bool isAvailable)
    {
        Index = index;
        Line = line;
        IsAvailable = isAvailable;
    }

    /// <summary>The 0-based index to pass to <see cref="StorySession.Choose"/>.</summary>
    public int Index { get; }

    /// <summary>The option's composed line.</summary>
    public StoryLine Line { get; }

    /// <summary>The option's composed text (same as <c>Line.Text</c>).</summary>
    public string Text => Line.Text;

    /// <summary>False when the option's condition failed: show it disabled or hide it; it cannot be chosen.</summary>
    public bool IsAvailable { get; }

    /// <inheritdoc/>
    public override string ToString() => IsAvailable ? Text : $"{Text} [disabled]";
}

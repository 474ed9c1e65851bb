namespace GameBook.Runtime;

/// <summary>
/// A command for the host: <c>&lt;&lt;fade_out 2 "slow fade"&gt;&gt;</c> gives Name <c>fade_out</c> and
/// Arguments <c>2</c>, <c>slow fade</c>. An immutable value.
/// </summary>
public readonly struct StoryCommand
{
    internal StoryCommand(string text, string name, IReadOnlyList<string> arguments)
    {
        Text = text;
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The whole command text, inline expressions substituted, without <c>&lt;&lt;</c>/<c>&gt;&gt;</c>.</summary>
    public string Text { get; }

    /// <summary>The first word.</summary>
    public string Name { get; }

    /// <summary>The remaining words; a double-quoted argument is one word, quotes removed.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

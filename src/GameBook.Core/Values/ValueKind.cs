namespace GameBook.Values;

/// <summary>The run-time representation of a <see cref="StoryValue"/>.</summary>
public enum ValueKind : byte
{
    /// <summary>No value (a default <see cref="StoryValue"/>).</summary>
    None,

    /// <summary>A double-precision number.</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>A boolean.</summary>
    Bool,
}

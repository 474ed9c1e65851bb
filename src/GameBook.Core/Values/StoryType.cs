namespace GameBook.Values;

/// <summary>
/// A static type of the story language: <see cref="Number"/>, <see cref="String"/>, <see cref="Bool"/>,
/// or a named enum whose cases have number or string raw values. Immutable and thread-safe.
/// </summary>
public sealed class StoryType : IEquatable<StoryType>
{
    private StoryType(string name, ValueKind kind, StoryType? rawType)
    {
        Name = name;
        Kind = kind;
        RawType = rawType;
    }

    /// <summary>Double-precision numbers.</summary>
    public static StoryType Number { get; } = new("Number", ValueKind.Number, null);

    /// <summary>Strings.</summary>
    public static StoryType String { get; } = new("String", ValueKind.String, null);

    /// <summary>Booleans.</summary>
    public static StoryType Bool { get; } = new("Bool", ValueKind.Bool, null);

    /// <summary>Accepts any value; used only for parameters of conversion functions such as <c>string(x)</c>.</summary>
    public static StoryType Any { get; } = new("Any", ValueKind.None, null);

    /// <summary>The type's name as written in stories (<c>Number</c>, <c>String</c>, <c>Bool</c>, or the enum's name).</summary>
    public string Name { get; }

    /// <summary>How values of this type are represented at run time.</summary>
    public ValueKind Kind { get; }

    /// <summary>For an enum: the type of its raw values (<see cref="Number"/> or <see cref="String"/>). Else null.</summary>
    public StoryType? RawType { get; }

    /// <summary>True for enum types.</summary>
    public bool IsEnum => RawType is not null;

    /// <summary>Creates an enum type whose values are represented by <paramref name="rawType"/>.</summary>
    /// <param name="name">The enum's name.</param>
    /// <param name="rawType"><see cref="Number"/> or <see cref="String"/>.</param>
    public static StoryType CreateEnum(string name, StoryType rawType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rawType);
        if (rawType != Number && rawType != String)
        {
            throw new ArgumentException("An enum's raw values must be numbers or strings.", nameof(rawType));
        }

        return new StoryType(name, rawType.Kind, rawType);
    }

    /// <inheritdoc/>
    public bool Equals(StoryType? other) =>
        ReferenceEquals(this, other) ||
        (other is not null && IsEnum && other.IsEnum && Name == other.Name && RawType == other.RawType);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StoryType);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Equality by identity for built-in types and by name for enums.</summary>
    public static bool operator ==(StoryType? left, StoryType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(StoryType? left, StoryType? right) => !(left == right);
}

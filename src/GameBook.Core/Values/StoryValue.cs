using System.Globalization;

namespace GameBook.Values;

/// <summary>
/// A run-time value of the story language: a number, a string or a bool. A small immutable struct that
/// never boxes; enum values are represented by their raw number or string. Thread-safe.
/// </summary>
public readonly struct StoryValue : IEquatable<StoryValue>
{
    private readonly string? _string;
    private readonly double _number;

    private StoryValue(ValueKind kind, double number, string? text)
    {
        Kind = kind;
        _number = number;
        _string = text;
    }

    /// <summary>What this value holds.</summary>
    public ValueKind Kind { get; }

    /// <summary>The bool <c>true</c>.</summary>
    public static StoryValue True { get; } = new(ValueKind.Bool, 1, null);

    /// <summary>The bool <c>false</c>.</summary>
    public static StoryValue False { get; } = new(ValueKind.Bool, 0, null);

    /// <summary>Creates a number.</summary>
    public static StoryValue FromNumber(double value) => new(ValueKind.Number, value, null);

    /// <summary>Creates a string.</summary>
    public static StoryValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ValueKind.String, 0, value);
    }

    /// <summary>Creates a bool.</summary>
    public static StoryValue FromBool(bool value) => value ? True : False;

    /// <summary>The number; throws <see cref="InvalidOperationException"/> when this is not a number.</summary>
    public double AsNumber => Kind == ValueKind.Number ? _number : throw WrongKind(ValueKind.Number);

    /// <summary>The string; throws <see cref="InvalidOperationException"/> when this is not a string.</summary>
    public string AsString => Kind == ValueKind.String ? _string! : throw WrongKind(ValueKind.String);

    /// <summary>The bool; throws <see cref="InvalidOperationException"/> when this is not a bool.</summary>
    public bool AsBool => Kind == ValueKind.Bool ? _number != 0 : throw WrongKind(ValueKind.Bool);

    /// <summary>The number without a kind check (for the VM, whose code is type-checked).</summary>
    internal double RawNumber => _number;

    /// <summary>The bool without a kind check.</summary>
    internal bool RawBool => _number != 0;

    /// <summary>The string without a kind check.</summary>
    internal string? RawString => _string;

    /// <summary>
    /// The value as text the way stories display it: numbers in invariant culture ("round-trip" shortest form),
    /// bools as <c>True</c>/<c>False</c>, strings as they are.
    /// </summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        ValueKind.String => _string!,
        ValueKind.Bool => _number != 0 ? "True" : "False",
        _ => string.Empty,
    };

    /// <inheritdoc/>
    public bool Equals(StoryValue other) =>
        Kind == other.Kind &&
        Kind switch
        {
            ValueKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            ValueKind.None => true,
            _ => _number.Equals(other._number),
        };

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StoryValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind == ValueKind.String
        ? HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_string!))
        : HashCode.Combine(Kind, _number);

    /// <summary>Equality.</summary>
    public static bool operator ==(StoryValue left, StoryValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(StoryValue left, StoryValue right) => !left.Equals(right);

    private InvalidOperationException WrongKind(ValueKind wanted) =>
        new($"The value is a {Kind}, not a {wanted}.");
}

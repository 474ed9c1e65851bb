namespace GameBook.Text;

/// <summary>A CLDR plural category.</summary>
public enum PluralCategory
{
    /// <summary>The <c>zero</c> category.</summary>
    Zero,
    /// <summary>The <c>one</c> category.</summary>
    One,
    /// <summary>The <c>two</c> category.</summary>
    Two,
    /// <summary>The <c>few</c> category.</summary>
    Few,
    /// <summary>The <c>many</c> category.</summary>
    Many,
    /// <summary>The <c>other</c> category (every language has it; the fallback).</summary>
    Other,
}

/// <summary>
/// A locale's plural rules, used by the <c>[plural]</c> and <c>[ordinal]</c> markers.
/// Implementations must be thread-safe: one instance is shared by every session using it.
/// </summary>
public interface IPluralRules
{
    /// <summary>The cardinal category of <paramref name="value"/> ("1 apple", "2 apples").</summary>
    PluralCategory GetCardinalCategory(double value);

    /// <summary>The ordinal category of <paramref name="value"/> ("1st", "2nd", "3rd", "4th").</summary>
    PluralCategory GetOrdinalCategory(double value);
}

/// <summary>Built-in plural rules. Thread-safe.</summary>
public static partial class PluralRules
{
    /// <summary>CLDR English rules.</summary>
    public static IPluralRules English { get; } = new EnglishPluralRules();

    /// <summary>The lower-case CLDR keyword of <paramref name="category"/> (<c>one</c>, <c>other</c>, ...).</summary>
    public static string Keyword(PluralCategory category) => category switch
    {
        PluralCategory.Zero => "zero",
        PluralCategory.One => "one",
        PluralCategory.Two => "two",
        PluralCategory.Few => "few",
        PluralCategory.Many => "many",
        _ => "other",
    };

    private sealed class EnglishPluralRules : IPluralRules
    {
        // CLDR: one = "i = 1 and v = 0", i.e. exactly the integer 1.
        public PluralCategory GetCardinalCategory(double value) => value == 1 ? PluralCategory.One : PluralCategory.Other;

        // CLDR: one = n%10=1 and n%100!=11; two = n%10=2 and n%100!=12; few = n%10=3 and n%100!=13.
        public PluralCategory GetOrdinalCategory(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || Math.Truncate(value) != value)
            {
                return PluralCategory.Other;
            }

            var n = Math.Abs(value);
            var mod10 = n % 10;
            var mod100 = n % 100;
            return mod10 switch
            {
                1 when mod100 != 11 => PluralCategory.One,
                2 when mod100 != 12 => PluralCategory.Two,
                3 when mod100 != 13 => PluralCategory.Few,
                _ => PluralCategory.Other,
            };
        }
    }
}

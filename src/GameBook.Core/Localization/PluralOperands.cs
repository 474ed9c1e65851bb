using System.Globalization;

namespace GameBook.Localization;

/// <summary>
/// The CLDR plural operands of a number (Unicode TR35, "Plural Operand Meanings"): <c>n</c> absolute value,
/// <c>i</c> integer digits, <c>v</c>/<c>w</c> visible fraction digit count with/without trailing zeros,
/// <c>f</c>/<c>t</c> visible fraction digits with/without trailing zeros, <c>e</c> compact exponent.
/// </summary>
internal readonly record struct PluralOperands(double N, double I, int V, int W, double F, double T, int E)
{
    /// <summary>
    /// The operands of a story number. Story numbers are doubles, so the visible digits are those of the shortest
    /// text that reads back as the same double: <c>1.5</c> has one fraction digit, and <c>1.0</c> is the integer 1.
    /// </summary>
    public static PluralOperands FromDouble(double value)
    {
        var n = Math.Abs(value);
        var i = Math.Floor(n);
        if (i == n || n >= 1e15)
        {
            return new PluralOperands(n, i, 0, 0, 0, 0, 0);
        }

        // The shortest round-trip text ("R") gives the digits a reader sees; it never has trailing fraction zeros.
        var text = n.ToString("R", CultureInfo.InvariantCulture);
        return TryParse(text, out var operands) ? operands with { N = n } : new PluralOperands(n, i, 0, 0, 0, 0, 0);
    }

    /// <summary>Reads a CLDR sample such as <c>12</c>, <c>1.50</c> or <c>1.1c6</c> (also <c>1.5E-05</c>); false when it is not a number.</summary>
    public static bool TryParse(string text, out PluralOperands operands)
    {
        operands = default;
        text = text.Trim();
        var exponent = 0;
        var marker = text.IndexOfAny(['c', 'e', 'E']);
        var compact = marker >= 0 && text[marker] == 'c';
        if (marker >= 0)
        {
            if (!int.TryParse(text.AsSpan(marker + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }

            text = text[..marker];
        }

        if (text.StartsWith('-'))
        {
            text = text[1..];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intDigits = dot < 0 ? text : text[..dot];
        var fracDigits = dot < 0 ? string.Empty : text[(dot + 1)..];
        if (intDigits.Length == 0 || !IsDigits(intDigits) || !IsDigits(fracDigits))
        {
            return false;
        }

        // Move the decimal point by the exponent: "1.1c6" is 1100000 and "1.5E-05" is 0.000015.
        if (exponent > 0)
        {
            var shift = Math.Min(exponent, fracDigits.Length);
            intDigits += fracDigits[..shift] + new string('0', exponent - shift);
            fracDigits = fracDigits[shift..];
        }
        else if (exponent < 0)
        {
            var padded = intDigits.PadLeft(-exponent + 1, '0');
            fracDigits = padded[^-exponent..] + fracDigits;
            intDigits = padded[..^-exponent];
        }

        var trimmed = fracDigits.TrimEnd('0');
        var i = ParseDigits(intDigits);
        var f = ParseDigits(fracDigits);
        var t = ParseDigits(trimmed);
        var n = i + (fracDigits.Length == 0 ? 0 : f / Math.Pow(10, fracDigits.Length));
        operands = new PluralOperands(n, i, fracDigits.Length, trimmed.Length, f, t, compact ? exponent : 0);
        return true;
    }

    /// <summary>The value of operand <paramref name="name"/> (<c>n i v w f t e c</c>).</summary>
    public double Get(char name) => name switch
    {
        'n' => N,
        'i' => I,
        'v' => V,
        'w' => W,
        'f' => F,
        't' => T,
        _ => E,
    };

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static double ParseDigits(string s) => s.Length == 0 ? 0 : double.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}

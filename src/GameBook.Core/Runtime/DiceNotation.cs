namespace GameBook.Runtime;

/// <summary>Parses dice notation: <c>NdM</c> (N defaults to 1), <c>d%</c> (= d100), then optional <c>+K</c>/<c>-K</c>.</summary>
internal static class DiceNotation
{
    /// <summary>Upper bounds that keep a roll cheap and its total exact in a double.</summary>
    public const int MaxDice = 1000;

    public const int MaxSides = 1_000_000;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int count, out int sides, out int modifier, out string? error)
    {
        count = 1;
        sides = 0;
        modifier = 0;
        error = null;
        var s = text.Trim();
        var i = 0;
        if (TryReadInt(s, ref i, out var n))
        {
            count = n;
        }

        if (i >= s.Length || (s[i] != 'd' && s[i] != 'D'))
        {
            error = "expected NdM, dM or d% (for example 2d6+1)";
            return false;
        }

        i++;
        if (i < s.Length && s[i] == '%')
        {
            sides = 100;
            i++;
        }
        else if (TryReadInt(s, ref i, out var m))
        {
            sides = m;
        }
        else
        {
            error = "expected the number of sides after 'd'";
            return false;
        }

        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            var negative = s[i] == '-';
            i++;
            if (!TryReadInt(s, ref i, out var k))
            {
                error = "expected a number after the sign";
                return false;
            }

            modifier = negative ? -k : k;
        }

        if (i != s.Length)
        {
            error = $"unexpected '{s[i..].ToString()}'";
            return false;
        }

        if (count < 1 || count > MaxDice || sides < 1 || sides > MaxSides)
        {
            error = $"use 1 to {MaxDice} dice with 1 to {MaxSides} sides";
            return false;
        }

        return true;
    }

    private static bool TryReadInt(ReadOnlySpan<char> s, ref int i, out int value)
    {
        var start = i;
        long v = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            v = Math.Min((v * 10) + (s[i] - '0'), int.MaxValue);
            i++;
        }

        value = (int)v;
        return i > start;
    }
}

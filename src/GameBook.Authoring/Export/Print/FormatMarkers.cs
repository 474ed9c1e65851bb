using System.Collections.Immutable;
using System.Text;
using GameBook.Outline;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// The <c>[select]</c>, <c>[plural]</c> and <c>[ordinal]</c> markers of a line, written out for a printed page. A value
/// known when printing (a number or string written in the line) picks its case as the runtime would; a value known only
/// in play (<c>{$gold}</c>) keeps its hole: <c>[plural value={$gold} one="a coin" other="% coins"/]</c> prints
/// "(your gold) coins", and a select prints its cases side by side ("he / she"). Without this the markup stripper
/// removed the whole marker and left a gap in the sentence.
/// </summary>
internal static class FormatMarkers
{
    /// <summary>
    /// <paramref name="raw"/> with every format marker replaced by its printed text; other markup and the
    /// <c>{N}</c> holes are left for the caller.
    /// </summary>
    public static string Render(string raw, ImmutableArray<OutlineExpression> substitutions, IPluralRules rules, Func<double, string> number)
    {
        if (raw.IndexOf('[', StringComparison.Ordinal) < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                sb.Append(c).Append(raw[++i]);
                continue;
            }

            if (c == '[' && TryRead(raw, i, out var name, out var cases, out var value, out var end))
            {
                sb.Append(Print(name, cases, Resolve(value, substitutions), rules, number));
                i = end;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string Print(string name, Dictionary<string, string> cases, (bool Known, double? Number, string Text) value, IPluralRules rules, Func<double, string> number)
    {
        if (name == "select")
        {
            if (!value.Known)
            {
                // Decided in play: the reader sees the alternatives.
                return string.Join(" / ", cases.Values.Distinct(StringComparer.Ordinal));
            }

            return cases.TryGetValue(value.Text, out var chosen) || cases.TryGetValue("other", out chosen)
                ? chosen.Replace("%", value.Text, StringComparison.Ordinal)
                : value.Text;
        }

        if (value.Number is not { } n)
        {
            var other = cases.TryGetValue("other", out var o) ? o : cases.Values.FirstOrDefault() ?? "%";
            return other.Replace("%", value.Text, StringComparison.Ordinal);
        }

        var category = name == "plural" ? rules.GetCardinalCategory(n) : rules.GetOrdinalCategory(n);
        var text = cases.TryGetValue(PluralRules.Keyword(category), out var t) ? t : cases.TryGetValue("other", out var fallback) ? fallback : "%";
        return text.Replace("%", number(n), StringComparison.Ordinal);
    }

    /// <summary>A literal substitution is known now; any other one stays a hole (<c>{N}</c>) that the caller fills.</summary>
    private static (bool Known, double? Number, string Text) Resolve(string value, ImmutableArray<OutlineExpression> substitutions)
    {
        if (value.Length > 2 && value[0] == '{' && value[^1] == '}'
            && int.TryParse(value.AsSpan(1, value.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hole)
            && !substitutions.IsDefault && hole < substitutions.Length)
        {
            var e = substitutions[hole];
            return e switch
            {
                { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } => (true, e.Value.AsNumber, e.Value.AsNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.String } => (true, null, e.Value.AsString),
                _ => (false, null, value),
            };
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? (true, d, value) : (true, null, value);
    }

    /// <summary>Reads <c>[name key=value ... /]</c> at <paramref name="start"/> when name is a format marker.</summary>
    private static bool TryRead(string raw, int start, out string name, out Dictionary<string, string> cases, out string value, out int end)
    {
        name = "";
        cases = new Dictionary<string, string>(StringComparer.Ordinal);
        value = "";
        end = start;
        var i = start + 1;
        var nameStart = i;
        while (i < raw.Length && char.IsLetter(raw[i]))
        {
            i++;
        }

        name = raw[nameStart..i];
        if (name is not ("select" or "plural" or "ordinal"))
        {
            return false;
        }

        var hasValue = false;
        while (i < raw.Length)
        {
            while (i < raw.Length && char.IsWhiteSpace(raw[i]))
            {
                i++;
            }

            if (i < raw.Length && raw[i] == '/')
            {
                i++;
                continue;
            }

            if (i >= raw.Length || raw[i] == ']')
            {
                break;
            }

            var keyStart = i;
            while (i < raw.Length && (char.IsLetterOrDigit(raw[i]) || raw[i] is '_' or '-' or '.'))
            {
                i++;
            }

            var key = raw[keyStart..i];
            if (key.Length == 0 || i >= raw.Length || raw[i] != '=')
            {
                return false;
            }

            i++;
            var text = ReadValue(raw, ref i);
            if (text is null)
            {
                return false;
            }

            if (key == "value")
            {
                value = text;
                hasValue = true;
            }
            else
            {
                cases[key] = text;
            }
        }

        if (!hasValue || i >= raw.Length)
        {
            return false;
        }

        end = i;
        return true;
    }

    private static string? ReadValue(string raw, ref int i)
    {
        if (i < raw.Length && raw[i] == '"')
        {
            var sb = new StringBuilder();
            for (i++; i < raw.Length; i++)
            {
                if (raw[i] == '\\' && i + 1 < raw.Length)
                {
                    sb.Append(raw[++i]);
                }
                else if (raw[i] == '"')
                {
                    i++;
                    return sb.ToString();
                }
                else
                {
                    sb.Append(raw[i]);
                }
            }

            return null;
        }

        var start = i;
        if (i < raw.Length && raw[i] == '{')
        {
            var close = raw.IndexOf('}', i);
            if (close < 0)
            {
                return null;
            }

            i = close + 1;
            return raw[start..i];
        }

        while (i < raw.Length && !char.IsWhiteSpace(raw[i]) && raw[i] is not (']' or '/'))
        {
            i++;
        }

        return raw[start..i];
    }
}

using System.Globalization;
using System.Text.Json;

namespace GameBook.Authoring.Import;

/// <summary>The rules the importer and the exporter share, so the exporter can tell an untouched node from an edited one.</summary>
internal static class GameBookStudioMapping
{
    /// <summary>The Yarn tags a paragraph gets: <c>ending</c> for a <c>finale</c>, then its single-word tags (never <c>ending</c>/<c>death</c> on other paragraphs).</summary>
    public static List<string> YarnTags(JsonElement tags, bool finale)
    {
        var list = new List<string>();
        if (finale)
        {
            list.Add("ending");
        }

        if (tags.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var t in tags.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var s = t.GetString()!;
            if (s.Length == 0 || s.Length > 200 || s.AsSpan().IndexOfAny(WhiteSpaceAndSpecial) >= 0 || s.Any(char.IsControl) || list.Contains(s))
            {
                continue;
            }

            if (!finale && s is "ending" or "death")
            {
                continue;
            }

            list.Add(s);
        }

        return list;
    }

    private static readonly System.Buffers.SearchValues<char> WhiteSpaceAndSpecial =
        System.Buffers.SearchValues.Create(" \t\r\n\v\f\u0085\u00A0\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000");

    /// <summary>The option text (escaped Yarn) for an action's text: trimmed, line breaks as spaces, "Turn to N" when empty.</summary>
    public static string OptionText(string? text, string target, out bool empty, out bool adjusted)
    {
        var t = (text ?? string.Empty).Trim();
        adjusted = false;
        if (t.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            t = string.Join(' ', YarnText.SplitLines(t).Select(l => l.Trim()).Where(l => l.Length > 0));
            adjusted = true;
        }

        empty = t.Length == 0;
        if (empty)
        {
            t = "Turn to " + Printable(target);
        }

        return YarnText.EndLine(YarnText.Escape(t));
    }

    /// <summary>The paragraph number a target string names (<c>"7"</c>), or null.</summary>
    public static int? ParseTarget(string s) =>
        int.TryParse(s.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Text safe inside a one-line comment: no line breaks, bounded length.</summary>
    public static string Printable(string s)
    {
        var q = Msg.Quote(s, 40);
        return q[1..^1].Replace("//", "/ /", StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;

namespace GameBook.Authoring.Import;

/// <summary>
/// Converts a GameBook Studio paragraph's <c>content</c> (plain text with newlines, or simple HTML) to Yarn lines
/// and back. <see cref="ToLines"/> and <see cref="FromLines"/> are written so that <c>FromLines(ToLines(c))</c> is
/// <c>c</c> for the usual shapes (plain lines; <c>&lt;p&gt;</c> paragraphs with <c>&lt;b&gt;</c>/<c>&lt;i&gt;</c>); when
/// it is not, the importer keeps the original content for the exporter.
/// </summary>
internal static class GameBookStudioContent
{
    // Private-use characters stand for markup while a line is built; the same characters in the input are replaced first.
    private const char OpenBold = '\uE000';
    private const char CloseBold = '\uE001';
    private const char OpenItalic = '\uE002';
    private const char CloseItalic = '\uE003';

    /// <summary>An HTML tag that was left out of the lines: its offset and length in the content, and its name.</summary>
    internal readonly record struct DroppedTag(int Offset, int Length, string Name);

    /// <summary>The content as escaped Yarn line texts (no empty lines), with any tags that have no Yarn form.</summary>
    public static List<string> ToLines(string content, List<DroppedTag>? dropped)
    {
        var lines = new List<string>();
        if (!LooksLikeHtml(content))
        {
            foreach (var line in YarnText.SplitLines(content))
            {
                var t = line.AsSpan().Trim();
                if (!t.IsEmpty)
                {
                    lines.Add(YarnText.Escape(Sanitize(t.ToString())));
                }
            }

            return lines;
        }

        var current = new StringBuilder();
        var open = new List<char>(); // OpenBold / OpenItalic, outermost first
        void Flush()
        {
            for (var k = open.Count - 1; k >= 0; k--)
            {
                current.Append(open[k] == OpenBold ? CloseBold : CloseItalic);
            }

            AddLine(lines, current.ToString());
            current.Clear();
            foreach (var o in open)
            {
                current.Append(o);
            }
        }

        var i = 0;
        while (i < content.Length)
        {
            var c = content[i];
            if (c is '\n' or '\r')
            {
                Flush();
                i++;
                continue;
            }

            if (c == '&')
            {
                var semi = content.IndexOf(';', i + 1, Math.Min(12, content.Length - i - 1));
                if (semi > i + 1)
                {
                    var entity = content.Substring(i, semi - i + 1);
                    var decoded = WebUtility.HtmlDecode(entity);
                    if (decoded != entity)
                    {
                        current.Append(Sanitize(decoded.Replace('\u00A0', ' ')));
                        i = semi + 1;
                        continue;
                    }
                }

                current.Append(c);
                i++;
                continue;
            }

            if (c == '<' && TryReadTag(content, i, out var end, out var name, out var closing))
            {
                switch (name)
                {
                    case "p" or "br" or "div":
                        Flush();
                        break;
                    case "b" or "strong":
                        Toggle(current, open, OpenBold, closing);
                        break;
                    case "i" or "em":
                        Toggle(current, open, OpenItalic, closing);
                        break;
                    default:
                        dropped?.Add(new DroppedTag(i, end - i, name));
                        break;
                }

                i = end;
                continue;
            }

            current.Append(c is OpenBold or CloseBold or OpenItalic or CloseItalic ? '\uFFFD' : c);
            i++;
        }

        open.Clear();
        Flush();
        return lines;
    }

    /// <summary>
    /// The content for Yarn raw line texts: plain lines joined by newlines, or, when a line has bold or italic
    /// markup, one <c>&lt;p&gt;</c> per line with <c>&lt;b&gt;</c>/<c>&lt;i&gt;</c> and HTML-escaped text.
    /// </summary>
    public static string FromLines(IReadOnlyList<string> rawLines)
    {
        var html = false;
        var decoded = new List<string>(rawLines.Count);
        foreach (var raw in rawLines)
        {
            var d = Decode(raw);
            html |= d.AsSpan().IndexOfAnyInRange(OpenBold, CloseItalic) >= 0;
            decoded.Add(d);
        }

        var b = new StringBuilder();
        for (var k = 0; k < decoded.Count; k++)
        {
            var d = decoded[k];
            if (!html)
            {
                if (k > 0)
                {
                    b.Append('\n');
                }

                b.Append(d);
                continue;
            }

            b.Append("<p>");
            foreach (var c in d)
            {
                b.Append(c switch
                {
                    OpenBold => "<b>",
                    CloseBold => "</b>",
                    OpenItalic => "<i>",
                    CloseItalic => "</i>",
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    _ => null,
                });
                if (c is not (OpenBold or CloseBold or OpenItalic or CloseItalic or '&' or '<' or '>'))
                {
                    b.Append(c);
                }
            }

            b.Append("</p>");
        }

        return b.ToString();
    }

    // Raw Yarn text to plain text with markers for [b] [/b] [i] [/i]; other markup stays as written.
    private static string Decode(string raw)
    {
        var b = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                b.Append(raw[++i]);
                continue;
            }

            if (c == '[')
            {
                var marker = raw.AsSpan(i) switch
                {
                    var s when s.StartsWith("[b]") => (OpenBold, 3),
                    var s when s.StartsWith("[/b]") => (CloseBold, 4),
                    var s when s.StartsWith("[i]") => (OpenItalic, 3),
                    var s when s.StartsWith("[/i]") => (CloseItalic, 4),
                    _ => ('\0', 0),
                };
                if (marker.Item2 > 0)
                {
                    b.Append(marker.Item1);
                    i += marker.Item2 - 1;
                    continue;
                }
            }

            b.Append(c);
        }

        return b.ToString();
    }

    private static void Toggle(StringBuilder current, List<char> open, char opener, bool closing)
    {
        var closer = opener == OpenBold ? CloseBold : CloseItalic;
        if (!closing)
        {
            open.Add(opener);
            current.Append(opener);
            return;
        }

        var at = open.LastIndexOf(opener);
        if (at < 0)
        {
            return;
        }

        // Close everything opened after it, close it, then reopen the others so markup stays nested.
        for (var k = open.Count - 1; k > at; k--)
        {
            current.Append(open[k] == OpenBold ? CloseBold : CloseItalic);
        }

        current.Append(closer);
        open.RemoveAt(at);
        for (var k = at; k < open.Count; k++)
        {
            current.Append(open[k]);
        }
    }

    private static void AddLine(List<string> lines, string text)
    {
        // Drop empty markup pairs and surrounding whitespace; a line with no visible text is no line.
        var t = text.Replace("\uE000\uE001", string.Empty, StringComparison.Ordinal).Replace("\uE002\uE003", string.Empty, StringComparison.Ordinal).Trim();
        var visible = false;
        foreach (var c in t)
        {
            if (c is not (OpenBold or CloseBold or OpenItalic or CloseItalic) && !char.IsWhiteSpace(c))
            {
                visible = true;
                break;
            }
        }

        if (!visible)
        {
            return;
        }

        var b = new StringBuilder(t.Length + 8);
        var colon = false;
        var run = new StringBuilder();
        foreach (var c in t)
        {
            if (c is OpenBold or CloseBold or OpenItalic or CloseItalic)
            {
                YarnText.AppendEscaped(b, run.ToString(), ref colon);
                run.Clear();
                b.Append(c switch { OpenBold => "[b]", CloseBold => "[/b]", OpenItalic => "[i]", _ => "[/i]" });
            }
            else
            {
                run.Append(c);
            }
        }

        YarnText.AppendEscaped(b, run.ToString(), ref colon);
        lines.Add(YarnText.EndLine(b.ToString()));
    }

    private static string Sanitize(string s) =>
        s.AsSpan().IndexOfAnyInRange(OpenBold, CloseItalic) < 0 ? s
            : s.Replace(OpenBold, '\uFFFD').Replace(CloseBold, '\uFFFD').Replace(OpenItalic, '\uFFFD').Replace(CloseItalic, '\uFFFD');

    private static bool LooksLikeHtml(string content)
    {
        var i = content.IndexOf('<');
        while (i >= 0)
        {
            if (TryReadTag(content, i, out _, out var name, out _) && name is "p" or "br" or "b" or "i" or "em" or "strong")
            {
                return true;
            }

            i = content.IndexOf('<', i + 1);
        }

        return false;
    }

    // <name ...>, </name>, <name/>: a letter first, then letters and digits; the tag ends at the next '>' on the same line.
    private static bool TryReadTag(string s, int at, out int end, out string name, out bool closing)
    {
        end = at;
        name = string.Empty;
        closing = false;
        var i = at + 1;
        if (i < s.Length && s[i] == '/')
        {
            closing = true;
            i++;
        }

        var nameStart = i;
        while (i < s.Length && i - nameStart < 20 && char.IsAsciiLetterOrDigit(s[i]))
        {
            i++;
        }

        if (i == nameStart || !char.IsAsciiLetter(s[nameStart]))
        {
            return false;
        }

        var close = -1;
        for (var k = i; k < s.Length && k < i + 2000; k++)
        {
            if (s[k] == '>')
            {
                close = k;
                break;
            }

            if (s[k] is '<' or '\n' or '\r')
            {
                break;
            }
        }

        if (close < 0 || (i < close && !char.IsWhiteSpace(s[i]) && s[i] != '/'))
        {
            return false;
        }

        name = s[nameStart..i].ToLowerInvariant();
        end = close + 1;
        return true;
    }
}

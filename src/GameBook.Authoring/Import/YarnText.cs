using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GameBook.Compilation;

namespace GameBook.Authoring.Import;

/// <summary>Writing Yarn safely: escaped line text, valid unique node names, single-line JSON header values.</summary>
internal static class YarnText
{
    /// <summary>Compact JSON that keeps non-ASCII text readable; control characters and quotes are still escaped.</summary>
    public static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = true };

    public const int MaxNameLength = 48;

    /// <summary>Yarn files cannot hold NUL characters: they are written as the visible symbol for NUL.</summary>
    public const char NulStandIn = '\u2400';

    /// <summary>
    /// Appends <paramref name="text"/> (one line: no line breaks, already trimmed) so Yarn reads it back as exactly
    /// that text: Yarn's special characters are escaped, as is the first colon (it would start a character name).
    /// </summary>
    public static void AppendEscaped(StringBuilder b, ReadOnlySpan<char> text, ref bool colonEscaped)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '{' or '}' or '[' or ']' or '#' or '<' or '>':
                    b.Append('\\').Append(c);
                    break;
                case '/' when (i + 1 < text.Length && text[i + 1] == '/') || (i > 0 && text[i - 1] == '/'):
                    b.Append("\\/");
                    break;
                case '\0':
                    b.Append(NulStandIn);
                    break;
                case ':' when !colonEscaped:
                    colonEscaped = true;
                    b.Append("\\:");
                    break;
                default:
                    b.Append(c);
                    break;
            }
        }
    }

    /// <summary>Escapes one whole line of text (see <see cref="AppendEscaped"/>).</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder(text.Length + 8);
        var colon = false;
        AppendEscaped(b, text, ref colon);
        return EndLine(b.ToString());
    }

    /// <summary>A line whose whole text is <c>===</c> would end the node: escape its first character.</summary>
    public static string EndLine(string escaped) => escaped == "===" ? "\\===" : escaped;

    /// <summary>
    /// Reads Yarn raw line text (escapes as written, markup as written) back to plain text: escapes become their
    /// character. Markup is left as written.
    /// </summary>
    public static string Unescape(string raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            return raw;
        }

        var b = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                b.Append(raw[++i]);
            }
            else
            {
                b.Append(raw[i]);
            }
        }

        return b.ToString();
    }

    /// <summary>A node name made of <paramref name="text"/>'s letters and digits, words joined by underscores; empty when none.</summary>
    public static string NameFrom(string text)
    {
        var b = new StringBuilder(Math.Min(text.Length, MaxNameLength));
        var pendingUnderscore = false;
        foreach (var c in text)
        {
            if (b.Length >= MaxNameLength)
            {
                break;
            }

            if (char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
            {
                if (pendingUnderscore && b.Length > 0)
                {
                    b.Append('_');
                }

                pendingUnderscore = false;
                b.Append(c);
            }
            else if (c != '\'' && c != '\u2019')
            {
                pendingUnderscore = true;
            }
        }

        return b.ToString();
    }

    /// <summary>Returns <paramref name="wanted"/> if free, else <paramref name="wanted"/>_2, _3, ...; records it as taken.</summary>
    public static string Unique(string wanted, HashSet<string> taken)
    {
        if (taken.Add(wanted))
        {
            return wanted;
        }

        for (var n = 2; ; n++)
        {
            var candidate = wanted + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>A JSON string literal on one line (for header values that must keep every character).</summary>
    public static string JsonString(string value)
    {
        using var buffer = new PooledBuffer();
        using (var w = new Utf8JsonWriter(buffer.Writer, CompactJson))
        {
            w.WriteStringValue(value);
        }

        return buffer.ToUtf8String();
    }

    /// <summary>Splits text into lines on <c>\r\n</c>, <c>\n</c> and <c>\r</c>.</summary>
    public static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                yield return text[start..i];
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        yield return text[start..];
    }
}

/// <summary>A growable byte buffer for <see cref="Utf8JsonWriter"/>.</summary>
internal sealed class PooledBuffer : IDisposable
{
    public System.Buffers.ArrayBufferWriter<byte> Writer { get; } = new(256);

    public string ToUtf8String() => Encoding.UTF8.GetString(Writer.WrittenSpan);

    public void Dispose()
    {
    }
}

/// <summary>Turns offsets in a text into 1-based line and column ranges (columns count UTF-16 characters).</summary>
internal sealed class TextPositions
{
    private readonly string _text;
    private readonly List<int> _lineStarts = [0];

    public TextPositions(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public SourceRange Range(int offset, int length)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        var end = Math.Clamp(offset + Math.Max(length, 0), offset, _text.Length);
        var (l1, c1) = At(offset);
        var (l2, c2) = At(end);
        if (l2 < l1 || (l2 == l1 && c2 < c1))
        {
            (l2, c2) = (l1, c1);
        }

        return new SourceRange(l1, c1, l2, c2);
    }

    private (int Line, int Column) At(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - _lineStarts[index] + 1);
    }
}

/// <summary>Turns byte offsets in UTF-8 text into 1-based line and column ranges (columns count characters).</summary>
internal sealed class Utf8Positions
{
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];
    private int _lastLine = -1;
    private int _lastOffset;
    private int _lastColumn;

    public Utf8Positions(byte[] bytes)
    {
        _bytes = bytes;
        var span = bytes.AsSpan();
        var at = 0;
        while (true)
        {
            var next = span[at..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            at += next + 1;
            _lineStarts.Add(at);
        }
    }

    public SourceRange Range(long offset, long length)
    {
        var start = (int)Math.Clamp(offset, 0, _bytes.Length);
        var end = (int)Math.Clamp(offset + Math.Max(length, 0), start, _bytes.Length);
        var (l1, c1) = At(start);
        var (l2, c2) = At(end);
        if (l2 < l1 || (l2 == l1 && c2 < c1))
        {
            (l2, c2) = (l1, c1);
        }

        return new SourceRange(l1, c1, l2, c2);
    }

    /// <summary>The range of one character at a 0-based line and byte position in that line (as <see cref="JsonException"/> reports).</summary>
    public SourceRange AtLineByte(long line, long bytePosition)
    {
        var l = (int)Math.Clamp(line, 0, _lineStarts.Count - 1);
        var offset = _lineStarts[l] + bytePosition;
        return Range(offset, 0);
    }

    private (int Line, int Column) At(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        // Diagnostics mostly come in input order: continue counting from the last position on the same line.
        var from = _lineStarts[index];
        var column = 1;
        if (_lastLine == index && _lastOffset <= offset)
        {
            from = _lastOffset;
            column = _lastColumn;
        }

        column += System.Text.Unicode.Utf8.IsValid(_bytes.AsSpan(from, offset - from))
            ? Encoding.UTF8.GetCharCount(_bytes, from, offset - from)
            : offset - from;
        (_lastLine, _lastOffset, _lastColumn) = (index, offset, column);
        return (index + 1, column);
    }
}

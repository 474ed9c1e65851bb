namespace GameBook.Authoring.Localization;

/// <summary>What a body line is, for localization.</summary>
internal enum ScannedLineKind : byte
{
    Line,
    Option,
    LineGroupItem,
}

/// <summary>
/// One line of text, option or line-group item found in a source file, with the offsets the line tools need.
/// Offsets index the file's text as given (a byte order mark included).
/// </summary>
/// <param name="Kind">Line, option or line-group item.</param>
/// <param name="LineNumber">The 1-based source line.</param>
/// <param name="Node">The title of the node it is in ("" when the node has no title).</param>
/// <param name="NodeOrdinal">The 0-based position of the node in the file.</param>
/// <param name="ContentStart">Where the text starts (after indentation and <c>-&gt;</c>/<c>=&gt;</c>).</param>
/// <param name="ContentEnd">Just past the last character that is not a comment or trailing whitespace: where a tag goes.</param>
/// <param name="LineId">The <c>#line:</c> tag's ID (without <c>line:</c>), or null.</param>
/// <param name="IsShadow">True for a <c>#shadow:</c> line, which reuses another line's ID.</param>
/// <param name="Comment">The trailing <c>//</c> comment's text, trimmed, or null.</param>
/// <param name="IsMalformed">True when an inline expression or condition is not closed: the line is left alone.</param>
/// <param name="Substitutions">The source text of each inline expression <c>{…}</c>, in order (the string table's <c>{0}</c>, <c>{1}</c>…), or null when none.</param>
internal readonly record struct ScannedLine(
    ScannedLineKind Kind, int LineNumber, string Node, int NodeOrdinal, int ContentStart, int ContentEnd,
    string? LineId, bool IsShadow, string? Comment, bool IsMalformed, List<string>? Substitutions);

/// <summary>
/// Finds the lines, options and line-group items of a <c>.yarn</c> file the way GameBook.Core's parser splits a
/// file into nodes and classifies body lines, without compiling it: so the line tools work on stories that call
/// host functions the tool does not know, and run in one linear pass. Line ends may be LF, CRLF or CR.
/// Thread-safe: a static function.
/// </summary>
internal static class YarnLineScanner
{
    public static List<ScannedLine> Scan(string text)
    {
        var result = new List<ScannedLine>();
        var lines = SplitLines(text);
        var count = lines.Count;
        var nodeOrdinal = 0;
        var i = 0;
        while (i < count)
        {
            var content = Trimmed(text, lines[i]);
            if (content.IsEmpty || content.StartsWith("//") || content.StartsWith("#") || content.SequenceEqual("===") || content.SequenceEqual("---"))
            {
                i++;
                continue;
            }

            // Headers up to "---" (the body) or "===" (a node without a body).
            var title = string.Empty;
            var bodyStart = -1;
            for (; i < count; i++)
            {
                var header = Trimmed(text, lines[i]);
                if (header.SequenceEqual("---"))
                {
                    bodyStart = i + 1;
                    break;
                }

                if (header.SequenceEqual("==="))
                {
                    break;
                }

                var colon = header.IndexOf(':');
                if (title.Length == 0 && colon > 0 && header[..colon].TrimEnd().SequenceEqual("title"))
                {
                    title = header[(colon + 1)..].Trim().ToString();
                }
            }

            if (bodyStart < 0)
            {
                i++;
                continue;
            }

            var bodyEnd = bodyStart;
            while (bodyEnd < count && !Trimmed(text, lines[bodyEnd]).SequenceEqual("==="))
            {
                bodyEnd++;
            }

            for (var b = bodyStart; b < bodyEnd; b++)
            {
                if (ScanBodyLine(text, lines[b], b + 1, title, nodeOrdinal) is { } line)
                {
                    result.Add(line);
                }
            }

            nodeOrdinal++;
            i = bodyEnd + 1;
        }

        return result;
    }

    /// <summary>The [start, end) of every line, without its line end; a leading byte order mark is skipped.</summary>
    public static List<(int Start, int End)> SplitLines(string text)
    {
        var lines = new List<(int, int)>(text.Length / 40 + 1);
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var span = text.AsSpan();
        var i = start;
        while (true)
        {
            var next = span[i..].IndexOfAny('\n', '\r');
            if (next < 0)
            {
                lines.Add((start, text.Length));
                return lines;
            }

            var end = i + next;
            lines.Add((start, end));
            i = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
            start = i;
        }
    }

    private static ScannedLine? ScanBodyLine(string t, (int Start, int End) line, int lineNumber, string node, int nodeOrdinal)
    {
        var (p, end) = line;
        while (p < end && (t[p] == ' ' || t[p] == '\t'))
        {
            p++;
        }

        if (p >= end)
        {
            return null;
        }

        var c = t[p];
        var n = p + 1 < end ? t[p + 1] : '\0';
        ScannedLineKind kind;
        if (c == '/' && n == '/')
        {
            return null;
        }
        else if (c == '-' && n == '>')
        {
            kind = ScannedLineKind.Option;
            p += 2;
        }
        else if (c == '=' && n == '>')
        {
            kind = ScannedLineKind.LineGroupItem;
            p += 2;
        }
        else if (c == '<' && n == '<')
        {
            return null;
        }
        else
        {
            kind = ScannedLineKind.Line;
        }

        while (p < end && char.IsWhiteSpace(t[p]))
        {
            p++;
        }

        // The same reading as the compiler's line parser: escapes, {expressions} and <<conditions>> are skipped
        // whole, '#' starts a hashtag, '//' starts the comment.
        var contentStart = p;
        var contentEnd = p;
        string? lineId = null;
        string? comment = null;
        var shadow = false;
        var malformed = false;
        List<string>? substitutions = null;
        var i = p;
        while (i < end)
        {
            c = t[i];
            n = i + 1 < end ? t[i + 1] : '\0';
            if (c == '/' && n == '/')
            {
                comment = t[(i + 2)..end].Trim();
                break;
            }

            if (c == '#')
            {
                var j = i + 1;
                while (j < end && !char.IsWhiteSpace(t[j]) && t[j] != '#' && !(t[j] == '/' && j + 1 < end && t[j + 1] == '/'))
                {
                    j++;
                }

                var tag = t.AsSpan(i + 1, j - i - 1);
                if (tag.StartsWith("line:", StringComparison.Ordinal))
                {
                    lineId ??= tag[5..].ToString();
                }
                else if (tag.StartsWith("shadow:", StringComparison.Ordinal))
                {
                    shadow = true;
                }

                i = contentEnd = j;
                continue;
            }

            if (c == '<' && n == '<')
            {
                var close = FindClose(t, i + 2, end, '>');
                if (close < 0)
                {
                    malformed = true;
                    break;
                }

                i = contentEnd = close + 2;
                continue;
            }

            if (c == '\\')
            {
                // A backslash that ends the line would escape the space before an added tag: leave such lines alone.
                malformed |= i + 1 >= end;
                i = contentEnd = Math.Min(i + 2, end);
                continue;
            }

            if (c == '{')
            {
                var close = FindClose(t, i + 1, end, '}');
                if (close < 0)
                {
                    malformed = true;
                    break;
                }

                (substitutions ??= []).Add(t[(i + 1)..close].Trim());
                i = contentEnd = close + 1;
                continue;
            }

            i++;
            if (!char.IsWhiteSpace(c))
            {
                contentEnd = i;
            }
        }

        return new ScannedLine(kind, lineNumber, node, nodeOrdinal, contentStart, contentEnd, lineId, shadow, comment, malformed, substitutions);
    }

    // The index of "}" (or of the first '>' of ">>"), skipping string literals; -1 when the line has none.
    private static int FindClose(string t, int from, int end, char close)
    {
        for (var i = from; i < end; i++)
        {
            var c = t[i];
            if (c == '"')
            {
                i++;
                while (i < end && t[i] != '"')
                {
                    i += t[i] == '\\' ? 2 : 1;
                }

                if (i >= end)
                {
                    return -1;
                }
            }
            else if (c == close && (close == '}' || (i + 1 < end && t[i + 1] == '>')))
            {
                return i;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<char> Trimmed(string text, (int Start, int End) line) => text.AsSpan(line.Start, line.End - line.Start).Trim();
}

using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>A source file's text with its line starts, so offsets turn into 1-based line/column ranges.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        text = Normalize(text);
        Text = text;
        // Counted first (vectorized), so the line table is allocated once at its exact size.
        var span = text.AsSpan();
        var starts = new int[span.Count('\n') + 1];
        var offset = 0;
        var line = 1;
        while (line < starts.Length)
        {
            offset += span[offset..].IndexOf('\n') + 1;
            starts[line++] = offset;
        }

        _lineStarts = starts;
    }

    public string Path { get; }

    /// <summary>
    /// The text as the parser reads it: without a leading byte order mark (editors do not count it as a column), and
    /// with lone carriage returns (classic Mac line ends) turned into line feeds, which keeps every other offset.
    /// </summary>
    private static string Normalize(string text)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var cr = text.IndexOf('\r', StringComparison.Ordinal);
        if (cr < 0)
        {
            return text;
        }

        char[]? copy = null;
        for (var i = cr; i < text.Length; i++)
        {
            if (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))
            {
                copy ??= text.ToCharArray();
                copy[i] = '\n';
            }
        }

        return copy is null ? text : new string(copy);
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    public int LineStart(int lineIndex) => _lineStarts[lineIndex];

    /// <summary>End of the line's content (before <c>\r\n</c> or <c>\n</c>).</summary>
    public int LineEnd(int lineIndex)
    {
        var end = lineIndex + 1 < _lineStarts.Length ? _lineStarts[lineIndex + 1] - 1 : Text.Length;
        if (end > _lineStarts[lineIndex] && end - 1 < Text.Length && end - 1 >= 0 && Text[end - 1] == '\r' && end <= Text.Length)
        {
            end--;
        }

        return end;
    }

    /// <summary>0-based line index holding <paramref name="offset"/>.</summary>
    public int LineIndexOf(int offset)
    {
        var i = Array.BinarySearch(_lineStarts, offset);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>The 1-based range of [start, end); clamped into the file, with start &lt;= end.</summary>
    public SourceRange Range(int start, int end)
    {
        start = Math.Clamp(start, 0, Text.Length);
        end = Math.Clamp(end, start, Text.Length);
        var sl = LineIndexOf(start);
        var el = LineIndexOf(end);
        return new SourceRange(sl + 1, start - _lineStarts[sl] + 1, el + 1, end - _lineStarts[el] + 1);
    }
}

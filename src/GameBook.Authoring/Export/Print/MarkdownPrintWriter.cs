using System.Globalization;
using System.Text;

namespace GameBook.Authoring.Export.Print;

/// <summary>Renders a <see cref="PrintBook"/> as Markdown (CommonMark with HTML anchors). Stateless.</summary>
internal static class MarkdownPrintWriter
{
    public static string Write(PrintBook book)
    {
        var sb = new StringBuilder(4096 + (book.Sections.Count * 512));
        sb.Append("# ").Append(Escape(book.Title)).Append("\n\n");
        if (book.Author is { Length: > 0 } author)
        {
            sb.Append('*').Append(Escape(author)).Append("*\n\n");
        }

        sb.Append(Inline(book.Phrases.BeginAt(PrintMarks.Link(book.FirstSection)))).Append("\n\n");
        foreach (var section in book.Sections)
        {
            var n = section.Number.ToString(CultureInfo.InvariantCulture);
            sb.Append("---\n\n<a id=\"s").Append(n).Append("\"></a>\n\n## ").Append(n).Append("\n\n");
            var inList = false;
            foreach (var block in section.Blocks)
            {
                var indent = new string(' ', block.Level * 2);
                if (block.Kind == PrintBlockKind.Choice)
                {
                    sb.Append(indent).Append("- ").Append(Inline(block.Text)).Append('\n');
                    inList = true;
                    continue;
                }

                if (inList)
                {
                    sb.Append('\n');
                    inList = false;
                }

                var quote = block.Level > 0 ? string.Concat(Enumerable.Repeat("> ", block.Level)) : "";
                var text = block.Kind switch
                {
                    PrintBlockKind.End => "**" + Inline(block.Text) + "**",
                    PrintBlockKind.Condition => "*" + Inline(block.Text) + "*",
                    _ => Inline(block.Text),
                };
                sb.Append(quote).Append(text).Append("\n\n");
            }

            if (inList)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Story text with Markdown syntax escaped; link marks become <c>[N](#sN)</c>, emphasis marks <c>*...*</c>.</summary>
    private static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case PrintMarks.LinkStart:
                    var end = text.IndexOf(PrintMarks.LinkEnd, i + 1);
                    var n = text[(i + 1)..end];
                    sb.Append('[').Append(n).Append("](#s").Append(n).Append(')');
                    i = end;
                    break;
                case PrintMarks.EmphasisStart or PrintMarks.EmphasisEnd:
                    sb.Append('*');
                    break;
                default:
                    if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '~')
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                    break;
            }
        }

        // A paragraph that starts like a list item or a heading must not become one.
        if (sb.Length > 0 && sb[0] is '-' or '+' or '=')
        {
            sb.Insert(0, '\\');
        }

        var digits = 0;
        while (digits < sb.Length && char.IsAsciiDigit(sb[digits]))
        {
            digits++;
        }

        if (digits > 0 && digits < sb.Length && sb[digits] is '.' or ')')
        {
            sb.Insert(digits, '\\');
        }

        return sb.ToString();
    }

    private static string Escape(string text) => Inline(PrintMarks.Clean(text));
}

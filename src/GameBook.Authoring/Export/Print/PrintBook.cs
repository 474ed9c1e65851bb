using System.Text;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Print;

/// <summary>What a block of a printed section is.</summary>
internal enum PrintBlockKind
{
    /// <summary>Story text or instructions.</summary>
    Paragraph,

    /// <summary>One of the reader's choices.</summary>
    Choice,

    /// <summary>"If ...:" or "Otherwise:" heading the indented blocks after it.</summary>
    Condition,

    /// <summary>"The End".</summary>
    End,
}

/// <summary>
/// One block of a printed section. <see cref="Text"/> carries inline marks the writers turn into their own markup:
/// <see cref="PrintMarks.LinkStart"/>digits<see cref="PrintMarks.LinkEnd"/> is a section number to link, and
/// <see cref="PrintMarks.EmphasisStart"/>...<see cref="PrintMarks.EmphasisEnd"/> is emphasized (an option's text, story syntax).
/// </summary>
internal sealed record PrintBlock(PrintBlockKind Kind, int Level, string Text);

/// <summary>A numbered section and its blocks.</summary>
internal sealed record PrintSection(int Number, OutlineNode Node, List<PrintBlock> Blocks);

/// <summary>The composed book every writer renders: title page facts and sections by number.</summary>
internal sealed record PrintBook(string Title, string? Author, int FirstSection, List<PrintSection> Sections, PrintPhrases Phrases);

/// <summary>The inline marks in <see cref="PrintBlock.Text"/> (control characters removed from story text beforehand).</summary>
internal static class PrintMarks
{
    public const char LinkStart = '\u0001';
    public const char LinkEnd = '\u0002';
    public const char EmphasisStart = '\u0003';
    public const char EmphasisEnd = '\u0004';

    public static string Link(int section) => LinkStart + section.ToString(System.Globalization.CultureInfo.InvariantCulture) + LinkEnd;

    public static string Emphasis(string text) => EmphasisStart + text + EmphasisEnd;

    /// <summary>Story text without control characters (so it cannot forge marks), tabs and line ends as spaces.</summary>
    public static string Clean(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r')
            {
                sb.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The text as the reader sees it, marks removed.</summary>
    public static string Plain(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is not (LinkStart or LinkEnd or EmphasisStart or EmphasisEnd))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

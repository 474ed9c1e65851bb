using System.Globalization;
using System.Net;
using System.Text;

namespace GameBook.Authoring.Export.Print;

/// <summary>Renders a <see cref="PrintBook"/> as one self-contained HTML page with a print stylesheet. Stateless.</summary>
internal static class HtmlPrintWriter
{
    public static string Write(PrintBook book, PrintOptions options)
    {
        var sb = new StringBuilder(8192 + (book.Sections.Count * 640));
        var lang = book.Phrases.Culture.TwoLetterISOLanguageName;
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(WebUtility.HtmlEncode(lang)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(book.Title)).Append("</title>\n<style>\n");
        sb.Append(Stylesheet(options));
        sb.Append("</style>\n</head>\n<body>\n");
        sb.Append("<header class=\"title-page\">\n<h1>").Append(WebUtility.HtmlEncode(book.Title)).Append("</h1>\n");
        if (book.Author is { Length: > 0 } author)
        {
            sb.Append("<p class=\"author\">").Append(WebUtility.HtmlEncode(author)).Append("</p>\n");
        }

        sb.Append("<p class=\"begin\">").Append(Inline(book.Phrases.BeginAt(PrintMarks.Link(book.FirstSection)))).Append("</p>\n</header>\n<main>\n");
        foreach (var section in book.Sections)
        {
            var n = section.Number.ToString(CultureInfo.InvariantCulture);
            sb.Append("<section id=\"s").Append(n).Append("\">\n<h2>").Append(n).Append("</h2>\n");
            var inList = false;
            foreach (var block in section.Blocks)
            {
                if (block.Kind == PrintBlockKind.Choice)
                {
                    if (!inList)
                    {
                        sb.Append("<ul class=\"choices\">\n");
                        inList = true;
                    }

                    sb.Append("<li").Append(Level(block.Level)).Append('>').Append(Inline(block.Text)).Append("</li>\n");
                    continue;
                }

                if (inList)
                {
                    sb.Append("</ul>\n");
                    inList = false;
                }

                var cls = block.Kind switch
                {
                    PrintBlockKind.End => "end",
                    PrintBlockKind.Condition => "if",
                    _ => null,
                };
                sb.Append("<p");
                if (cls is not null || block.Level > 0)
                {
                    sb.Append(" class=\"").Append(cls ?? "").Append(cls is not null && block.Level > 0 ? " " : "")
                        .Append(block.Level > 0 ? "l" + Math.Min(block.Level, 6).ToString(CultureInfo.InvariantCulture) : "").Append('"');
                }

                sb.Append('>').Append(Inline(block.Text)).Append("</p>\n");
            }

            if (inList)
            {
                sb.Append("</ul>\n");
            }

            sb.Append("</section>\n");
        }

        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Level(int level) => level > 0 ? " class=\"l" + Math.Min(level, 6).ToString(CultureInfo.InvariantCulture) + "\"" : "";

    private static string Stylesheet(PrintOptions options)
    {
        var page = options.PageSize == PrintPageSize.Letter ? "size: letter; margin: 0.75in 0.8in;" : "size: A5; margin: 16mm 14mm;";
        var sb = new StringBuilder();
        sb.Append("body { font-family: Georgia, \"DejaVu Serif\", \"Liberation Serif\", serif; line-height: 1.45; color: #111; margin: 0 auto; max-width: 36em; padding: 1em; }\n");
        sb.Append(".title-page { text-align: center; padding: 6em 0 4em; }\n");
        sb.Append(".title-page h1 { font-size: 2.2em; margin-bottom: 0.3em; }\n");
        sb.Append(".author { font-style: italic; }\n");
        sb.Append(".begin { margin-top: 4em; }\n");
        sb.Append("section { border-top: 1px solid #ccc; padding-top: 0.6em; margin-top: 1.2em; }\n");
        sb.Append("h2 { text-align: center; font-size: 1.4em; margin: 0.2em 0 0.6em; }\n");
        sb.Append("ul.choices { list-style: none; padding-left: 0; }\n");
        sb.Append("ul.choices li { margin: 0.35em 0; padding-left: 1.2em; text-indent: -1.2em; }\n");
        sb.Append("ul.choices li::before { content: \"\\25B8\\00A0\"; }\n");
        sb.Append(".if { font-style: italic; }\n");
        sb.Append(".end { text-align: center; font-weight: bold; font-variant: small-caps; letter-spacing: 0.1em; margin-top: 1.2em; }\n");
        for (var i = 1; i <= 6; i++)
        {
            sb.Append(".l").Append(i).Append(" { margin-left: ").Append((i * 1.5).ToString("0.0", CultureInfo.InvariantCulture)).Append("em; }\n");
        }

        sb.Append("a { color: inherit; font-weight: bold; }\n");
        sb.Append("@page { ").Append(page).Append(" }\n");
        sb.Append("@media print {\n");
        sb.Append("  body { max-width: none; padding: 0; font-size: 10.5pt; }\n");
        sb.Append("  a { text-decoration: none; }\n");
        sb.Append("  .title-page { break-after: page; }\n");
        sb.Append("  section { border-top: none; break-inside: avoid-page; }\n");
        sb.Append("  h2 { break-after: avoid-page; }\n");
        if (options.PageBreakBetweenSections)
        {
            sb.Append("  section + section { break-before: page; }\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>HTML-encoded text; link marks become anchors, emphasis marks <c>&lt;em&gt;</c>.</summary>
    private static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length + 32);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not (PrintMarks.LinkStart or PrintMarks.EmphasisStart or PrintMarks.EmphasisEnd))
            {
                continue;
            }

            sb.Append(WebUtility.HtmlEncode(text[start..i]));
            if (c == PrintMarks.LinkStart)
            {
                var end = text.IndexOf(PrintMarks.LinkEnd, i + 1);
                var n = text[(i + 1)..end];
                sb.Append("<a href=\"#s").Append(n).Append("\">").Append(n).Append("</a>");
                i = end;
            }
            else
            {
                sb.Append(c == PrintMarks.EmphasisStart ? "<em>" : "</em>");
            }

            start = i + 1;
        }

        sb.Append(WebUtility.HtmlEncode(text[start..]));
        return sb.ToString();
    }
}

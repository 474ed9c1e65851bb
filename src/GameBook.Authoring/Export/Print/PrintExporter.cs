using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Exports a story as a printed gamebook: numbered sections (the <c>section:</c> header, or assigned; optionally
/// shuffled with section 1 first and headed sections pinned, reproducible by seed, stable across re-runs through a
/// number map), every option as a "turn to N" instruction, conditions and effects in words, in the language of
/// <see cref="PrintOptions.Phrases"/>. As Markdown, a self-contained HTML page (linked sections, print stylesheet for
/// A5 or Letter) or a PDF (title page, running section numbers). Each format is one call. Never throws for odd story
/// content; a missing font is <see cref="PrintExportResult.Error"/>. Thread-safe: exports share no state.
/// </summary>
public static class PrintExporter
{
    /// <summary>The book as Markdown: a title block, then one <c>##</c> heading per section with an anchor <c>s{N}</c>, choices as list items linking to their sections.</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Numbering, language, title; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The Markdown in <see cref="PrintExportResult.Text"/>, and the numbers used.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static PrintExportResult ExportMarkdown(Story story, PrintOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (book, numbers, warnings) = Compose(story, options ??= new PrintOptions(), cancellationToken);
        return new PrintExportResult(MarkdownPrintWriter.Write(book), default, numbers, warnings, null);
    }

    /// <summary>The book as one self-contained HTML page: no external files, sections linked by anchors, a print stylesheet for the page size, optional page breaks between sections.</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Numbering, language, title, page size; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The HTML in <see cref="PrintExportResult.Text"/>, and the numbers used.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static PrintExportResult ExportHtml(Story story, PrintOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (book, numbers, warnings) = Compose(story, options ??= new PrintOptions(), cancellationToken);
        return new PrintExportResult(HtmlPrintWriter.Write(book, options), default, numbers, warnings, null);
    }

    /// <summary>
    /// The book as a PDF: A5 or Letter, a title page, each page headed with the section numbers on it, in
    /// <see cref="PrintOptions.FontFile"/> or a serif font found on the system, embedded as a subset (only the glyphs
    /// printed). When no font can be found or read, <see cref="PrintExportResult.Error"/> says so and what to install
    /// or set. A character the font has no glyph for prints as '?' and is named in <see cref="PrintExportResult.Warnings"/>.
    /// </summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Numbering, language, title, page size, font; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The PDF in <see cref="PrintExportResult.Bytes"/>, and the numbers used; or an error.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static PrintExportResult ExportPdf(Story story, PrintOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (book, numbers, warnings) = Compose(story, options ??= new PrintOptions(), cancellationToken);
        var fonts = PdfFonts.Find(options);
        if (fonts.Error is { } error)
        {
            return new PrintExportResult(null, default, numbers, warnings, error);
        }

        var (bytes, writeError, missing) = PdfPrintWriter.Write(book, options, fonts, cancellationToken);
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(20).Select(c => "U+" + c.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
                + (c is < 0xD800 or > 0xDFFF ? " '" + char.ConvertFromUtf32(c) + "'" : "")));
            warnings = warnings.Add($"The PDF font has no glyph for {missing.Count} character(s), printed as '?': {listed}{(missing.Count > 20 ? ", ..." : "")}. Set PrintOptions.FontFile to a font that has them.");
        }

        return new PrintExportResult(null, bytes, numbers, warnings, writeError);
    }

    private static (PrintBook Book, SectionNumbers Numbers, System.Collections.Immutable.ImmutableArray<string> Warnings) Compose(Story story, PrintOptions options, CancellationToken cancellationToken)
    {
        var context = ExportContext.Create(story, nameof(story));
        options.Validate();
        var (numbers, warnings) = SectionNumbering.Assign(context, options);
        var sections = new PrintComposer(context, options.Phrases, numbers).Compose(cancellationToken);
        var title = options.Title;
        if (string.IsNullOrWhiteSpace(title))
        {
            title = context.Outline.Nodes.IsEmpty ? "" : Path.GetFileNameWithoutExtension(context.Outline.Nodes[0].File);
            title = string.IsNullOrWhiteSpace(title) ? "Gamebook" : title;
        }

        var first = sections.Count == 0 ? 1 : sections[0].Number;
        return (new PrintBook(PrintMarks.Clean(title), options.Author is null ? null : PrintMarks.Clean(options.Author), first, sections, options.Phrases), numbers, warnings);
    }
}

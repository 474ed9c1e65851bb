using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Lays a <see cref="PrintBook"/> out on PDF pages with PDFsharp: a title page, then sections with centred bold
/// numbers, each page headed with the numbers of the sections on it (as gamebooks print them) and footed with its page
/// number. Words wrap at the margins; a section heading never sits alone at the foot of a page. One writer per export.
/// </summary>
internal sealed class PdfPrintWriter : IDisposable
{
    private const double LineSpacing = 1.38;
    private const double IndentStep = 14;
    private readonly PrintBook _book;
    private readonly PrintOptions _options;
    private readonly PdfDocument _document = new();
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _italic;
    private readonly XFont _heading;
    private readonly XFont _small;
    private readonly Dictionary<(string Word, TextStyle Style), double> _widths = [];
    private readonly double _lineHeight;
    private XGraphics? _graphics;
    private PdfPage? _page;
    private double _y;
    private double _width;
    private double _height;
    private double _margin;
    private int? _current;
    private int? _pageFirst;
    private int? _pageLast;
    private bool _pageHasSection;

    private PdfPrintWriter(PrintBook book, PrintOptions options, PdfFonts fonts)
    {
        _book = book;
        _options = options;
        var size = options.FontSize;
        _regular = new XFont(fonts.Family, size, XFontStyleEx.Regular);
        _bold = new XFont(fonts.Family, size, XFontStyleEx.Bold);
        _italic = new XFont(fonts.Family, size, XFontStyleEx.Italic);
        _heading = new XFont(fonts.Family, size * 1.5, XFontStyleEx.Bold);
        _small = new XFont(fonts.Family, size * 0.85, XFontStyleEx.Regular);
        _lineHeight = size * LineSpacing;
    }

    private enum TextStyle : byte
    {
        Regular,
        Bold,
        Italic,
    }

    private readonly record struct Word(string Text, TextStyle Style, bool SpaceBefore);

    public static (ReadOnlyMemory<byte> Bytes, string? Error) Write(PrintBook book, PrintOptions options, PdfFonts fonts, CancellationToken cancellationToken)
    {
#pragma warning disable CA1031 // PDFsharp reports font and layout problems with assorted exception types; each becomes the result's error, never a crash.
        try
        {
            using var writer = new PdfPrintWriter(book, options, fonts);
            return (writer.Run(cancellationToken), null);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (default, $"The PDF could not be written ({ex.GetType().Name}: {ex.Message}): if it names the font, set PrintOptions.FontFile to another .ttf file.");
        }
#pragma warning restore CA1031
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private byte[] Run(CancellationToken cancellationToken)
    {
        _document.Info.Title = _book.Title;
        if (_book.Author is { } author)
        {
            _document.Info.Author = author;
        }

        _document.Info.Creator = "GameBook Studio";
        TitlePage();
        NewPage();
        foreach (var section in _book.Sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Section(section);
        }

        FinishPage();
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    private void TitlePage()
    {
        NewPage();
        var titleFont = new XFont(_regular.FontFamily.Name, _options.FontSize * 2.1, XFontStyleEx.Bold);
        _y = _height * 0.3;
        foreach (var line in Wrap(Words(_book.Title, TextStyle.Bold), _width, titleFont))
        {
            DrawLine(line, _margin, titleFont, center: true, lineHeight: titleFont.Size * 1.3);
        }

        if (_book.Author is { Length: > 0 } author)
        {
            _y += _lineHeight;
            foreach (var line in Wrap(Words(author, TextStyle.Italic), _width, _italic))
            {
                DrawLine(line, _margin, _italic, center: true, lineHeight: _lineHeight);
            }
        }

        _y = _height * 0.75;
        foreach (var line in Wrap(Words(_book.Phrases.BeginAt(PrintMarks.Link(_book.FirstSection)), TextStyle.Regular), _width, _regular))
        {
            DrawLine(line, _margin, _regular, center: true, lineHeight: _lineHeight);
        }
    }

    private void Section(PrintSection section)
    {
        var needed = (_heading.Size * 1.6) + (_lineHeight * 3);
        if ((_options.PageBreakBetweenSections && _pageHasSection) || _y + needed > Bottom)
        {
            _current = null;
            NewPage();
        }
        else if (_pageHasSection)
        {
            _y += _lineHeight * 0.8;
        }

        _current = section.Number;
        _pageFirst ??= section.Number;
        _pageLast = section.Number;
        _pageHasSection = true;
        var number = section.Number.ToString(CultureInfo.InvariantCulture);
        DrawLine([new Word(number, TextStyle.Bold, false)], _margin, _heading, center: true, lineHeight: _heading.Size * 1.6);
        foreach (var block in section.Blocks)
        {
            Block(block);
        }
    }

    private void Block(PrintBlock block)
    {
        var indent = Math.Min(block.Level, 6) * IndentStep;
        var style = block.Kind switch
        {
            PrintBlockKind.Condition => TextStyle.Italic,
            PrintBlockKind.End => TextStyle.Bold,
            _ => TextStyle.Regular,
        };
        var words = Words(block.Text, style);
        if (block.Kind == PrintBlockKind.End)
        {
            _y += _lineHeight * 0.4;
            foreach (var line in Wrap(words, _width, _bold))
            {
                DrawLine(line, _margin, _bold, center: true, lineHeight: _lineHeight);
            }
        }
        else if (block.Kind == PrintBlockKind.Choice)
        {
            var textIndent = indent + IndentStep;
            var first = true;
            foreach (var line in Wrap(words, _width - textIndent, _regular))
            {
                if (first)
                {
                    EnsureRoom(_lineHeight);
                    _graphics!.DrawString("•", _regular, XBrushes.Black, _margin + indent + 2, _y + _options.FontSize);
                    first = false;
                }

                DrawLine(line, _margin + textIndent, _regular, center: false, lineHeight: _lineHeight);
            }
        }
        else
        {
            foreach (var line in Wrap(words, _width - indent, _regular))
            {
                DrawLine(line, _margin + indent, _regular, center: false, lineHeight: _lineHeight);
            }
        }

        _y += _lineHeight * 0.35;
    }

    private double Bottom => _height - _margin - (_options.FontSize * 1.5);

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void DrawLine(List<Word> line, double left, XFont baseFont, bool center, double lineHeight)
    {
        EnsureRoom(lineHeight);
        var x = left;
        if (center)
        {
            x = _margin + ((_width - LineWidth(line, baseFont)) / 2);
        }

        var baseline = _y + (baseFont.Size * 1.0);

        // Words of one style are drawn as one string: far fewer PDF text operations than a word at a time.
        var segment = new System.Text.StringBuilder();
        var segmentX = x;
        var segmentStyle = TextStyle.Regular;
        var first = true;
        foreach (var word in line)
        {
            if (segment.Length > 0 && word.Style != segmentStyle)
            {
                Draw();
            }

            if (word.SpaceBefore && !first)
            {
                if (segment.Length > 0)
                {
                    segment.Append(' ');
                }

                x += Measure(" ", TextStyle.Regular, baseFont);
            }

            if (segment.Length == 0)
            {
                segmentX = x;
                segmentStyle = word.Style;
            }

            segment.Append(word.Text);
            x += Measure(word.Text, word.Style, baseFont);
            first = false;
        }

        Draw();
        _y += lineHeight;

        void Draw()
        {
            if (segment.Length > 0)
            {
                _graphics!.DrawString(segment.ToString(), FontFor(segmentStyle, baseFont), XBrushes.Black, segmentX, baseline);
                segment.Clear();
            }
        }
    }

    private double LineWidth(List<Word> line, XFont baseFont)
    {
        var w = 0.0;
        for (var i = 0; i < line.Count; i++)
        {
            if (i > 0 && line[i].SpaceBefore)
            {
                w += Measure(" ", TextStyle.Regular, baseFont);
            }

            w += Measure(line[i].Text, line[i].Style, baseFont);
        }

        return w;
    }

    /// <summary>Splits words into lines no wider than <paramref name="width"/>; a word wider than a line is cut.</summary>
    private List<List<Word>> Wrap(List<Word> words, double width, XFont baseFont)
    {
        var lines = new List<List<Word>>();
        var line = new List<Word>();
        var x = 0.0;
        var space = Measure(" ", TextStyle.Regular, baseFont);
        foreach (var original in words)
        {
            var word = original;
            while (true)
            {
                var w = Measure(word.Text, word.Style, baseFont);
                var gap = line.Count > 0 && word.SpaceBefore ? space : 0;
                if (x + gap + w <= width || (line.Count == 0 && w <= width))
                {
                    line.Add(word);
                    x += gap + w;
                    break;
                }

                if (line.Count > 0)
                {
                    lines.Add(line);
                    line = [];
                    x = 0;
                    continue;
                }

                // A single word wider than the line: cut it where it fits (at least one character).
                var cut = Math.Max(1, FitLength(word.Text, word.Style, baseFont, width));
                if (cut < word.Text.Length && char.IsHighSurrogate(word.Text[cut - 1]) && cut > 1)
                {
                    cut--;
                }

                lines.Add([word with { Text = word.Text[..cut] }]);
                if (cut >= word.Text.Length)
                {
                    break;
                }

                word = new Word(word.Text[cut..], word.Style, false);
            }
        }

        if (line.Count > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private int FitLength(string text, TextStyle style, XFont baseFont, double width)
    {
        int lo = 1, hi = text.Length, best = 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Measure(text[..mid], style, baseFont) <= width)
            {
                best = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return best;
    }

    private double Measure(string text, TextStyle style, XFont baseFont)
    {
        if (!ReferenceEquals(baseFont, _regular))
        {
            return _graphics!.MeasureString(text, FontFor(style, baseFont)).Width;
        }

        if (!_widths.TryGetValue((text, style), out var w))
        {
            w = _graphics!.MeasureString(text, FontFor(style, baseFont)).Width;
            if (text.Length <= 64)
            {
                _widths[(text, style)] = w;
            }
        }

        return w;
    }

    private XFont FontFor(TextStyle style, XFont baseFont)
    {
        if (!ReferenceEquals(baseFont, _regular))
        {
            return baseFont;
        }

        return style switch
        {
            TextStyle.Bold => _bold,
            TextStyle.Italic => _italic,
            _ => _regular,
        };
    }

    /// <summary>The block's words with their styles: link marks bold, emphasis italic.</summary>
    private static List<Word> Words(string text, TextStyle baseStyle)
    {
        var words = new List<Word>();
        var style = baseStyle;
        var current = new System.Text.StringBuilder();
        var spaceBefore = false;
        var pendingSpace = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case PrintMarks.LinkStart:
                    Flush();
                    style = TextStyle.Bold;
                    break;
                case PrintMarks.EmphasisStart:
                    Flush();
                    style = baseStyle == TextStyle.Bold ? TextStyle.Bold : TextStyle.Italic;
                    break;
                case PrintMarks.LinkEnd:
                case PrintMarks.EmphasisEnd:
                    Flush();
                    style = baseStyle;
                    break;
                default:
                    if (char.IsWhiteSpace(c))
                    {
                        Flush();
                        pendingSpace = true;
                    }
                    else
                    {
                        if (current.Length == 0)
                        {
                            spaceBefore = pendingSpace;
                            pendingSpace = false;
                        }

                        current.Append(c);
                    }

                    break;
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(new Word(current.ToString(), style, spaceBefore));
                current.Clear();
            }
        }
    }

    private void NewPage()
    {
        FinishPage();
        _page = _document.AddPage();
        _page.Size = _options.PageSize == PrintPageSize.Letter ? PdfSharp.PageSize.Letter : PdfSharp.PageSize.A5;
        _width = _page.Width.Point;
        _height = _page.Height.Point;
        _margin = _options.PageSize == PrintPageSize.Letter ? 54 : 40;
        _width -= 2 * _margin;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = _margin + (_options.FontSize * 1.8);
        _pageFirst = _current;
        _pageLast = _current;
        _pageHasSection = false;
    }

    private void FinishPage()
    {
        if (_graphics is null)
        {
            return;
        }

        var pageNumber = _document.PageCount;
        if (pageNumber > 1)
        {
            if (_pageFirst is { } first)
            {
                var last = _pageLast ?? first;
                var header = first == last
                    ? first.ToString(CultureInfo.InvariantCulture)
                    : first.ToString(CultureInfo.InvariantCulture) + "–" + last.ToString(CultureInfo.InvariantCulture);
                var w = _graphics.MeasureString(header, _bold).Width;
                _graphics.DrawString(header, _bold, XBrushes.Black, _margin + _width - w, _margin);
                _graphics.DrawLine(XPens.Gray, _margin, _margin + 4, _margin + _width, _margin + 4);
            }

            var footer = pageNumber.ToString(CultureInfo.InvariantCulture);
            var fw = _graphics.MeasureString(footer, _small).Width;
            _graphics.DrawString(footer, _small, XBrushes.Gray, _margin + ((_width - fw) / 2), _height - (_margin / 2));
        }

        _graphics.Dispose();
        _graphics = null;
    }
}

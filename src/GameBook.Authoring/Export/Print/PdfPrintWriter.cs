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
    private readonly Dictionary<(string Word, XFont Font), double> _widths = [];
    private readonly Dictionary<XFont, double> _spaces = [];

    // Reused for every block: its words, and its lines as ranges of those words (a block allocates only its words' strings).
    private readonly List<Word> _words = [];
    private readonly List<(int Start, int End)> _lines = [];
    private readonly System.Text.StringBuilder _segment = new();
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
        DrawParagraph(_book.Title, TextStyle.Bold, _width, _margin, titleFont, center: true, titleFont.Size * 1.3);
        if (_book.Author is { Length: > 0 } author)
        {
            _y += _lineHeight;
            DrawParagraph(author, TextStyle.Italic, _width, _margin, _italic, center: true, _lineHeight);
        }

        _y = _height * 0.75;
        DrawParagraph(_book.Phrases.BeginAt(PrintMarks.Link(_book.FirstSection)), TextStyle.Regular, _width, _margin, _regular, center: true, _lineHeight);
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
        _words.Clear();
        _words.Add(new Word(section.Number.ToString(CultureInfo.InvariantCulture), TextStyle.Bold, false));
        DrawLine(0, 1, _margin, _heading, center: true, lineHeight: _heading.Size * 1.6);
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
        if (block.Kind == PrintBlockKind.End)
        {
            _y += _lineHeight * 0.4;
            DrawParagraph(block.Text, style, _width, _margin, _bold, center: true, _lineHeight);
        }
        else if (block.Kind == PrintBlockKind.Choice)
        {
            var textIndent = indent + IndentStep;
            Words(block.Text, style);
            Wrap(_width - textIndent, _regular);
            for (var i = 0; i < _lines.Count; i++)
            {
                if (i == 0)
                {
                    EnsureRoom(_lineHeight);
                    _graphics!.DrawString("•", _regular, XBrushes.Black, _margin + indent + 2, _y + _options.FontSize);
                }

                DrawLine(_lines[i].Start, _lines[i].End, _margin + textIndent, _regular, center: false, lineHeight: _lineHeight);
            }
        }
        else
        {
            DrawParagraph(block.Text, style, _width - indent, _margin + indent, _regular, center: false, _lineHeight);
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

    /// <summary>Splits marked-up text into words, wraps them to <paramref name="width"/> and draws the lines.</summary>
    private void DrawParagraph(string text, TextStyle style, double width, double left, XFont baseFont, bool center, double lineHeight)
    {
        Words(text, style);
        Wrap(width, baseFont);
        foreach (var (start, end) in _lines)
        {
            DrawLine(start, end, left, baseFont, center, lineHeight);
        }
    }

    /// <summary>Draws words <c>[start, end)</c> of <see cref="_words"/> as one line; words of one style go out as one string.</summary>
    private void DrawLine(int start, int end, double left, XFont baseFont, bool center, double lineHeight)
    {
        EnsureRoom(lineHeight);
        var x = left;
        if (center)
        {
            x = _margin + ((_width - LineWidth(start, end, baseFont)) / 2);
        }

        var baseline = _y + (baseFont.Size * 1.0);
        var space = Space(baseFont);
        var segment = _segment.Clear();
        var segmentX = x;
        var segmentStyle = TextStyle.Regular;
        for (var i = start; i < end; i++)
        {
            var word = _words[i];
            if (segment.Length > 0 && word.Style != segmentStyle)
            {
                Draw(segment, segmentStyle, baseFont, segmentX, baseline);
            }

            if (word.SpaceBefore && i > start)
            {
                if (segment.Length > 0)
                {
                    segment.Append(' ');
                }

                x += space;
            }

            if (segment.Length == 0)
            {
                segmentX = x;
                segmentStyle = word.Style;
            }

            segment.Append(word.Text);
            x += Measure(word.Text, word.Style, baseFont);
        }

        Draw(segment, segmentStyle, baseFont, segmentX, baseline);
        _y += lineHeight;
    }

    private void Draw(System.Text.StringBuilder segment, TextStyle style, XFont baseFont, double x, double baseline)
    {
        if (segment.Length > 0)
        {
            _graphics!.DrawString(segment.ToString(), FontFor(style, baseFont), XBrushes.Black, x, baseline);
            segment.Clear();
        }
    }

    private double LineWidth(int start, int end, XFont baseFont)
    {
        var w = 0.0;
        for (var i = start; i < end; i++)
        {
            if (i > start && _words[i].SpaceBefore)
            {
                w += Space(baseFont);
            }

            w += Measure(_words[i].Text, _words[i].Style, baseFont);
        }

        return w;
    }

    /// <summary>
    /// Breaks <see cref="_words"/> into <see cref="_lines"/> no wider than <paramref name="width"/>; a word wider than a
    /// line is cut (its pieces replace it in the word list).
    /// </summary>
    private void Wrap(double width, XFont baseFont)
    {
        _lines.Clear();
        var start = 0;
        var x = 0.0;
        var space = Space(baseFont);
        for (var i = 0; i < _words.Count; i++)
        {
            var word = _words[i];
            var w = Measure(word.Text, word.Style, baseFont);
            var gap = i > start && word.SpaceBefore ? space : 0;
            if (x + gap + w <= width || (i == start && w <= width))
            {
                x += gap + w;
                continue;
            }

            if (i > start)
            {
                _lines.Add((start, i));
                start = i;
                x = 0;
                i--; // this word again, first on the new line
                continue;
            }

            // A single word wider than the line: cut it where it fits (at least one character), the rest goes on.
            var cut = Math.Max(1, FitLength(word.Text, word.Style, baseFont, width));
            if (cut < word.Text.Length && char.IsHighSurrogate(word.Text[cut - 1]) && cut > 1)
            {
                cut--;
            }

            _words[i] = word with { Text = word.Text[..cut] };
            if (cut < word.Text.Length)
            {
                _words.Insert(i + 1, new Word(word.Text[cut..], word.Style, false));
            }

            _lines.Add((i, i + 1));
            start = i + 1;
            x = 0;
        }

        if (start < _words.Count)
        {
            _lines.Add((start, _words.Count));
        }
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

    private double Space(XFont baseFont)
    {
        if (!_spaces.TryGetValue(baseFont, out var w))
        {
            w = _graphics!.MeasureString(" ", baseFont).Width;
            _spaces[baseFont] = w;
        }

        return w;
    }

    private double Measure(string text, TextStyle style, XFont baseFont)
    {
        var font = FontFor(style, baseFont);
        if (!_widths.TryGetValue((text, font), out var w))
        {
            w = _graphics!.MeasureString(text, font).Width;
            if (text.Length <= 64)
            {
                _widths[(text, font)] = w;
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

    /// <summary>Fills <see cref="_words"/> with the text's words and their styles: link marks bold, emphasis italic.</summary>
    private void Words(string text, TextStyle baseStyle)
    {
        _words.Clear();
        var style = baseStyle;
        var start = -1;
        var spaceBefore = false;
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case PrintMarks.LinkStart:
                    Flush(i);
                    style = TextStyle.Bold;
                    break;
                case PrintMarks.EmphasisStart:
                    Flush(i);
                    style = baseStyle == TextStyle.Bold ? TextStyle.Bold : TextStyle.Italic;
                    break;
                case PrintMarks.LinkEnd:
                case PrintMarks.EmphasisEnd:
                    Flush(i);
                    style = baseStyle;
                    break;
                default:
                    if (char.IsWhiteSpace(c))
                    {
                        Flush(i);
                        pendingSpace = true;
                    }
                    else if (start < 0)
                    {
                        start = i;
                        spaceBefore = pendingSpace;
                        pendingSpace = false;
                    }

                    break;
            }
        }

        Flush(text.Length);

        void Flush(int end)
        {
            if (start >= 0)
            {
                _words.Add(new Word(text[start..end], style, spaceBefore));
                start = -1;
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

using System.Globalization;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Lays a <see cref="PrintBook"/> out on PDF pages: a title page, then sections with centred bold numbers, each page
/// headed with the numbers of the sections on it (as gamebooks print them) and footed with its page number. Words wrap
/// at the margins; a section heading never sits alone at the foot of a page. Widths come from the font's own advance
/// widths and the page text is written as PDF text operators with glyph ids (<see cref="PdfDocumentWriter"/> embeds
/// the subset fonts). A character the font has no glyph for prints as its question mark and is named in a warning.
/// One writer per export.
/// </summary>
internal sealed class PdfPrintWriter
{
    private const double LineSpacing = 1.38;
    private const double IndentStep = 14;

    /// <summary>The slant of simulated italics (tan of about 11 degrees, the angle of DejaVu Serif Italic).</summary>
    private const double ItalicSkew = 0.2;
    private readonly PrintBook _book;
    private readonly PrintOptions _options;
    private readonly PdfDocumentWriter _document = new();
    private readonly PdfFace _regularFace;
    private readonly PdfFace _boldFace;
    private readonly int _resources;
    private readonly PdfFont _regular;
    private readonly PdfFont _bold;
    private readonly PdfFont _italic;
    private readonly PdfFont _heading;
    private readonly PdfFont _small;
    private readonly PdfFont _title;
    private readonly SortedSet<int> _missing = [];
    private readonly PdfBytes _content = new(1 << 14);

    // Reused for every block: its words, and its lines as ranges of those words (a block allocates only its words' strings).
    private readonly List<Word> _words = [];
    private readonly List<(int Start, int End)> _lines = [];
    private readonly double _lineHeight;
    private bool _pageOpen;
    private int _pageCount;
    private PdfFont? _textFont;
    private bool _textStroked;
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
        _resources = _document.Reserve();
        _regularFace = new PdfFace(fonts.Regular!, "F1", _document.Reserve());
        _boldFace = fonts.Bold is { } bold ? new PdfFace(bold, "F2", _document.Reserve()) : _regularFace;
        var simulateBold = fonts.Bold is null;
        var size = options.FontSize;
        _regular = new PdfFont(_regularFace, size, false, false);
        _bold = new PdfFont(_boldFace, size, simulateBold, false);
        _italic = new PdfFont(_regularFace, size, false, true);
        _heading = new PdfFont(_boldFace, size * 1.5, simulateBold, false);
        _small = new PdfFont(_regularFace, size * 0.85, false, false);
        _title = new PdfFont(_boldFace, size * 2.1, simulateBold, false);
        _lineHeight = size * LineSpacing;
    }

    /// <summary>A face at a size, with bold drawn by stroking the outlines (no bold face) or italics by slanting.</summary>
    private sealed class PdfFont(PdfFace face, double size, bool simulateBold, bool italic)
    {
        public PdfFace Face { get; } = face;

        public double Size { get; } = size;

        public bool SimulateBold { get; } = simulateBold;

        public bool Italic { get; } = italic;

        /// <summary>Points per design unit.</summary>
        public double Scale { get; } = size / face.Font.UnitsPerEm;
    }

    private enum TextStyle : byte
    {
        Regular,
        Bold,
        Italic,
    }

    private readonly record struct Word(string Text, TextStyle Style, bool SpaceBefore);

    /// <summary>The PDF, or why it could not be made; and the characters the font could not print.</summary>
    public static (ReadOnlyMemory<byte> Bytes, string? Error, IReadOnlyCollection<int> Missing) Write(PrintBook book, PrintOptions options, PdfFonts fonts, CancellationToken cancellationToken)
    {
#pragma warning disable CA1031 // A damaged font can fail in assorted ways while subsetting; each becomes the result's error, never a crash.
        try
        {
            var writer = new PdfPrintWriter(book, options, fonts);
            return (writer.Run(cancellationToken), null, writer._missing);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (default, $"The PDF could not be written ({ex.GetType().Name}: {ex.Message}): if it names the font, set PrintOptions.FontFile to another .ttf file.", []);
        }
#pragma warning restore CA1031
    }

    private ReadOnlyMemory<byte> Run(CancellationToken cancellationToken)
    {
        TitlePage();
        NewPage();
        foreach (var section in _book.Sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Section(section);
        }

        FinishPage();
        _document.Object(_resources, _boldFace == _regularFace
            ? $"<< /Font << /F1 {_regularFace.ObjectNumber} 0 R >> /ProcSet [/PDF /Text] >>"
            : $"<< /Font << /F1 {_regularFace.ObjectNumber} 0 R /F2 {_boldFace.ObjectNumber} 0 R >> /ProcSet [/PDF /Text] >>");
        _document.Font(_regularFace);
        if (_boldFace != _regularFace)
        {
            _document.Font(_boldFace);
        }

        return _document.Finish(_book.Title, _book.Author, "GameBook Studio");
    }

    private void TitlePage()
    {
        NewPage();
        var titleFont = _title;
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
                    Text(_regular, _margin + indent + 2, _y + _options.FontSize);
                    Glyphs(_regular, "•");
                    EndText();
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
    private void DrawParagraph(string text, TextStyle style, double width, double left, PdfFont baseFont, bool center, double lineHeight)
    {
        Words(text, style);
        Wrap(width, baseFont);
        foreach (var (start, end) in _lines)
        {
            DrawLine(start, end, left, baseFont, center, lineHeight);
        }
    }

    /// <summary>Draws words <c>[start, end)</c> of <see cref="_words"/> as one line; words of one style go out as one string.</summary>
    private void DrawLine(int start, int end, double left, PdfFont baseFont, bool center, double lineHeight)
    {
        EnsureRoom(lineHeight);
        var x = left;
        if (center)
        {
            x = _margin + ((_width - LineWidth(start, end, baseFont)) / 2);
        }

        var baseline = _y + (baseFont.Size * 1.0);
        var space = Space(baseFont);
        var open = false;
        var segmentStyle = TextStyle.Regular;
        for (var i = start; i < end; i++)
        {
            var word = _words[i];
            if (open && word.Style != segmentStyle)
            {
                EndText();
                open = false;
            }

            if (word.SpaceBefore && i > start)
            {
                if (open)
                {
                    Glyphs(FontFor(segmentStyle, baseFont), " ");
                }

                x += space;
            }

            if (!open)
            {
                segmentStyle = word.Style;
                Text(FontFor(segmentStyle, baseFont), x, baseline);
                open = true;
            }

            Glyphs(FontFor(segmentStyle, baseFont), word.Text);
            x += Measure(word.Text, word.Style, baseFont);
        }

        if (open)
        {
            EndText();
        }

        _y += lineHeight;
    }

    /// <summary>Starts a run of text in <paramref name="font"/> at <paramref name="x"/> and <paramref name="baseline"/> (from the page's top left).</summary>
    private void Text(PdfFont font, double x, double baseline)
    {
        var c = _content;
        if (!ReferenceEquals(font, _textFont))
        {
            if (_textFont is null || font.Face != _textFont.Face || font.Size != _textFont.Size)
            {
                c.Byte((byte)'/').Ascii(font.Face.ResourceName).Byte((byte)' ').Number(font.Size).Ascii(" Tf\n");
            }

            if (font.SimulateBold != _textStroked)
            {
                c.Ascii(font.SimulateBold ? "2 Tr " : "0 Tr ");
                _textStroked = font.SimulateBold;
            }

            if (font.SimulateBold)
            {
                c.Number(font.Size / 30).Ascii(" w "); // outlines stroked a thirtieth of the size wide: bold enough, not blotted
            }

            _textFont = font;
        }

        c.Ascii("1 0 ").Number(font.Italic ? ItalicSkew : 0).Ascii(" 1 ").Number(x).Byte((byte)' ').Number(_height - baseline).Ascii(" Tm (");
    }

    /// <summary>Appends the glyphs of <paramref name="text"/> to the open run (a literal string of big-endian glyph ids: half the bytes of hex).</summary>
    private void Glyphs(PdfFont font, string text)
    {
        var face = font.Face;
        for (var i = 0; i < text.Length; i++)
        {
            var codePoint = CodePoint(text, ref i);
            var glyph = face.Glyph(codePoint);
            if (face.Font.GlyphFor(codePoint) == 0)
            {
                _missing.Add(codePoint);
            }

            face.Use(glyph, codePoint);
            _content.GlyphId(glyph);
        }
    }

    private void EndText() => _content.Ascii(")Tj\n");

    /// <summary>The code point at <paramref name="i"/>, moving past a surrogate pair; a lone surrogate is returned as itself (no font has it).</summary>
    private static int CodePoint(string text, ref int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return char.ConvertToUtf32(c, text[i]);
        }

        return c;
    }

    private double LineWidth(int start, int end, PdfFont baseFont)
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
    private void Wrap(double width, PdfFont baseFont)
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

    private int FitLength(string text, TextStyle style, PdfFont baseFont, double width)
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

    private static double Space(PdfFont baseFont)
    {
        return baseFont.Face.Font.Advance(baseFont.Face.Glyph(' ')) * baseFont.Scale;
    }

    private double Measure(string text, TextStyle style, PdfFont baseFont)
    {
        var font = FontFor(style, baseFont);
        var face = font.Face;
        var units = 0;
        for (var i = 0; i < text.Length; i++)
        {
            units += face.Font.Advance(face.Glyph(CodePoint(text, ref i)));
        }

        return units * font.Scale;
    }

    private PdfFont FontFor(TextStyle style, PdfFont baseFont)
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
        _pageCount++;
        _pageOpen = true;
        var letter = _options.PageSize == PrintPageSize.Letter;
        _width = letter ? 612 : 420;
        _height = letter ? 792 : 595;
        _margin = letter ? 54 : 40;
        _width -= 2 * _margin;
        _content.Clear().Ascii("BT\n");
        _textFont = null;
        _textStroked = false;
        _y = _margin + (_options.FontSize * 1.8);
        _pageFirst = _current;
        _pageLast = _current;
        _pageHasSection = false;
    }

    private void FinishPage()
    {
        if (!_pageOpen)
        {
            return;
        }

        var pageNumber = _pageCount;
        var rule = false;
        if (pageNumber > 1)
        {
            if (_pageFirst is { } first)
            {
                var last = _pageLast ?? first;
                var header = first == last
                    ? first.ToString(CultureInfo.InvariantCulture)
                    : first.ToString(CultureInfo.InvariantCulture) + "–" + last.ToString(CultureInfo.InvariantCulture);
                Text(_bold, _margin + _width - Measure(header, TextStyle.Regular, _bold), _margin);
                Glyphs(_bold, header);
                EndText();
                rule = true;
            }

            var footer = pageNumber.ToString(CultureInfo.InvariantCulture);
            _content.Ascii("0.502 g\n");
            Text(_small, _margin + ((_width - Measure(footer, TextStyle.Regular, _small)) / 2), _height - (_margin / 2));
            Glyphs(_small, footer);
            EndText();
        }

        _content.Ascii("ET\n");
        if (rule)
        {
            var y = _height - (_margin + 4);
            _content.Ascii("0.502 G 1 w 0 J ").Number(_margin).Byte((byte)' ').Number(y).Ascii(" m ").Number(_margin + _width).Byte((byte)' ').Number(y).Ascii(" l S\n");
        }

        var letter = _options.PageSize == PrintPageSize.Letter;
        _document.Page(letter ? 612 : 420, letter ? 792 : 595, _resources, _content);
        _pageOpen = false;
    }
}

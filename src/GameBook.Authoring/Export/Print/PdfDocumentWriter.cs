using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Writes the structure of a PDF 1.7 file: numbered objects, compressed streams, the page tree, the document
/// information, embedded TrueType subsets as Identity-H CID fonts (with a ToUnicode map so text can be searched and
/// extracted), and the cross-reference table. Output is deterministic: the same calls give the same bytes. One writer
/// per document; not thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its disposables are MemoryStreams, which hold no unmanaged resources; the document's bytes outlive the writer.")]
internal sealed class PdfDocumentWriter
{
    private const int CatalogObject = 1, PagesObject = 2, InfoObject = 3;
    private readonly MemoryStream _out = new(1 << 20);
    private readonly List<long> _offsets = [0, -1, -1, -1];
    private readonly List<int> _pages = [];
    private readonly MemoryStream _deflated = new(1 << 16);
    private readonly PdfBytes _scratch = new(256);
    private readonly PdfBytes _header = new(32);

    public PdfDocumentWriter()
    {
        Raw("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n"u8);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _out.Length;

    /// <summary>A new object number, to be written later with <see cref="BeginObject"/>.</summary>
    public int Reserve()
    {
        _offsets.Add(-1);
        return _offsets.Count - 1;
    }

    /// <summary>Adds a page of <paramref name="width"/> × <paramref name="height"/> points drawing <paramref name="content"/> with the fonts of <paramref name="resources"/>.</summary>
    public void Page(double width, double height, int resources, PdfBytes content)
    {
        var contentObject = Reserve();
        Stream(contentObject, "", content.Span, compress: true);
        var page = Reserve();
        _pages.Add(page);
        var s = _scratch.Clear();
        s.Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ").Number(width).Ascii(" ").Number(height)
            .Ascii("] /Resources ").Int(resources).Ascii(" 0 R /Contents ").Int(contentObject).Ascii(" 0 R >>");
        Object(page, s.Span);
    }

    /// <summary>Writes object <paramref name="number"/> with <paramref name="body"/> (a dictionary, array or value).</summary>
    public void Object(int number, ReadOnlySpan<byte> body)
    {
        BeginObject(number);
        Raw(body);
        Raw("\nendobj\n"u8);
    }

    /// <summary>Writes object <paramref name="number"/> as a string of ASCII PDF syntax.</summary>
    public void Object(int number, string body) => Object(number, Encoding.ASCII.GetBytes(body));

    /// <summary>
    /// Writes a stream object; <paramref name="entries"/> are extra dictionary entries (such as <c>/Length1 12</c>).
    /// Page contents use zlib's fastest level: for gamebook_2000's 990 pages it compresses 3.5 MB in about 18 ms of CPU
    /// to 1.37 MB, where level 2 takes about 40 ms for 1.06 MB and the default about 55 ms for 0.97 MB; the print
    /// export's time budget is worth more than a quarter of the file. Fonts and maps, written once, use the default.
    /// </summary>
    public void Stream(int number, string entries, ReadOnlySpan<byte> data, bool compress, CompressionLevel level = CompressionLevel.Fastest)
    {
        var payload = data;
        if (compress)
        {
            _deflated.SetLength(0);
            using (var zlib = new ZLibStream(_deflated, level, leaveOpen: true))
            {
                zlib.Write(data);
            }

            payload = _deflated.GetBuffer().AsSpan(0, (int)_deflated.Length);
        }

        BeginObject(number);
        var s = _scratch.Clear();
        s.Ascii("<< /Length ").Int(payload.Length);
        if (compress)
        {
            s.Ascii(" /Filter /FlateDecode");
        }

        if (entries.Length > 0)
        {
            s.Ascii(" ").Ascii(entries);
        }

        s.Ascii(" >>\nstream\n");
        Raw(s.Span);
        Raw(payload);
        Raw("\nendstream\nendobj\n"u8);
    }

    /// <summary>Writes the font objects of <paramref name="face"/> (Type0, CIDFontType2, descriptor, subset file, ToUnicode).</summary>
    public void Font(PdfFace face)
    {
        var font = face.Font;
        var glyphs = face.UsedGlyphs();
        var tag = SubsetTag(face, glyphs);
        var name = tag + "+" + font.PostScriptName;
        var cid = Reserve();
        var descriptor = Reserve();
        var file = Reserve();
        var toUnicode = Reserve();
        var scale = 1000.0 / font.UnitsPerEm;
        var s = new PdfBytes(4096);
        s.Ascii("<< /Type /Font /Subtype /Type0 /BaseFont /").Ascii(name).Ascii(" /Encoding /Identity-H /DescendantFonts [")
            .Int(cid).Ascii(" 0 R] /ToUnicode ").Int(toUnicode).Ascii(" 0 R >>");
        Object(face.ObjectNumber, s.Span);

        s.Clear().Ascii("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /").Ascii(name)
            .Ascii(" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ").Int(descriptor)
            .Ascii(" 0 R /CIDToGIDMap /Identity /DW ").Number(Math.Round(font.Advance(0) * scale, 2)).Ascii(" /W [");
        for (var i = 0; i < glyphs.Count;)
        {
            var first = i;
            while (i + 1 < glyphs.Count && glyphs[i + 1] == glyphs[i] + 1)
            {
                i++;
            }

            s.Int(glyphs[first]).Ascii(" [");
            for (var k = first; k <= i; k++)
            {
                s.Number(Math.Round(font.Advance(glyphs[k]) * scale, 2)).Ascii(k < i ? " " : "");
            }

            s.Ascii("] ");
            i++;
        }

        s.Ascii("] >>");
        Object(cid, s.Span);

        var (xMin, yMin, xMax, yMax) = font.BoundingBox;
        var flags = 32 | (font.FixedPitch ? 1 : 0) | (font.ItalicAngle != 0 ? 64 : 0);
        s.Clear().Ascii("<< /Type /FontDescriptor /FontName /").Ascii(name).Ascii(" /Flags ").Int(flags).Ascii(" /FontBBox [")
            .Number(Math.Round(xMin * scale)).Ascii(" ").Number(Math.Round(yMin * scale)).Ascii(" ").Number(Math.Round(xMax * scale)).Ascii(" ").Number(Math.Round(yMax * scale))
            .Ascii("] /ItalicAngle ").Number(Math.Round(font.ItalicAngle, 2)).Ascii(" /Ascent ").Number(Math.Round(font.Ascent * scale))
            .Ascii(" /Descent ").Number(Math.Round(font.Descent * scale)).Ascii(" /CapHeight ").Number(Math.Round(font.CapHeight * scale))
            .Ascii(" /StemV ").Int(font.Weight >= 600 ? 140 : 80).Ascii(" /FontFile2 ").Int(file).Ascii(" 0 R >>");
        Object(descriptor, s.Span);

        var subset = font.Subset(glyphs);
        Stream(file, "/Length1 " + subset.Length.ToString(CultureInfo.InvariantCulture), subset, compress: true, CompressionLevel.Optimal);
        Stream(toUnicode, "", ToUnicode(face, glyphs).Span, compress: true, CompressionLevel.Optimal);
    }

    /// <summary>Writes the catalog, page tree, information and cross-reference table; the document's bytes.</summary>
    public ReadOnlyMemory<byte> Finish(string title, string? author, string creator)
    {
        var kids = new PdfBytes(16 + (_pages.Count * 8));
        kids.Ascii("<< /Type /Pages /Count ").Int(_pages.Count).Ascii(" /Kids [");
        foreach (var page in _pages)
        {
            kids.Int(page).Ascii(" 0 R ");
        }

        kids.Ascii("] >>");
        Object(PagesObject, kids.Span);
        Object(CatalogObject, "<< /Type /Catalog /Pages 2 0 R >>");
        var info = new PdfBytes(256).Ascii("<< /Title ").TextString(title);
        if (author is not null)
        {
            info.Ascii(" /Author ").TextString(author);
        }

        info.Ascii(" /Creator ").TextString(creator).Ascii(" /Producer ").TextString(creator).Ascii(" >>");
        Object(InfoObject, info.Span);

        var id = Convert.ToHexString(SHA256.HashData(_out.GetBuffer().AsSpan(0, (int)_out.Length)).AsSpan(0, 16));
        var xref = _out.Length;
        var table = new PdfBytes(64 + (_offsets.Count * 20));
        table.Ascii("xref\n0 ").Int(_offsets.Count).Ascii("\n0000000000 65535 f\r\n");
        for (var i = 1; i < _offsets.Count; i++)
        {
            if (_offsets[i] < 0)
            {
                throw new InvalidOperationException($"PDF object {i} was reserved but never written.");
            }

            table.Ascii(_offsets[i].ToString("D10", CultureInfo.InvariantCulture)).Ascii(" 00000 n\r\n");
        }

        table.Ascii("trailer\n<< /Size ").Int(_offsets.Count).Ascii(" /Root 1 0 R /Info 3 0 R /ID [<").Ascii(id).Ascii("> <").Ascii(id)
            .Ascii(">] >>\nstartxref\n").Ascii(xref.ToString(CultureInfo.InvariantCulture)).Ascii("\n%%EOF\n");
        Raw(table.Span);
        return new ReadOnlyMemory<byte>(_out.GetBuffer(), 0, (int)_out.Length);
    }

    private void BeginObject(int number)
    {
        _offsets[number] = _out.Length;
        Raw(_header.Clear().Int(number).Ascii(" 0 obj\n").Span);
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    /// <summary>Six capital letters from the subset's glyphs, as PDF names subset fonts (<c>ABCDEF+Name</c>).</summary>
    private static string SubsetTag(PdfFace face, List<int> glyphs)
    {
        var bytes = new byte[(glyphs.Count * 4) + 4];
        for (var i = 0; i < glyphs.Count; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), glyphs[i]);
        }

        BitConverter.TryWriteBytes(bytes.AsSpan(glyphs.Count * 4), face.ObjectNumber);
        var hash = SHA256.HashData(bytes);
        var tag = new char[6];
        for (var i = 0; i < 6; i++)
        {
            tag[i] = (char)('A' + (hash[i] % 26));
        }

        return new string(tag);
    }

    private static PdfBytes ToUnicode(PdfFace face, List<int> glyphs)
    {
        var s = new PdfBytes(256 + (glyphs.Count * 24));
        s.Ascii("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Ascii("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        var mapped = glyphs.Where(g => face.UnicodeOf(g) >= 0).ToList();
        for (var start = 0; start < mapped.Count; start += 100)
        {
            var count = Math.Min(100, mapped.Count - start);
            s.Int(count).Ascii(" beginbfchar\n");
            for (var i = start; i < start + count; i++)
            {
                s.Ascii("<").Hex4(mapped[i]).Ascii("> <");
                var codePoint = face.UnicodeOf(mapped[i]);
                if (codePoint < 0x10000)
                {
                    s.Hex4(codePoint);
                }
                else
                {
                    var text = char.ConvertFromUtf32(codePoint);
                    s.Hex4(text[0]).Hex4(text[1]);
                }

                s.Ascii(">\n");
            }

            s.Ascii("endbfchar\n");
        }

        s.Ascii("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return s;
    }
}

/// <summary>
/// One embedded font of a PDF: its file, the resource name pages use for it, and the glyphs used so far with the
/// character each stands for. Not thread-safe.
/// </summary>
internal sealed class PdfFace
{
    private readonly int[] _unicode;
    private readonly List<int> _used = [];

    public PdfFace(TrueTypeFont font, string resourceName, int objectNumber)
    {
        Font = font;
        ResourceName = resourceName;
        ObjectNumber = objectNumber;
        _unicode = new int[font.GlyphCount];
        Array.Fill(_unicode, -1);
        Substitute = font.GlyphFor('?');
    }

    public TrueTypeFont Font { get; }

    /// <summary>The name pages select this font by (<c>/F1</c> without the slash).</summary>
    public string ResourceName { get; }

    /// <summary>The object number of the font's Type0 dictionary.</summary>
    public int ObjectNumber { get; }

    /// <summary>The glyph printed for a character the font lacks: its question mark (or <c>.notdef</c>, which still extracts as '?').</summary>
    public int Substitute { get; }

    /// <summary>The glyph printed for <paramref name="codePoint"/>: its own, else <see cref="Substitute"/>.</summary>
    public int Glyph(int codePoint)
    {
        var g = Font.GlyphFor(codePoint);
        return g != 0 ? g : Substitute;
    }

    /// <summary>Notes that <paramref name="glyph"/> is printed for <paramref name="codePoint"/> (the first character noted for a glyph is the one text extraction gives).</summary>
    public void Use(int glyph, int codePoint)
    {
        if (_unicode[glyph] < 0)
        {
            _unicode[glyph] = Font.GlyphFor(codePoint) == 0 ? '?' : codePoint; // a stand-in extracts as the '?' it shows
            _used.Add(glyph);
        }
    }

    /// <summary>The character extraction gives for <paramref name="glyph"/>, or -1 when unused.</summary>
    public int UnicodeOf(int glyph) => _unicode[glyph];

    /// <summary>The glyphs used, ascending.</summary>
    public List<int> UsedGlyphs()
    {
        var glyphs = new List<int>(_used);
        glyphs.Sort();
        return glyphs;
    }
}

/// <summary>A growable byte buffer for PDF syntax: ASCII text, numbers (at most three decimals) and hex glyph ids. Not thread-safe.</summary>
internal sealed class PdfBytes
{
    private byte[] _buffer;
    private int _length;

    public PdfBytes(int capacity) => _buffer = new byte[Math.Max(16, capacity)];

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public PdfBytes Clear()
    {
        _length = 0;
        return this;
    }

    public PdfBytes Ascii(string text)
    {
        var room = Room(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            room[i] = (byte)text[i];
        }

        _length += text.Length;
        return this;
    }

    public PdfBytes Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _length += bytes.Length;
        return this;
    }

    public PdfBytes Byte(byte b)
    {
        Room(1)[0] = b;
        _length++;
        return this;
    }

    public PdfBytes Int(int value)
    {
        value.TryFormat(Room(11), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>A number with at most three decimals and no exponent (PDF has no exponent syntax).</summary>
    public PdfBytes Number(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 1e9)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A PDF number must be finite and within ±1e9.");
        }

        var thousandths = (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);
        if (thousandths < 0)
        {
            Byte((byte)'-');
            thousandths = -thousandths;
        }

        var whole = thousandths / 1000;
        var fraction = (int)(thousandths % 1000);
        whole.TryFormat(Room(20), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        if (fraction != 0)
        {
            var room = Room(4);
            room[0] = (byte)'.';
            room[1] = (byte)('0' + (fraction / 100));
            room[2] = (byte)('0' + (fraction / 10 % 10));
            room[3] = (byte)('0' + (fraction % 10));
            _length += fraction % 100 == 0 ? 2 : fraction % 10 == 0 ? 3 : 4;
        }

        return this;
    }

    public PdfBytes Hex4(int value)
    {
        var room = Room(4);
        room[0] = HexDigit((value >> 12) & 0xF);
        room[1] = HexDigit((value >> 8) & 0xF);
        room[2] = HexDigit((value >> 4) & 0xF);
        room[3] = HexDigit(value & 0xF);
        _length += 4;
        return this;
    }

    /// <summary>A glyph id as two bytes inside a literal string, escaping the bytes a literal string cannot hold as they are.</summary>
    public PdfBytes GlyphId(int glyph)
    {
        var room = Room(4);
        var n = 0;
        foreach (var b in (ReadOnlySpan<byte>)[(byte)(glyph >> 8), (byte)glyph])
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    room[n++] = (byte)'\\';
                    room[n++] = b;
                    break;
                case (byte)'\r':
                    room[n++] = (byte)'\\';
                    room[n++] = (byte)'r';
                    break;
                default:
                    room[n++] = b;
                    break;
            }
        }

        _length += n;
        return this;
    }

    /// <summary>A text string as UTF-16BE hex with a byte-order mark, which PDF readers show for any script.</summary>
    public PdfBytes TextString(string text)
    {
        Ascii("<FEFF");
        foreach (var c in text)
        {
            Hex4(c);
        }

        return Ascii(">");
    }

    private static byte HexDigit(int d) => (byte)(d < 10 ? '0' + d : 'A' + d - 10);

    private Span<byte> Room(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }

        return _buffer.AsSpan(_length);
    }
}

using System.Buffers.Binary;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// A TrueType-outline font file read for the PDF writer: the character-to-glyph map (<c>cmap</c>), advance widths
/// (<c>hmtx</c>), the metrics a PDF font descriptor needs, and a subset of the file holding only the glyphs a document
/// uses (glyph ids unchanged, so a PDF can name glyphs by id). Immutable after <see cref="Read"/>; thread-safe.
/// </summary>
internal sealed class TrueTypeFont
{
    private const uint TagCmap = 0x636D6170, TagHead = 0x68656164, TagHhea = 0x68686561, TagHmtx = 0x686D7478;
    private const uint TagMaxp = 0x6D617870, TagLoca = 0x6C6F6361, TagGlyf = 0x676C7966, TagName = 0x6E616D65;
    private const uint TagOs2 = 0x4F532F32, TagPost = 0x706F7374, TagCvt = 0x63767420, TagFpgm = 0x6670676D, TagPrep = 0x70726570;

    private readonly byte[] _data;
    private readonly Dictionary<uint, (int Offset, int Length)> _tables;
    private readonly ushort[] _bmp;
    private readonly Dictionary<int, ushort> _supplementary;
    private readonly ushort[] _advances;
    private readonly int _horizontalMetrics;
    private readonly bool _longLoca;

    private TrueTypeFont(byte[] data, Dictionary<uint, (int Offset, int Length)> tables)
    {
        _data = data;
        _tables = tables;
        var head = Table(TagHead, 54);
        UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
        if (UnitsPerEm is < 16 or > 16384)
        {
            throw new InvalidDataException($"its unitsPerEm ({UnitsPerEm}) is outside 16-16384");
        }

        BoundingBox = (ReadInt16(head, 36), ReadInt16(head, 38), ReadInt16(head, 40), ReadInt16(head, 42));
        _longLoca = ReadInt16(head, 50) == 1;
        GlyphCount = BinaryPrimitives.ReadUInt16BigEndian(Table(TagMaxp, 6)[4..]);
        var hhea = Table(TagHhea, 36);
        Ascent = ReadInt16(hhea, 4);
        Descent = ReadInt16(hhea, 6);
        _horizontalMetrics = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
        if (GlyphCount == 0 || _horizontalMetrics == 0 || _horizontalMetrics > GlyphCount)
        {
            throw new InvalidDataException($"it declares {GlyphCount} glyphs and {_horizontalMetrics} horizontal metrics");
        }

        var hmtx = Table(TagHmtx, (4 * _horizontalMetrics) + (2 * (GlyphCount - _horizontalMetrics)));
        _advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
        {
            _advances[g] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * Math.Min(g, _horizontalMetrics - 1))..]);
        }

        _ = Table(TagLoca, (GlyphCount + 1) * (_longLoca ? 4 : 2));
        _ = Table(TagGlyf, 0);
        CapHeight = Ascent;
        Weight = 400;
        if (_tables.ContainsKey(TagOs2))
        {
            var os2 = Table(TagOs2, 6);
            Weight = BinaryPrimitives.ReadUInt16BigEndian(os2[4..]);
            if (BinaryPrimitives.ReadUInt16BigEndian(os2) >= 2 && os2.Length >= 90)
            {
                CapHeight = ReadInt16(os2, 88);
            }
        }

        if (_tables.ContainsKey(TagPost))
        {
            var post = Table(TagPost, 16);
            ItalicAngle = BinaryPrimitives.ReadInt32BigEndian(post[4..]) / 65536.0;
            FixedPitch = BinaryPrimitives.ReadUInt32BigEndian(post[12..]) != 0;
        }

        PostScriptName = ReadPostScriptName() ?? "Font";
        (_bmp, _supplementary) = ReadCmap();
    }

    /// <summary>Design units per em: advances and metrics are in these units.</summary>
    public int UnitsPerEm { get; }

    /// <summary>Glyphs in the font.</summary>
    public int GlyphCount { get; }

    /// <summary>Typographic ascent (<c>hhea</c>), in design units.</summary>
    public int Ascent { get; }

    /// <summary>Typographic descent (<c>hhea</c>, negative), in design units.</summary>
    public int Descent { get; }

    /// <summary>Height of capital letters (<c>OS/2</c>, else the ascent), in design units.</summary>
    public int CapHeight { get; }

    /// <summary>Weight class (<c>OS/2</c>; 400 regular, 700 bold).</summary>
    public int Weight { get; }

    /// <summary>Italic angle in degrees (<c>post</c>).</summary>
    public double ItalicAngle { get; }

    /// <summary>Whether every glyph has the same advance (<c>post</c>).</summary>
    public bool FixedPitch { get; }

    /// <summary>The font's bounding box (xMin, yMin, xMax, yMax), in design units.</summary>
    public (int XMin, int YMin, int XMax, int YMax) BoundingBox { get; }

    /// <summary>The PostScript name (<c>name</c> id 6), reduced to letters, digits, '-' and '_'.</summary>
    public string PostScriptName { get; }

    /// <summary>Reads a font file; the message says what is wrong with it when it cannot be used.</summary>
    public static TrueTypeFont? Read(byte[] data, out string? error)
    {
        error = null;
        try
        {
            if (data.Length < 12)
            {
                error = "it is too short to be a font file";
                return null;
            }

            var version = BinaryPrimitives.ReadUInt32BigEndian(data);
            if (version == 0x4F54544F)
            {
                error = "it is an OpenType font with PostScript (CFF) outlines; the PDF writer embeds TrueType outlines only: give a .ttf file";
                return null;
            }

            if (version is not (0x00010000 or 0x74727565))
            {
                error = version == 0x74746366 ? "it is a font collection (.ttc): give a single .ttf file" : "it is not a TrueType or OpenType font file";
                return null;
            }

            var count = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4));
            var tables = new Dictionary<uint, (int, int)>();
            for (var i = 0; i < count; i++)
            {
                var entry = data.AsSpan(12 + (16 * i), 16);
                var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
                var length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
                if (offset > (uint)data.Length || length > (uint)data.Length - offset)
                {
                    throw new InvalidDataException("a table lies outside the file");
                }

                tables.TryAdd(BinaryPrimitives.ReadUInt32BigEndian(entry), ((int)offset, (int)length));
            }

            foreach (var required in (ReadOnlySpan<uint>)[TagHead, TagHhea, TagHmtx, TagMaxp, TagLoca, TagGlyf, TagCmap])
            {
                if (!tables.ContainsKey(required))
                {
                    error = $"it has no '{TagText(required)}' table{(required is TagGlyf or TagLoca ? " (TrueType outlines)" : "")}";
                    return null;
                }
            }

            return new TrueTypeFont(data, tables);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            error = $"it is damaged ({(ex is InvalidDataException ? ex.Message : "a table is shorter than it says")})";
            return null;
        }
    }

    /// <summary>The glyph for a Unicode code point; 0 (<c>.notdef</c>) when the font has none.</summary>
    public int GlyphFor(int codePoint) =>
        codePoint < 0x10000 ? _bmp[codePoint] : _supplementary.GetValueOrDefault(codePoint);

    /// <summary>A glyph's advance width in design units.</summary>
    public int Advance(int glyph) => _advances[glyph];

    /// <summary>
    /// A font file with the outlines of <paramref name="glyphs"/> (plus <c>.notdef</c> and the parts of composite
    /// glyphs) and no others; glyph ids keep their numbers, the file ends after the highest used one. Tables a PDF
    /// reader needs for CIDFontType2 only: no <c>cmap</c>, <c>name</c> or <c>post</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">A glyph's outline lies outside the <c>glyf</c> table.</exception>
    public byte[] Subset(IEnumerable<int> glyphs)
    {
        var keep = new SortedSet<int> { 0 };
        var pending = new Stack<int>(glyphs.Where(g => g > 0 && g < GlyphCount));
        var glyf = Table(TagGlyf, 0);
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (!keep.Add(g))
            {
                continue;
            }

            var outline = Outline(glyf, g);
            if (outline.Length >= 10 && ReadInt16(outline, 0) < 0)
            {
                foreach (var part in Components(outline))
                {
                    if (part < GlyphCount && !keep.Contains(part))
                    {
                        pending.Push(part);
                    }
                }
            }
        }

        var count = keep.Max + 1;
        using var glyfOut = new MemoryStream();
        var loca = new byte[(count + 1) * 4];
        for (var g = 0; g < count; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * g), (uint)glyfOut.Length);
            if (keep.Contains(g))
            {
                glyfOut.Write(Outline(glyf, g));
                while (glyfOut.Length % 4 != 0)
                {
                    glyfOut.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * count), (uint)glyfOut.Length);
        var hmtxIn = Table(TagHmtx, 0);
        var hmtx = new byte[count * 4];
        for (var g = 0; g < count; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * g), _advances[g]);
            var lsb = g < _horizontalMetrics ? (4 * g) + 2 : (4 * _horizontalMetrics) + (2 * (g - _horizontalMetrics));
            hmtx[(4 * g) + 2] = hmtxIn[lsb];
            hmtx[(4 * g) + 3] = hmtxIn[lsb + 1];
        }

        var head = Table(TagHead, 54).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set below
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        var hhea = Table(TagHhea, 36).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)count);
        var maxp = Table(TagMaxp, 6).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)count);
        var tables = new SortedDictionary<uint, byte[]>
        {
            [TagHead] = head,
            [TagHhea] = hhea,
            [TagMaxp] = maxp,
            [TagHmtx] = hmtx,
            [TagLoca] = loca,
            [TagGlyf] = glyfOut.ToArray(),
        };
        foreach (var hinting in (ReadOnlySpan<uint>)[TagCvt, TagFpgm, TagPrep, TagOs2])
        {
            if (_tables.ContainsKey(hinting))
            {
                tables[hinting] = Table(hinting, 0).ToArray();
            }
        }

        return WriteFile(tables);
    }

    private static byte[] WriteFile(SortedDictionary<uint, byte[]> tables)
    {
        var n = tables.Count;
        var power = 1;
        var log = 0;
        while (power * 2 <= n)
        {
            power *= 2;
            log++;
        }

        var size = 12 + (16 * n) + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var file = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(4), (ushort)n);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(10), (ushort)((n - power) * 16));
        var offset = 12 + (16 * n);
        var entry = 12;
        var headOffset = 0;
        foreach (var (tag, bytes) in tables)
        {
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry), tag);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 4), Checksum(bytes));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 12), (uint)bytes.Length);
            bytes.CopyTo(file, offset);
            headOffset = tag == TagHead ? offset : headOffset;
            offset += (bytes.Length + 3) & ~3;
            entry += 16;
        }

        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(file)));
        return file;
    }

    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        for (var i = 0; i < bytes.Length; i += 4)
        {
            uint word = 0;
            for (var k = 0; k < 4; k++)
            {
                word = (word << 8) | (i + k < bytes.Length ? bytes[i + k] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }

    /// <summary>The glyph ids a composite outline is built from.</summary>
    private static List<int> Components(ReadOnlySpan<byte> outline)
    {
        var parts = new List<int>();
        var at = 10;
        while (at + 4 <= outline.Length)
        {
            var flags = BinaryPrimitives.ReadUInt16BigEndian(outline[at..]);
            parts.Add(BinaryPrimitives.ReadUInt16BigEndian(outline[(at + 2)..]));
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                break;
            }
        }

        return parts;
    }

    private ReadOnlySpan<byte> Outline(ReadOnlySpan<byte> glyf, int glyph)
    {
        var loca = Table(TagLoca, 0);
        long start = _longLoca ? BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * glyph)..]) : 2L * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * glyph)..]);
        long end = _longLoca ? BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * (glyph + 1))..]) : 2L * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * (glyph + 1))..]);
        if (start > end || end > glyf.Length)
        {
            throw new InvalidDataException($"the outline of glyph {glyph} lies outside the 'glyf' table");
        }

        return glyf[(int)start..(int)end];
    }

    private (ushort[] Bmp, Dictionary<int, ushort> Supplementary) ReadCmap()
    {
        var cmap = Table(TagCmap, 4);
        var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        var best = -1;
        var bestRank = int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var record = cmap.Slice(4 + (8 * i), 8);
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            var encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            var offset = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(record[4..]), int.MaxValue);
            if (offset + 2 > cmap.Length)
            {
                continue;
            }

            var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            var rank = (platform, encoding, format) switch
            {
                (3, 10, 12) => 0,
                (0, _, 12) => 1,
                (3, 1, 4) => 2,
                (0, _, 4) => 3,
                (3, 0, 4) => 4,
                _ => int.MaxValue,
            };
            if (rank < bestRank)
            {
                (best, bestRank) = (offset, rank);
            }
        }

        if (best < 0)
        {
            throw new InvalidDataException("its 'cmap' table has no Unicode subtable (format 4 or 12)");
        }

        var bmp = new ushort[0x10000];
        var supplementary = new Dictionary<int, ushort>();
        var table = cmap[best..];
        if (BinaryPrimitives.ReadUInt16BigEndian(table) == 12)
        {
            var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
            var budget = 0x110000L; // a damaged table cannot make this loop longer than one pass over Unicode
            for (var i = 0; i < groups && budget > 0; i++)
            {
                var group = table.Slice(16 + (12 * i), 12);
                var first = BinaryPrimitives.ReadUInt32BigEndian(group);
                var last = Math.Min(BinaryPrimitives.ReadUInt32BigEndian(group[4..]), 0x10FFFFu);
                var glyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                for (var c = first; c <= last && budget-- > 0; c++, glyph++)
                {
                    var g = glyph < (uint)GlyphCount ? (ushort)glyph : (ushort)0;
                    if (c < 0x10000)
                    {
                        bmp[c] = g;
                    }
                    else if (g != 0)
                    {
                        supplementary[(int)c] = g;
                    }
                }
            }
        }
        else
        {
            var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
            var ends = table[14..];
            var starts = table[(16 + (2 * segments))..];
            var deltas = table[(16 + (4 * segments))..];
            var rangeOffsets = 16 + (6 * segments);
            var budget = 0x20000; // segments of a sound table do not overlap; a damaged one cannot loop for long
            for (var s = 0; s < segments && budget > 0; s++)
            {
                int end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * s)..]);
                int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * s)..]);
                int delta = BinaryPrimitives.ReadInt16BigEndian(deltas[(2 * s)..]);
                var rangeAt = rangeOffsets + (2 * s);
                int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(table[rangeAt..]);
                for (var c = start; c <= end && c < 0xFFFF && budget-- > 0; c++)
                {
                    int g;
                    if (rangeOffset == 0)
                    {
                        g = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        var at = rangeAt + rangeOffset + (2 * (c - start));
                        g = at + 2 <= table.Length ? BinaryPrimitives.ReadUInt16BigEndian(table[at..]) : 0;
                        g = g == 0 ? 0 : (g + delta) & 0xFFFF;
                    }

                    bmp[c] = g < GlyphCount ? (ushort)g : (ushort)0;
                }
            }
        }

        return (bmp, supplementary);
    }

    private string? ReadPostScriptName()
    {
        if (!_tables.ContainsKey(TagName))
        {
            return null;
        }

        var name = Table(TagName, 6);
        var count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]);
        var strings = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        for (var i = 0; i < count; i++)
        {
            var record = name.Slice(6 + (12 * i), 12);
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            if (BinaryPrimitives.ReadUInt16BigEndian(record[6..]) != 6 || platform is not (1 or 3))
            {
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            var offset = strings + BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            var bytes = name.Slice(offset, length);
            var text = new System.Text.StringBuilder();
            for (var k = 0; k < bytes.Length; k += platform == 3 ? 2 : 1)
            {
                var c = platform == 3 ? (char)((bytes[k] << 8) | (k + 1 < bytes.Length ? bytes[k + 1] : 0)) : (char)bytes[k];
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                {
                    text.Append(c);
                }
            }

            if (text.Length > 0)
            {
                return text.Length > 60 ? text.ToString(0, 60) : text.ToString();
            }
        }

        return null;
    }

    private ReadOnlySpan<byte> Table(uint tag, int minimumLength)
    {
        if (!_tables.TryGetValue(tag, out var table))
        {
            throw new InvalidDataException($"it has no '{TagText(tag)}' table");
        }

        if (table.Length < minimumLength)
        {
            throw new InvalidDataException($"its '{TagText(tag)}' table is {table.Length} bytes, shorter than the {minimumLength} it needs");
        }

        return _data.AsSpan(table.Offset, table.Length);
    }

    private static short ReadInt16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadInt16BigEndian(bytes[at..]);

    private static string TagText(uint tag) =>
        new([(char)(tag >> 24), (char)((tag >> 16) & 0xFF), (char)((tag >> 8) & 0xFF), (char)(tag & 0xFF)]);
}

using System.Buffers.Binary;
using System.Text;
using CsCheck;
using GameBook.Authoring.Export.Print;

namespace GameBook.Authoring.Tests.Export;

/// <summary>
/// The PDF writer's own text operators and font embedding: the text a reader extracts, the fonts it embeds, characters
/// outside Latin-1 and outside the font, and damaged font files.
/// </summary>
public sealed class PdfWriterTests
{
    /// <summary>Italian, German and Nordic letters, curly quotes, guillemets, a dash and an ellipsis.</summary>
    internal const string Accents = "title: Start\n---\nCaffè, perché così? Über die Brücke — “sì” oder ‘nein’… Größe, Ærø, naïve façade, «arrivederci».\n"
        + "-> Entra nella città\n    <<jump End>>\n===\ntitle: End\ntags: ending\n---\nÈ finita; schön!\n===\n";

    private const string DejaVuSerif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";

    /// <summary>
    /// The approved files are the page texts of the PDFsharp writer this one replaced (pdftotext of its output for the
    /// same story and options), so an equal result means the same words on the same lines of the same pages.
    /// </summary>
    [PopplerTheory]
    [InlineData("tower.pdf.txt")]
    [InlineData("tower-letter.pdf.txt")]
    [InlineData("accents.pdf.txt")]
    public void ExportPdf_FixtureStories_ExtractTheSameTextOnTheSamePagesAsBefore(string approved)
    {
        var (story, options) = approved switch
        {
            "tower.pdf.txt" => (ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Title = "The Tower", Author = "A. Writer" }),
            "tower-letter.pdf.txt" => (ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { PageSize = PrintPageSize.Letter, PageBreakBetweenSections = true }),
            _ => (ExportFixtures.Compile(Accents, "accents.yarn"), new PrintOptions { Title = "Città e Brücke" }),
        };
        var result = PrintExporter.ExportPdf(story, options);
        Assert.True(result.Success, result.Error);
        Assert.Empty(result.Warnings);
        using var pdf = new TempPdf(result);
        ExportFixtures.Approve(PageTexts(pdf.Path), approved);
    }

    [PopplerFact]
    public void ExportPdf_EmbedsEachFontAsASubsetWithAToUnicodeMap()
    {
        var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower));
        Assert.True(result.Success, result.Error);
        using var pdf = new TempPdf(result);
        var fonts = Poppler.Run("pdffonts", pdf.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
        Assert.Equal(2, fonts.Length); // regular and bold faces
        Assert.All(fonts, f => Assert.Matches(@"^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes\s", f));

        // A whole DejaVu Serif face is about 380 KB; the book embeds the few dozen glyphs it prints.
        Assert.True(result.Bytes.Length < 60_000, $"{result.Bytes.Length} bytes");
    }

    [Fact]
    public void Subset_KeepsOnlyTheUsedGlyphsAndIsAReadableFont()
    {
        var font = PdfFonts.Find(new PrintOptions()).Regular;
        Assert.NotNull(font);
        var used = "Hello, world".Select(c => font.GlyphFor(c)).ToList();
        var subset = font.Subset(used);

        // The table directory: the tables a CIDFontType2 needs, checksums that add up, glyph ids kept (the last is the highest used).
        var tables = new Dictionary<string, (int Offset, int Length)>();
        for (var i = 0; i < BinaryPrimitives.ReadUInt16BigEndian(subset.AsSpan(4)); i++)
        {
            var entry = subset.AsSpan(12 + (16 * i));
            tables[Encoding.ASCII.GetString(entry[..4])] = ((int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]));
        }

        Assert.Superset(new HashSet<string>(["head", "hhea", "maxp", "hmtx", "loca", "glyf"]), tables.Keys.ToHashSet());
        Assert.DoesNotContain("cmap", tables.Keys);
        var glyphs = BinaryPrimitives.ReadUInt16BigEndian(subset.AsSpan(tables["maxp"].Offset + 4));
        Assert.Equal(used.Max() + 1, glyphs);
        var hmtx = tables["hmtx"].Offset;
        Assert.All(used, g => Assert.Equal(font.Advance(g), BinaryPrimitives.ReadUInt16BigEndian(subset.AsSpan(hmtx + (4 * g)))));
        var loca = tables["loca"].Offset;
        var unusedOutlines = Enumerable.Range(1, glyphs - 1).Where(g => !used.Contains(g))
            .Count(g => BinaryPrimitives.ReadUInt32BigEndian(subset.AsSpan(loca + (4 * g))) != BinaryPrimitives.ReadUInt32BigEndian(subset.AsSpan(loca + (4 * (g + 1)))));
        Assert.Equal(0, unusedOutlines); // these letters are simple outlines: no other glyph comes along
        uint sum = 0;
        for (var i = 0; i < subset.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(subset.AsSpan(i)));
        }

        Assert.Equal(0xB1B0AFBAu, sum); // the head table's checkSumAdjustment makes the whole file sum to this
        Assert.True(subset.Length < 20_000, $"{subset.Length} bytes for {used.Distinct().Count()} glyphs");

        // DejaVu builds 'ö' from 'o' and a diaeresis: the parts come along (or it would print blank).
        var withUmlaut = font.Subset([.. used, font.GlyphFor('ö')]);
        Assert.True(withUmlaut.Length > subset.Length);
    }

    [PopplerFact]
    public void ExportPdf_NonLatinTextAndMissingGlyphs_ExtractAsWrittenWithQuestionMarksForWhatTheFontLacks()
    {
        // DejaVu Serif has Latin, Greek and Cyrillic but no CJK ideographs or emoji (the other fonts searched for lack them too).
        var story = ExportFixtures.Compile("title: Start\n---\nGrüße aus Köln — “Perché no?” disse l’oste. Ωμέγα, Привет.\nThe cat 猫 smiles 😀 at you.\n===\n");
        var result = PrintExporter.ExportPdf(story);
        Assert.True(result.Success, result.Error);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("no glyph for 2 character(s), printed as '?': U+732B '猫', U+1F600 '😀'", warning, StringComparison.Ordinal);
        Assert.Contains("PrintOptions.FontFile", warning, StringComparison.Ordinal);
        using var pdf = new TempPdf(result);
        var text = Poppler.Flat(PageTexts(pdf.Path));
        Assert.Contains("Grüße aus Köln — “Perché no?” disse l’oste. Ωμέγα, Привет.", text, StringComparison.Ordinal);
        Assert.Contains("The cat ? smiles ? at you.", text, StringComparison.Ordinal);
        Poppler.Run("pdftoppm", "-r", "40", "-f", "2", "-l", "2", "-png", pdf.Path, pdf.Path + "-page");
    }

    [Fact]
    public void ExportPdf_SameStoryTwice_GivesTheSameBytes()
    {
        var story = ExportFixtures.Compile(ExportFixtures.Tower);
        var first = PrintExporter.ExportPdf(story, new PrintOptions { Title = "Same", Author = "Twice" });
        var second = PrintExporter.ExportPdf(story, new PrintOptions { Title = "Same", Author = "Twice" });
        Assert.True(first.Success, first.Error);
        Assert.True(first.Bytes.Span.SequenceEqual(second.Bytes.Span));
        Assert.StartsWith("%PDF-1.7", Encoding.ASCII.GetString(first.Bytes.Span[..8]), StringComparison.Ordinal);
    }

    [FontFileFact]
    public void ExportPdf_RegularFaceOnly_SimulatesBoldAndEmbedsOneFont()
    {
        var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { FontFile = DejaVuSerif });
        Assert.True(result.Success, result.Error);
        var content = Encoding.Latin1.GetString(result.Bytes.Span);
        Assert.Contains("/F1 ", content, StringComparison.Ordinal);
        Assert.DoesNotContain("/F2 ", content, StringComparison.Ordinal);
        if (Poppler.Available)
        {
            using var pdf = new TempPdf(result);
            Assert.Single(Poppler.Run("pdffonts", pdf.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..]);
            Assert.Contains("Knock on the door: turn to 2.", Poppler.Flat(PageTexts(pdf.Path)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExportPdf_CffOpenTypeOrCollectionFont_IsAClearError()
    {
        foreach (var (signature, expected) in new[] { ("OTTO", "PostScript (CFF) outlines"), ("ttcf", "font collection") })
        {
            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(file, [.. Encoding.ASCII.GetBytes(signature), .. new byte[64]]);
                var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { FontFile = file });
                Assert.False(result.Success);
                Assert.Contains(expected, result.Error, StringComparison.Ordinal);
                Assert.Contains(file, result.Error, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var font = TrueTypeFont.Read(bytes, out var error);
            Assert.True(font is null == error is not null);
        }, iter: 2000);
    }

    /// <summary>A real font with bytes overwritten (in the table directory and the tables' headers most often): a clear error or a PDF, never an exception.</summary>
    [FontFileFact]
    public void ExportPdf_DamagedFontFile_IsAnErrorOrAPdfNeverAnException()
    {
        var original = File.ReadAllBytes(DejaVuSerif);
        var story = ExportFixtures.Compile(Accents, "accents.yarn");
        var file = Path.GetTempFileName();
        try
        {
            var edit = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 4095], Gen.Int[0, original.Length - 1], Gen.Byte, (near, head, anywhere, value) => (At: near == 0 ? head : anywhere, value));
            edit.Array[1, 12].Sample(edits =>
            {
                var bytes = (byte[])original.Clone();
                foreach (var (at, value) in edits)
                {
                    bytes[at] = value;
                }

                File.WriteAllBytes(file, bytes);
                var result = PrintExporter.ExportPdf(story, new PrintOptions { FontFile = file });
                Assert.True(result.Success || result.Error!.Contains("font", StringComparison.OrdinalIgnoreCase), result.Error);
                Assert.True(result.Success != result.Bytes.IsEmpty);
            }, iter: 150);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [PopplerFact]
    public void ExportPdf_FontWithACharacterBeyondTheBmp_PrintsItsGlyphAndExtractsItAsTheSurrogatePair()
    {
        // A made-up font (format 12 cmap): printable ASCII, the en dash and bullet the layout uses, and U+1F600.
        var map = Enumerable.Range(0x20, 0x5F).Append(0x2013).Append(0x2022).Append(0x1F600).Select((c, i) => (c, i + 1)).ToList();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, SyntheticFont.Build(map, format12: true));
            var story = ExportFixtures.Compile("title: Start\n---\nSmile \U0001F600 now.\n===\n");
            var result = PrintExporter.ExportPdf(story, new PrintOptions { FontFile = file });
            Assert.True(result.Success, result.Error);
            Assert.Empty(result.Warnings);
            using var pdf = new TempPdf(result);
            Assert.Contains("Smile \U0001F600 now.", Poppler.Flat(PageTexts(pdf.Path)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [PopplerFact]
    public void ExportPdf_FontWithoutAQuestionMark_PrintsNotdefForMissingCharactersAndStillExtractsQuestionMarks()
    {
        var map = Enumerable.Range(0x20, 0x5F).Where(c => c != '?').Append(0x2013).Append(0x2022).Select((c, i) => (c, i + 1)).ToList();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, SyntheticFont.Build(map, format12: true));
            var result = PrintExporter.ExportPdf(ExportFixtures.Compile("title: Start\n---\nCafé and Straße.\n===\n"), new PrintOptions { FontFile = file });
            Assert.True(result.Success, result.Error);
            Assert.Contains("U+00DF 'ß', U+00E9 'é'", Assert.Single(result.Warnings), StringComparison.Ordinal);
            using var pdf = new TempPdf(result);
            Assert.Contains("Caf? and Stra?e.", Poppler.Flat(PageTexts(pdf.Path)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Read_Format4Cmap_MapsByDeltaAndByGlyphArray()
    {
        // 'A'-'Z' by idDelta to glyphs 1-26; 'a'-'z' through the glyph id array to 27-52; the closing 0xFFFF segment.
        var font = TrueTypeFont.Read(SyntheticFont.Build([], format12: false), out var error);
        Assert.True(font is not null, error);
        Assert.Equal(53, font.GlyphCount);
        Assert.Equal([1, 26, 27, 52, 0, 0], new[] { 'A', 'Z', 'a', 'z', '0', '\uFFFF' }.Select(c => font.GlyphFor(c)));
        Assert.Equal(500, font.Advance(52));
    }

    /// <summary>Each page's text (pdftotext, reading order), headed <c>--- page N ---</c>, trailing blanks trimmed.</summary>
    private static string PageTexts(string pdf)
    {
        var pages = Poppler.Run("pdftotext", "-enc", "UTF-8", pdf, "-").Split('\f').ToList();
        if (pages.Count > 0 && pages[^1].Trim().Length == 0)
        {
            pages.RemoveAt(pages.Count - 1);
        }

        var sb = new StringBuilder();
        for (var i = 0; i < pages.Count; i++)
        {
            sb.Append("--- page ").Append(i + 1).Append(" ---\n").Append(pages[i].TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    private sealed class TempPdf : IDisposable
    {
        public TempPdf(PrintExportResult result)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gamebook-" + Guid.NewGuid().ToString("N") + ".pdf");
            File.WriteAllBytes(Path, result.Bytes.ToArray());
        }

        public string Path { get; }

        public void Dispose()
        {
            foreach (var f in Directory.GetFiles(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + "*"))
            {
                File.Delete(f);
            }
        }
    }
}

/// <summary>A theory skipped, saying why, when poppler-utils is not installed.</summary>
public sealed class PopplerTheoryAttribute : TheoryAttribute
{
    public PopplerTheoryAttribute()
    {
        if (!Poppler.Available)
        {
            Skip = "poppler-utils (pdftotext, pdftoppm, pdfinfo) is not installed: apt-get install poppler-utils (.ci/run installs it).";
        }
    }
}

/// <summary>A fact skipped, saying why, when DejaVu Serif is not at Debian's path (fonts-dejavu-core).</summary>
public sealed class FontFileFactAttribute : FactAttribute
{
    public FontFileFactAttribute()
    {
        if (!File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
        {
            Skip = "DejaVu Serif is not at /usr/share/fonts/truetype/dejavu: apt-get install fonts-dejavu-core.";
        }
    }
}

/// <summary>Builds minimal TrueType files (empty outlines, 500-unit advances) with a chosen cmap, for the writer's edge cases.</summary>
internal static class SyntheticFont
{
    /// <summary>A font whose cmap is <paramref name="map"/> (format 12), or the fixed format 4 table of 'A'-'Z' and 'a'-'z' with 53 glyphs.</summary>
    public static byte[] Build(IReadOnlyList<(int CodePoint, int Glyph)> map, bool format12)
    {
        var glyphs = format12 ? map.Max(m => m.Glyph) + 1 : 53;
        var head = new byte[54];
        BinaryPrimitives.WriteUInt32BigEndian(head, 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(12), 0x5F0F3CF5);
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(18), 1000);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(42), 800);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);
        var hhea = new byte[36];
        BinaryPrimitives.WriteUInt32BigEndian(hhea, 0x00010000);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(4), 800);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(6), -200);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)glyphs);
        var maxp = new byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(maxp, 0x00005000);
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)glyphs);
        var hmtx = new byte[4 * glyphs];
        for (var g = 0; g < glyphs; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * g), 500);
        }

        var cmap = new MemoryStream();
        void U16(int v) => cmap.Write([(byte)(v >> 8), (byte)v]);
        void U32(long v) => cmap.Write([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        U16(0);
        U16(1);
        U16(3);
        U16(format12 ? 10 : 1);
        U32(12);
        if (format12)
        {
            U16(12);
            U16(0);
            U32(16 + (12 * map.Count));
            U32(0);
            U32(map.Count);
            foreach (var (c, g) in map)
            {
                U32(c);
                U32(c);
                U32(g);
            }
        }
        else
        {
            (int Start, int End, int Delta, bool Array)[] segments = [(0x41, 0x5A, 1 - 0x41, false), (0x61, 0x7A, 0, true), (0xFFFF, 0xFFFF, 1, false)];
            var n = segments.Length;
            U16(4);
            U16(16 + (8 * n) + (2 * 26));
            U16(0);
            U16(2 * n);
            U16(0);
            U16(0);
            U16(0);
            foreach (var segment in segments)
            {
                U16(segment.End);
            }

            U16(0);
            foreach (var segment in segments)
            {
                U16(segment.Start);
            }

            foreach (var segment in segments)
            {
                U16(segment.Delta & 0xFFFF);
            }

            for (var i = 0; i < n; i++)
            {
                U16(segments[i].Array ? 2 * (n - i) : 0); // from this entry to the glyph id array that follows the table
            }

            for (var g = 27; g <= 52; g++)
            {
                U16(g);
            }
        }

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["cmap"] = cmap.ToArray(), ["glyf"] = [], ["head"] = head, ["hhea"] = hhea, ["hmtx"] = hmtx,
            ["loca"] = new byte[4 * (glyphs + 1)], ["maxp"] = maxp,
        };
        var file = new MemoryStream();
        var offset = 12 + (16 * tables.Count);
        var directory = new byte[offset];
        BinaryPrimitives.WriteUInt32BigEndian(directory, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(directory.AsSpan(4), (ushort)tables.Count);
        var entry = 12;
        foreach (var (tag, bytes) in tables)
        {
            Encoding.ASCII.GetBytes(tag).CopyTo(directory, entry);
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan(entry + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan(entry + 12), (uint)bytes.Length);
            offset += (bytes.Length + 3) & ~3;
            entry += 16;
        }

        file.Write(directory);
        foreach (var bytes in tables.Values)
        {
            file.Write(bytes);
            file.Write(new byte[((bytes.Length + 3) & ~3) - bytes.Length]);
        }

        return file.ToArray();
    }
}

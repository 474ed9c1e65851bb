using System.Text;
using CsCheck;
using GameBook.Compilation;
using GameBook.Localization;

namespace GameBook.Core.Tests.Localization;

/// <summary>The string-table CSV reader: RFC 4180, encodings, and hostile input that gives diagnostics with row and column, never an exception.</summary>
public class StringTableCsvTests
{
    private static StringTable Load(string csv, StringTableCsvOptions? options = null)
    {
        var result = StringTableCsv.Parse(csv, options);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Table!;
    }

    private static StringTableDiagnostic SingleError(StringTableReadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Parse_QuotedFieldsWithSeparatorsQuotesAndLineBreaks_AreReadExactly()
    {
        var table = Load("language,id,text,character,hash\r\n" +
            "fr,line:a,\"Bonjour, \"\"ami\"\"\",Garde,1a2b3c4d\r\n" +
            "fr,line:b,\"Deux\r\nlignes\",,\n" +
            "fr,line:c,Simple,Narrateur,\r" +
            "fr,line:d,\"\",,");

        Assert.Equal("fr", table.Locale);
        Assert.True(table.TryGetEntry("line:a", out var a));
        Assert.Equal("Bonjour, \"ami\"", a.Text);
        Assert.Equal("Garde", a.Character);
        Assert.Equal("1a2b3c4d", a.BaseHash);
        Assert.True(table.TryGetEntry("line:b", out var b));
        Assert.Equal("Deux\nlignes", b.Text);
        Assert.Equal(string.Empty, b.Character);
        Assert.Null(b.BaseHash);
        Assert.True(table.TryGetEntry("line:c", out var c));
        Assert.Equal("Narrateur", c.Character);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void Parse_LineBreakInText_IsAWarningWithRowAndColumn()
    {
        var result = StringTableCsv.Parse("language,id,text\nfr,line:a,\"one\ntwo\"\n");

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((2, 3, "C"), (warning.Row, warning.Column, warning.ColumnLetter));
    }

    [Fact]
    public void Parse_ColumnsInAnyOrderAndCase_IdWithoutPrefix_AndTranslationColumnWins()
    {
        var table = Load("Text;ID;Translation;Language\nHello;a;Bonjour;fr\n");

        Assert.True(table.TryGetEntry("line:a", out var entry));
        Assert.Equal("Bonjour", entry.Text);
        Assert.Null(entry.Character);
    }

    [Fact]
    public void Parse_SeparatorIsDetectedFromTheHeader()
    {
        Assert.Equal("Un, deux", Entry(Load("id;text;language\nline:a;Un, deux;fr\n"), "line:a"));
        Assert.Equal("Un; deux", Entry(Load("id\ttext\tlanguage\nline:a\tUn; deux\tfr\n"), "line:a"));
        Assert.Equal("x", Entry(Load("id|text\nline:a|x\n", new StringTableCsvOptions { Separator = '|', Locale = "de" }), "line:a"));
    }

    private static string Entry(StringTable table, string id) => table.TryGetEntry(id, out var e) ? e.Text : "<missing>";

    [Fact]
    public void Read_Utf8WithBom_Utf16_AndAForcedLegacyEncoding_AllDecode()
    {
        const string csv = "language,id,text\nfr,line:a,Château élevé\n";
        Assert.Equal("Château élevé", Entry(StringTableCsv.Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]).Table!, "line:a"));
        Assert.Equal("Château élevé", Entry(StringTableCsv.Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)]).Table!, "line:a"));
        Assert.Equal("Château élevé", Entry(StringTableCsv.Read([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(csv)]).Table!, "line:a"));
        Assert.Equal("Château élevé", Entry(StringTableCsv.Read(Encoding.Latin1.GetBytes(csv), new StringTableCsvOptions { Encoding = Encoding.Latin1 }).Table!, "line:a"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        Assert.Equal("Château élevé", Entry(StringTableCsv.Read(stream).Table!, "line:a"));
    }

    [Fact]
    public void Read_Latin1BytesWithoutAnEncoding_ReportsTheLineAndByte()
    {
        var bytes = Encoding.Latin1.GetBytes("language,id,text\nfr,line:a,Château\n");

        var error = SingleError(StringTableCsv.Read(bytes));

        Assert.Equal(2, error.Line);
        Assert.Contains("byte 0xE2", error.Message, StringComparison.Ordinal);
        Assert.Contains("StringTableCsvOptions.Encoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Utf16WithoutBom_IsReportedNotMisread()
    {
        var error = SingleError(StringTableCsv.Read(Encoding.Unicode.GetBytes("id,text\nline:a,x\n")));

        Assert.Contains("UTF-16 without a byte order mark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingTextColumn_NamesWhatWasFound()
    {
        var error = SingleError(StringTableCsv.Parse("language,id,texte\nfr,line:a,x\n"));

        Assert.Equal(1, error.Row);
        Assert.Contains("no 'text' column", error.Message, StringComparison.Ordinal);
        Assert.Contains("'texte'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RowWithTooFewFields_ReportsRowAndColumn()
    {
        var result = StringTableCsv.Parse("language,id,text\nfr,line:a,ok\nfr,line:b\n");

        var error = SingleError(result);
        Assert.Equal((3, 3, 3), (error.Row, error.Column, error.Line));
        Assert.Contains("no 'text'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnterminatedQuote_ReportsWhereItOpened()
    {
        var error = SingleError(StringTableCsv.Parse("language,id,text\nfr,line:a,ok\nfr,line:b,\"never closed\nfr,line:c,more\n"));

        Assert.Equal((3, 3, 3), (error.Row, error.Column, error.Line));
        Assert.Contains("line 3, character 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextAfterClosingQuote_IsAnError_AndAStrayQuoteAWarning()
    {
        var error = SingleError(StringTableCsv.Parse("language,id,text\nfr,line:a,\"quoted\" tail\n"));
        Assert.Equal((2, 3), (error.Row, error.Column));

        var lenient = StringTableCsv.Parse("language,id,text\nfr,line:a,5\" tall\n");
        Assert.True(lenient.Succeeded);
        Assert.Equal("5\" tall", Entry(lenient.Table!, "line:a"));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(lenient.Diagnostics).Severity);
    }

    [Fact]
    public void Parse_DuplicateIdsEmptyIdsAndMixedLanguages_AreErrorsOnTheirRows()
    {
        var result = StringTableCsv.Parse("language,id,text\nfr,line:a,x\nfr,line:a,y\nfr,,z\nde,line:b,w\n");

        Assert.False(result.Succeeded);
        Assert.Equal([3, 4, 5], result.Diagnostics.Select(d => d.Row));
        Assert.Contains("already on row 2", result.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("'de'", result.Diagnostics[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoLocaleAnywhere_IsAnError_AndTheOptionSuppliesIt()
    {
        Assert.Contains("locale", SingleError(StringTableCsv.Parse("id,text\nline:a,x\n")).Message, StringComparison.Ordinal);
        Assert.Equal("es", Load("id,text\nline:a,x\n", new StringTableCsvOptions { Locale = "es" }).Locale);
    }

    [Fact]
    public void Parse_EmptyFileAndDuplicateColumns_AreErrors()
    {
        Assert.Contains("empty", SingleError(StringTableCsv.Parse(string.Empty)).Message, StringComparison.Ordinal);
        var duplicate = StringTableCsv.Parse("id,text,text\nline:a,x,y\n", new StringTableCsvOptions { Locale = "fr" });
        Assert.False(duplicate.Succeeded);
        Assert.Contains("appears twice", duplicate.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InputOverTheLimit_IsReportedNotRead()
    {
        var error = SingleError(StringTableCsv.Read(new byte[100], new StringTableCsvOptions { MaxBytes = 10 }));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AHugeField_IsReadWhole()
    {
        var big = new string('x', 5_000_000);
        var table = Load($"language,id,text\nfr,line:a,\"{big}\"\n");

        Assert.Equal(big.Length, Entry(table, "line:a").Length);
    }

    [Fact]
    public void Read_RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var result = StringTableCsv.Read(bytes);
            Assert.True(result.Succeeded || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
        }, iter: 2000);
    }

    [Fact]
    public void Parse_RandomCsvLikeText_NeverThrows_AndEveryDiagnosticHasAPosition()
    {
        var alphabet = Pick(',', ';', '"', '\n', '\r', 'a', 'i', 'd', ' ', '\t', 'x');
        var header = Pick("id,text\n", "language,id,text,character,hash\n", "\"id\";\"text\"\r\n", string.Empty);
        Gen.Select(header, alphabet.Array[0, 300]).Sample((h, body) =>
        {
            var result = StringTableCsv.Parse(h + new string(body), new StringTableCsvOptions { Locale = "fr" });
            foreach (var d in result.Diagnostics)
            {
                Assert.True(d.Row >= 0 && d.Column >= 0 && d.Line >= 0);
                Assert.False(string.IsNullOrWhiteSpace(d.Message));
                _ = d.ToString();
            }
        }, iter: 3000);
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
}

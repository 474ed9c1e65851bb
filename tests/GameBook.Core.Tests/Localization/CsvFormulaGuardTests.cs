using CsCheck;
using GameBook.Localization;

namespace GameBook.Core.Tests.Localization;

/// <summary>CSV injection: fields a spreadsheet would run as formulas are written with an apostrophe in front, and the reader gives back the exact text.</summary>
public class CsvFormulaGuardTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-- Yes, she said.", "'-- Yes, she said.")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tindented", "'\tindented")]
    [InlineData("\rcarriage", "'\rcarriage")]
    [InlineData("'=already guarded", "''=already guarded")]
    [InlineData("''", "'''")]
    [InlineData("'Tis the season", "'Tis the season")]
    [InlineData("'", "'")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    [InlineData(" =1", " =1")]
    public void GuardFormula_PrefixesFormulaStarts_AndUnguardGivesTheTextBack(string text, string written)
    {
        Assert.Equal(written, StringTableCsv.GuardFormula(text));
        Assert.Equal(text, StringTableCsv.UnguardFormula(written));
    }

    [Fact]
    public void GuardThenUnguard_IsTheIdentity_AndAGuardedFieldNeverStartsAFormula_ForRandomText()
    {
        var starts = Gen.OneOf(Gen.Const(""), Gen.Const("="), Gen.Const("+"), Gen.Const("-"), Gen.Const("@"), Gen.Const("\t"), Gen.Const("\r"),
            Gen.Const("'"), Gen.Const("''"), Gen.Const("'="), Gen.Const("'''@"));
        Gen.Select(starts, Gen.String).Select((a, b) => a + b).Sample(text =>
        {
            var guarded = StringTableCsv.GuardFormula(text);
            Assert.Equal(text, StringTableCsv.UnguardFormula(guarded));
            Assert.False(guarded.Length > 0 && guarded[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"'{guarded}' starts a formula");
        }, iter: 5000);
    }

    [Fact]
    public void Read_UndoesTheGuard_InEveryColumn()
    {
        var read = StringTableCsv.Parse("language,id,text,character\r\nfr,line:a,\"'=HYPERLINK(\"\"http://x\"\")\",'@bot\r\nfr,line:b,'Tis,\r\nfr,line:c,''=,\r\n");
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        Assert.True(read.Table!.TryGetEntry("line:a", out var a));
        Assert.Equal(("=HYPERLINK(\"http://x\")", "@bot"), (a.Text, a.Character));
        Assert.True(read.Table.TryGetEntry("line:b", out var b));
        Assert.Equal("'Tis", b.Text);
        Assert.True(read.Table.TryGetEntry("line:c", out var c));
        Assert.Equal("'=", c.Text);
    }
}

using GameBook.Compilation;

namespace GameBook.Core.Tests.Compilation;

internal static class DiagnosticAssert
{
    /// <summary>Start &lt;= end, both inside the file (a column may sit one past the end of its line).</summary>
    public static void HasValidRange(Diagnostic d, string text)
    {
        // Lines as the compiler counts them: a leading byte order mark is not a column, a lone CR ends a line.
        var lines = System.Text.RegularExpressions.Regex.Replace(text.StartsWith('\uFEFF') ? text[1..] : text, "\r(?!\n)", "\n").Split('\n');
        var r = d.Range;
        Assert.True(r.StartLine >= 1 && r.StartColumn >= 1, d.ToString());
        Assert.True(r.StartLine < r.EndLine || (r.StartLine == r.EndLine && r.StartColumn <= r.EndColumn), d.ToString());
        Assert.True(r.EndLine <= lines.Length, d.ToString());
        Assert.True(r.StartColumn <= lines[r.StartLine - 1].Length + 1, d.ToString());
        Assert.True(r.EndColumn <= lines[r.EndLine - 1].Length + 1, d.ToString());
        Assert.False(string.IsNullOrWhiteSpace(d.Message));
        Assert.Matches("^GB[0-9]{4}$", d.Code);
    }
}

using System.Globalization;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>
/// Writes diagnostics for people, the way C# and Rust compilers do: <c>path(line,col): error GB0007: message</c>,
/// then the source line and a caret range under the problem. Thread-safe (stateless).
/// </summary>
public static class DiagnosticText
{
    /// <summary>Writes each diagnostic with its source excerpt, then a summary line (<c>1 error, 2 warnings</c>).</summary>
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<StorySource> sources, TextWriter output, bool summary = false)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(output);
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            lines.TryAdd(source.Path, source.Text.ReplaceLineEndings("\n").Split('\n'));
        }

        foreach (var diagnostic in diagnostics)
        {
            output.WriteLine(StoryFiles.Format(diagnostic));
            if (lines.TryGetValue(diagnostic.File, out var text))
            {
                WriteExcerpt(diagnostic.Range, text, output);
            }
        }

        if (summary)
        {
            output.WriteLine(Summary(diagnostics));
        }
    }

    /// <summary><c>2 errors, 1 warning</c>, or <c>No problems found.</c></summary>
    public static string Summary(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        return errors == 0 && warnings == 0
            ? "No problems found."
            : string.Create(CultureInfo.InvariantCulture, $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}.");
    }

    /// <summary>The machine form: <c>path(line,col,endLine,endCol): error GB0007: message</c> (MSBuild's canonical format).</summary>
    public static string FormatWithRange(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var r = diagnostic.Range;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{diagnostic.File}({r.StartLine},{r.StartColumn},{r.EndLine},{r.EndColumn}): {StoryFiles.SeverityName(diagnostic.Severity)} {diagnostic.Code}: {diagnostic.Message}");
    }

    /// <summary>
    /// Writes <c>   3 | source line</c> and <c>     |     ^^^^</c> under columns start..end (end exclusive). A range that
    /// runs past its first line is underlined to that line's end. Tabs before the range are kept in the caret line,
    /// so the carets line up however the terminal expands tabs.
    /// </summary>
    internal static void WriteExcerpt(SourceRange range, string[] lines, TextWriter output)
    {
        if (range.StartLine < 1 || range.StartLine > lines.Length)
        {
            return;
        }

        var line = lines[range.StartLine - 1];
        var number = range.StartLine.ToString(CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        output.WriteLine($" {number} | {line}");
        var start = Math.Clamp(range.StartColumn, 1, line.Length + 1);
        var end = range.EndLine > range.StartLine ? line.Length + 1 : Math.Clamp(range.EndColumn, start, line.Length + 1);
        var carets = new StringBuilder();
        for (var i = 0; i < start - 1; i++)
        {
            carets.Append(line[i] == '\t' ? '\t' : ' ');
        }

        carets.Append('^', Math.Max(1, end - start));
        output.WriteLine($" {gutter} | {carets}");
    }
}

using System.Collections.Immutable;
using System.Globalization;
using GameBook.Compilation;

namespace GameBook.Localization;

/// <summary>
/// A problem in a string-table CSV, at a spreadsheet position. An immutable value.
/// </summary>
/// <param name="Severity">Errors stop the table from loading; warnings do not.</param>
/// <param name="Row">The 1-based row (record) as a spreadsheet shows it: the header is row 1; 0 for the whole file.</param>
/// <param name="Column">The 1-based column (field) number, or 0 when the problem is the whole row or file.</param>
/// <param name="Line">The 1-based text line where the problem is (a quoted field may span several), or 0 for the whole file.</param>
/// <param name="Message">What is wrong and what to change.</param>
public readonly record struct StringTableDiagnostic(DiagnosticSeverity Severity, int Row, int Column, int Line, string Message)
{
    /// <summary>The column as a spreadsheet names it (<c>A</c>, <c>B</c>, … <c>AA</c>), or empty.</summary>
    public string ColumnLetter
    {
        get
        {
            var letters = string.Empty;
            for (var n = Column; n > 0; n = (n - 1) / 26)
            {
                letters = (char)('A' + ((n - 1) % 26)) + letters;
            }

            return letters;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var where = Row == 0 ? "file" : Column == 0
            ? string.Format(CultureInfo.InvariantCulture, "row {0} (line {1})", Row, Line)
            : string.Format(CultureInfo.InvariantCulture, "row {0}, column {1} (line {2})", Row, ColumnLetter, Line);
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return $"{where}: {severity}: {Message}";
    }
}

/// <summary>What reading a string-table CSV gave. Immutable and thread-safe.</summary>
public sealed class StringTableReadResult
{
    internal StringTableReadResult(StringTable? table, ImmutableArray<StringTableDiagnostic> diagnostics)
    {
        Table = table;
        Diagnostics = diagnostics;
    }

    /// <summary>The table, or null when the file had errors (see <see cref="Diagnostics"/>).</summary>
    public StringTable? Table { get; }

    /// <summary>Every problem found, in file order.</summary>
    public ImmutableArray<StringTableDiagnostic> Diagnostics { get; }

    /// <summary>True when the table loaded (there may still be warnings).</summary>
    public bool Succeeded => Table is not null;
}

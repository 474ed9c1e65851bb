using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Localization;

/// <summary>
/// A project's base string table: one row per line and option in reading order (file, node, position), ready to
/// write as the one CSV translators work in. Immutable and thread-safe.
/// </summary>
public sealed class StringTableExport
{
    /// <summary>The CSV columns, in order.</summary>
    public static readonly ImmutableArray<string> Columns = ["language", "id", "text", "character", "kind", "file", "node", "line", "comment", "hash"];

    internal StringTableExport(Story? story, string baseLocale, ImmutableArray<StringTableRow> rows, ImmutableArray<Diagnostic> diagnostics)
    {
        Story = story;
        BaseLocale = baseLocale;
        Rows = rows;
        Diagnostics = diagnostics;
    }

    /// <summary>The compiled story, or null when it did not compile (then <see cref="Rows"/> is empty).</summary>
    public Story? Story { get; }

    /// <summary>The locale of the base text.</summary>
    public string BaseLocale { get; }

    /// <summary>The rows in reading order.</summary>
    public ImmutableArray<StringTableRow> Rows { get; }

    /// <summary>The compiler's diagnostics, plus a warning per line without a <c>#line:</c> ID (<see cref="LocalizationCodes.UnstableLineId"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when the story compiled and the table has its lines.</summary>
    public bool Succeeded => Story is not null;

    /// <summary>Writes the table as CSV (RFC 4180, CRLF) to a text writer.</summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CsvWriter.WriteRecord(writer, Columns);
        var fields = new string?[Columns.Length];
        foreach (var row in Rows)
        {
            fields[0] = BaseLocale;
            fields[1] = row.Id;
            fields[2] = row.Text;
            fields[3] = row.Character;
            fields[4] = row.Kind == StoryLineKind.Option ? "option" : "line";
            fields[5] = row.File;
            fields[6] = row.Node;
            fields[7] = row.Line.ToString(CultureInfo.InvariantCulture);
            fields[8] = row.Comment;
            fields[9] = row.Hash;
            CsvWriter.WriteRecord(writer, fields);
        }
    }

    /// <summary>Writes the table as a UTF-8 CSV file (with a byte order mark, so spreadsheet programs read it as UTF-8).</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void WriteCsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, CsvWriter.FileEncoding, 65536, leaveOpen: true);
        WriteCsv(writer);
    }

    /// <summary>The table as CSV text.</summary>
    /// <returns>The CSV, without a byte order mark.</returns>
    public string ToCsv()
    {
        var builder = new StringBuilder((Rows.Length + 1) * 200);
        using var writer = new StringWriter(builder, CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return builder.ToString();
    }
}

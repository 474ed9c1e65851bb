using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Runtime;

namespace GameBook.Authoring.Localization;

/// <summary>One line for a voice actor to record. Immutable and thread-safe.</summary>
/// <param name="Character">Who speaks it.</param>
/// <param name="Id">The line ID (name the audio file after it).</param>
/// <param name="Text">What is said, without the speaker prefix.</param>
/// <param name="Context">The line before it in the node (speaker prefix included), or empty for a node's first line.</param>
/// <param name="File">The source file.</param>
/// <param name="Node">The node's title.</param>
/// <param name="Line">The 1-based source line.</param>
public sealed record RecordingSheetRow(string Character, string Id, string Text, string Context, string File, string Node, int Line);

/// <summary>
/// A voice-over recording sheet: one row per spoken line (a line with a speaker, <c>Name: text</c>), with the line
/// before it as context, sorted by character and then reading order, so each actor's session is one block.
/// Immutable and thread-safe.
/// </summary>
public sealed class RecordingSheet
{
    /// <summary>The CSV columns, in order.</summary>
    public static readonly ImmutableArray<string> Columns = ["character", "id", "text", "context", "file", "node", "line"];

    private RecordingSheet(ImmutableArray<RecordingSheetRow> rows) => Rows = rows;

    /// <summary>The rows, by character (ordinal, ignoring case) then reading order.</summary>
    public ImmutableArray<RecordingSheetRow> Rows { get; }

    /// <summary>The characters in sheet order, each once.</summary>
    public ImmutableArray<string> Characters => [.. Rows.Select(r => r.Character).Distinct(StringComparer.Ordinal)];

    /// <summary>Builds the sheet from a project's base string table.</summary>
    /// <param name="table">The export (<see cref="StringTableExporter.Export"/>); an unsuccessful one gives an empty sheet.</param>
    /// <returns>The sheet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    public static RecordingSheet Create(StringTableExport table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<(RecordingSheetRow Row, int Order)>();
        string? previous = null;
        string? previousNodeKey = null;
        for (var i = 0; i < table.Rows.Length; i++)
        {
            var row = table.Rows[i];
            var nodeKey = row.File + "\n" + row.Node;
            var context = nodeKey == previousNodeKey ? previous ?? string.Empty : string.Empty;
            if (row.Kind == StoryLineKind.Line && row.Character.Length > 0)
            {
                rows.Add((new RecordingSheetRow(row.Character, row.Id, row.Text, context, row.File, row.Node, row.Line), i));
            }

            previous = row.FullText;
            previousNodeKey = nodeKey;
        }

        rows.Sort((a, b) =>
        {
            var byCharacter = StringComparer.OrdinalIgnoreCase.Compare(a.Row.Character, b.Row.Character);
            byCharacter = byCharacter != 0 ? byCharacter : string.CompareOrdinal(a.Row.Character, b.Row.Character);
            return byCharacter != 0 ? byCharacter : a.Order.CompareTo(b.Order);
        });
        return new RecordingSheet([.. rows.Select(r => r.Row)]);
    }

    /// <summary>Writes the sheet as CSV (RFC 4180, CRLF).</summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CsvWriter.WriteRecord(writer, Columns);
        foreach (var r in Rows)
        {
            CsvWriter.WriteRecord(writer, [r.Character, r.Id, r.Text, r.Context, r.File, r.Node, r.Line.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    /// <summary>Writes the sheet as a UTF-8 CSV file with a byte order mark.</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void WriteCsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, CsvWriter.FileEncoding, 65536, leaveOpen: true);
        WriteCsv(writer);
    }

    /// <summary>The sheet as CSV text.</summary>
    /// <returns>The CSV, without a byte order mark.</returns>
    public string ToCsv()
    {
        var builder = new StringBuilder();
        using var writer = new StringWriter(builder, CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return builder.ToString();
    }
}

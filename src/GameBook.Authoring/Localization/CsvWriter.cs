using System.Text;

namespace GameBook.Authoring.Localization;

/// <summary>
/// Writes RFC 4180 CSV: CRLF record ends, fields quoted when they hold a comma, quote, line break or edge whitespace,
/// and fields a spreadsheet would run as a formula neutralised (<see cref="GameBook.Localization.StringTableCsv.GuardFormula"/>,
/// undone by the reader).
/// </summary>
internal static class CsvWriter
{
    public static void WriteRecord(TextWriter writer, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i] ?? string.Empty);
        }

        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string field)
    {
        field = GameBook.Localization.StringTableCsv.GuardFormula(field);
        var quote = field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]));
        foreach (var c in field)
        {
            quote |= c is ',' or '"' or '\r' or '\n';
        }

        if (!quote)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>UTF-8 with a byte order mark, so spreadsheet programs open the file as UTF-8.</summary>
    public static readonly Encoding FileEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}

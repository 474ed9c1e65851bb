using System.Collections.Immutable;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Localization;

/// <summary>An RFC 4180 record splitter that reports malformed quoting with its position instead of throwing.</summary>
internal static class CsvRecords
{
    /// <summary>One record: its fields and the 1-based text line it starts on.</summary>
    public sealed record Record(List<string> Fields, int Line);

    public static List<Record> Read(string text, char separator, ImmutableArray<StringTableDiagnostic>.Builder diagnostics)
    {
        var records = new List<Record>();
        ReadOnlySpan<char> special = [separator, '\n', '\r', '"'];
        var field = new StringBuilder();
        var fields = new List<string>();
        var line = 1;
        var recordLine = 1;
        var lineStart = 0;
        var i = 0;
        var atFieldStart = true;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                // Quoted field: up to the quote not followed by another quote.
                var openLine = line;
                var openColumn = i - lineStart + 1;
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        closed = true;
                        break;
                    }

                    if (q == '\n' || (q == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                        lineStart = i + 1;
                        field.Append(q);
                        i++;
                        continue;
                    }

                    var run = text.AsSpan(i).IndexOfAny('"', '\n', '\r');
                    var length = run < 0 ? text.Length - i : Math.Max(run, 1);
                    field.Append(text, i, length);
                    i += length;
                }

                if (!closed)
                {
                    diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, records.Count + 1, fields.Count + 1, openLine,
                        $"The quote opened at line {openLine}, character {openColumn} is never closed, so the rest of the file would be one field: add the closing '\"' (write '\"\"' for a quote inside a quoted field)."));
                    fields.Add(field.ToString());
                    records.Add(new Record(fields, recordLine));
                    return records;
                }

                // After the closing quote only a separator or the end of the record may follow.
                if (i < text.Length && text[i] != separator && text[i] != '\n' && text[i] != '\r')
                {
                    diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, records.Count + 1, fields.Count + 1, line,
                        $"Text follows the closing quote at line {line}, character {i - lineStart + 1}: a quoted field ends at its quote, so write '\"\"' for a quote inside it."));
                    while (i < text.Length && text[i] != separator && text[i] != '\n' && text[i] != '\r')
                    {
                        field.Append(text[i++]);
                    }
                }

                atFieldStart = false;
                any = true;
                continue;
            }

            if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                any = true;
                i++;
                continue;
            }

            if (c is '\n' or '\r')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add(new Record(fields, recordLine));
                fields = [];
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                lineStart = i;
                recordLine = line;
                atFieldStart = true;
                any = false;
                continue;
            }

            if (c != '"')
            {
                // The run up to the next special character is copied at once.
                var run = text.AsSpan(i).IndexOfAny(special);
                var length = run < 0 ? text.Length - i : Math.Max(run, 1);
                field.Append(text, i, length);
                atFieldStart = false;
                any = true;
                i += length;
                continue;
            }

            if (c == '"')
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Warning, records.Count + 1, fields.Count + 1, line,
                    $"A quote inside an unquoted field (line {line}, character {i - lineStart + 1}) is read as a quote; quote the whole field and double the quote ('\"\"') to be sure."));
            }

            field.Append(c);
            atFieldStart = false;
            any = true;
            i++;
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add(new Record(fields, recordLine));
        }

        return records;
    }
}

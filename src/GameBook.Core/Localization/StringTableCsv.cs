using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Localization;

/// <summary>
/// Reads a translated string table from CSV (RFC 4180: quoted fields with <c>""</c> for a quote, separators and
/// line breaks inside quotes, CRLF, LF or CR line ends), the format GameBook.Authoring's string-table export writes.
/// The header row names the columns, in any order and case: <c>id</c> and <c>text</c> are required (a
/// <c>translation</c> column, when present, is read instead of <c>text</c>); <c>character</c>, <c>hash</c> and
/// <c>language</c> are used when present; any other column (<c>file</c>, <c>node</c>, <c>comment</c>…) is ignored.
/// Bad input never throws: every problem comes back as a <see cref="StringTableDiagnostic"/> with its row and column.
/// Thread-safe: calls share no state.
/// </summary>
#pragma warning disable RS0026 // Bytes, stream and text entry points with the same optional settings: the shape readers expect.
public static class StringTableCsv
{
    /// <summary>The line ID column.</summary>
    public const string IdColumn = "id";

    /// <summary>The text column: the base text in an export, the translation in a translator's copy.</summary>
    public const string TextColumn = "text";

    /// <summary>An optional column read instead of <see cref="TextColumn"/>, for sheets that keep the base text beside the translation.</summary>
    public const string TranslationColumn = "translation";

    /// <summary>The speaker's name column (translatable).</summary>
    public const string CharacterColumn = "character";

    /// <summary>The base-text hash column (see <see cref="StringTableEntry.BaseHash"/>).</summary>
    public const string HashColumn = "hash";

    /// <summary>The locale column.</summary>
    public const string LanguageColumn = "language";

    /// <summary>The mark <see cref="GuardFormula"/> puts before a field a spreadsheet would run as a formula: an apostrophe.</summary>
    public const char FormulaGuard = '\'';

    /// <summary>
    /// Neutralises a field a spreadsheet program would take for a formula (CSV injection): a field that starts with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets an apostrophe in front (<c>=1+2</c> is
    /// written <c>'=1+2</c>, which spreadsheets show as text). A field that already starts with an apostrophe followed
    /// by one of those characters or by another apostrophe gets one more, so <see cref="UnguardFormula"/> (which
    /// <see cref="Read(ReadOnlySpan{byte}, StringTableCsvOptions?)"/> applies to every field) gives back exactly the
    /// original text. Any other field is returned as it is.
    /// </summary>
    /// <param name="field">The field's text.</param>
    /// <returns>The text to write.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    public static string GuardFormula(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Length > 0 && (IsFormulaStart(field[0]) || (field[0] == FormulaGuard && field.Length > 1 && IsGuarded(field[1])))
            ? FormulaGuard + field
            : field;
    }

    /// <summary>
    /// Undoes <see cref="GuardFormula"/>: drops the apostrophe in front of a field when the next character is one a
    /// formula starts with (<c>= + - @</c>, tab, carriage return) or another apostrophe. Any other field, including
    /// one that starts with an apostrophe and a letter (<c>'Tis</c>), is returned as it is.
    /// </summary>
    /// <param name="field">The field as read.</param>
    /// <returns>The field's text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    public static string UnguardFormula(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Length > 1 && field[0] == FormulaGuard && IsGuarded(field[1]) ? field[1..] : field;
    }

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsGuarded(char c) => IsFormulaStart(c) || c == FormulaGuard;

    /// <summary>Reads a CSV file's bytes.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="options">Locale, separator, encoding; null uses the defaults.</param>
    /// <returns>The table, or the problems that kept it from loading.</returns>
    public static StringTableReadResult Read(ReadOnlySpan<byte> bytes, StringTableCsvOptions? options = null)
    {
        options ??= new StringTableCsvOptions();
        var diagnostics = ImmutableArray.CreateBuilder<StringTableDiagnostic>();
        if (bytes.Length > options.MaxBytes)
        {
            diagnostics.Add(FileError($"The file has {bytes.Length} bytes, more than the limit of {options.MaxBytes} (StringTableCsvOptions.MaxBytes): split the table or raise the limit."));
            return new StringTableReadResult(null, diagnostics.ToImmutable());
        }

        var text = Decode(bytes, options.Encoding, diagnostics);
        return text is null ? new StringTableReadResult(null, diagnostics.ToImmutable()) : ParseCore(text, options, diagnostics);
    }

    /// <summary>Reads a CSV file from a stream (to its end; the stream is not closed).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Locale, separator, encoding; null uses the defaults.</param>
    /// <returns>The table, or the problems that kept it from loading.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static StringTableReadResult Read(Stream stream, StringTableCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new StringTableCsvOptions();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > options.MaxBytes)
            {
                return new StringTableReadResult(null, [FileError($"The file is larger than the limit of {options.MaxBytes} bytes (StringTableCsvOptions.MaxBytes): split the table or raise the limit.")]);
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    /// <summary>Reads CSV text that is already decoded.</summary>
    /// <param name="text">The file's text (a leading byte order mark is skipped).</param>
    /// <param name="options">Locale and separator; null uses the defaults.</param>
    /// <returns>The table, or the problems that kept it from loading.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static StringTableReadResult Parse(string text, StringTableCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseCore(text.StartsWith('\uFEFF') ? text[1..] : text, options ?? new StringTableCsvOptions(), ImmutableArray.CreateBuilder<StringTableDiagnostic>());
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf32LeBom => [0xFF, 0xFE, 0x00, 0x00];

    private static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];

    private static StringTableDiagnostic FileError(string message) => new(DiagnosticSeverity.Error, 0, 0, 0, message);

    private static string? Decode(ReadOnlySpan<byte> bytes, Encoding? forced, ImmutableArray<StringTableDiagnostic>.Builder diagnostics)
    {
        Encoding encoding;
        var skip = 0;
        if (forced is not null)
        {
            encoding = (Encoding)forced.Clone();
            encoding.DecoderFallback = DecoderFallback.ExceptionFallback;
            var preamble = forced.GetPreamble();
            skip = bytes.StartsWith(preamble) ? preamble.Length : 0;
        }
        else if (bytes.StartsWith(Utf8Bom))
        {
            (encoding, skip) = (new UTF8Encoding(false, true), 3);
        }
        else if (bytes.StartsWith(Utf32LeBom))
        {
            (encoding, skip) = (new UTF32Encoding(false, false, true), 4);
        }
        else if (bytes.StartsWith(Utf16LeBom))
        {
            (encoding, skip) = (new UnicodeEncoding(false, false, true), 2);
        }
        else if (bytes.StartsWith(Utf16BeBom))
        {
            (encoding, skip) = (new UnicodeEncoding(true, false, true), 2);
        }
        else
        {
            encoding = new UTF8Encoding(false, true);
        }

        var body = bytes[skip..];
        try
        {
            var text = encoding.GetString(body);
            if (forced is null && skip == 0 && text.Contains('\0', StringComparison.Ordinal))
            {
                diagnostics.Add(FileError("The file contains NUL characters: it is binary, or UTF-16 without a byte order mark. Save it as UTF-8 ('CSV UTF-8' in spreadsheet programs), or pass its encoding in StringTableCsvOptions.Encoding."));
                return null;
            }

            return text;
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, body.Length);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < at; i++)
            {
                if (body[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            var badByte = at < body.Length ? body[at].ToString("X2", CultureInfo.InvariantCulture) : "?";
            diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, 0, 0, line,
                $"The file is not valid {encoding.WebName}: byte 0x{badByte} at line {line}, byte {at - lineStart + 1} of the line. Save it as UTF-8 ('CSV UTF-8' in spreadsheet programs), or pass its encoding in StringTableCsvOptions.Encoding (for example Encoding.Latin1)."));
            return null;
        }
    }

    private static StringTableReadResult ParseCore(string text, StringTableCsvOptions options, ImmutableArray<StringTableDiagnostic>.Builder diagnostics)
    {
        var separator = options.Separator ?? DetectSeparator(text);
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The separator cannot be a quote or a line break.", nameof(options));
        }

        var records = CsvRecords.Read(text, separator, diagnostics);
        foreach (var record in records)
        {
            var fields = record.Fields;
            for (var f = 0; f < fields.Count; f++)
            {
                fields[f] = UnguardFormula(fields[f]);
            }
        }

        if (records.Count == 0)
        {
            diagnostics.Add(FileError($"The file is empty: a string table starts with a header row such as '{IdColumn},{TextColumn}'."));
            return new StringTableReadResult(null, diagnostics.ToImmutable());
        }

        var header = records[0];
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < header.Fields.Count; c++)
        {
            var name = header.Fields[c].Trim();
            if (name.Length > 0 && !columns.TryAdd(name, c))
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, 1, c + 1, header.Line,
                    $"The column '{name}' appears twice in the header (columns {Letter(columns[name] + 1)} and {Letter(c + 1)}): rename or remove one."));
            }
        }

        var idColumn = columns.GetValueOrDefault(IdColumn, -1);
        var textColumn = columns.TryGetValue(TranslationColumn, out var t) ? t : columns.GetValueOrDefault(TextColumn, -1);
        if (idColumn < 0 || textColumn < 0)
        {
            var missing = idColumn < 0 && textColumn < 0 ? $"'{IdColumn}' and '{TextColumn}'" : idColumn < 0 ? $"'{IdColumn}'" : $"'{TextColumn}'";
            var found = string.Join(", ", header.Fields.Select(f => $"'{f}'"));
            diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, 1, 0, header.Line,
                $"The header row has no {missing} column (found {found}, separator '{Printable(separator)}'): the first row must name the columns, such as '{IdColumn}{separator}{TextColumn}{separator}{CharacterColumn}{separator}{HashColumn}'."));
            return new StringTableReadResult(null, diagnostics.ToImmutable());
        }

        var characterColumn = columns.GetValueOrDefault(CharacterColumn, -1);
        var hashColumn = columns.GetValueOrDefault(HashColumn, -1);
        var languageColumn = columns.GetValueOrDefault(LanguageColumn, -1);
        var locale = string.IsNullOrWhiteSpace(options.Locale) ? null : options.Locale.Trim();
        var localeRow = 0;
        var entries = new List<StringTableEntry>(records.Count);
        var rowOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var needed = Math.Max(idColumn, textColumn) + 1;
        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            var row = r + 1;
            var fields = record.Fields;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count < needed)
            {
                var lacking = fields.Count <= idColumn ? IdColumn : TextColumn;
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, row, fields.Count + 1, record.Line,
                    $"This row has {fields.Count} field(s) but the header has {header.Fields.Count}, so it has no '{lacking}' (column {Letter((lacking == IdColumn ? idColumn : textColumn) + 1)}): check for a missing separator or an unescaped quote."));
                continue;
            }

            if (fields.Count > header.Fields.Count)
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Warning, row, header.Fields.Count + 1, record.Line,
                    $"This row has {fields.Count} fields but the header has {header.Fields.Count}: the extra fields are ignored. A text containing '{Printable(separator)}' must be quoted."));
            }

            var id = fields[idColumn].Trim();
            if (id.Length == 0)
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, row, idColumn + 1, record.Line, "This row has no line ID: fill in the 'id' column (such as 'line:3f2a9c1b') or delete the row."));
                continue;
            }

            if (!id.StartsWith("line:", StringComparison.Ordinal))
            {
                id = "line:" + id;
            }

            if (rowOfId.TryGetValue(id, out var firstRow))
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, row, idColumn + 1, record.Line, $"The line ID '{id}' is already on row {firstRow}: keep one row per line."));
                continue;
            }

            rowOfId.Add(id, row);
            if (languageColumn >= 0 && languageColumn < fields.Count && fields[languageColumn].Trim() is { Length: > 0 } language)
            {
                if (locale is null)
                {
                    (locale, localeRow) = (language, row);
                }
                else if (!string.Equals(locale, language, StringComparison.OrdinalIgnoreCase))
                {
                    var source = localeRow == 0 ? "the locale asked for" : $"row {localeRow}";
                    diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Error, row, languageColumn + 1, record.Line,
                        $"This row's language is '{language}' but {source} says '{locale}': one table holds one locale, so split the file or fix the column."));
                    continue;
                }
            }

            var value = fields[textColumn];
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                diagnostics.Add(new StringTableDiagnostic(DiagnosticSeverity.Warning, row, textColumn + 1, record.Line,
                    "The text contains a line break: a story line is one line, so the break is shown as it is. Remove it unless it is meant."));
                value = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            }

            var character = characterColumn >= 0 ? (characterColumn < fields.Count ? fields[characterColumn].Trim() : string.Empty) : null;
            var hash = hashColumn >= 0 && hashColumn < fields.Count && fields[hashColumn].Trim() is { Length: > 0 } h ? h : null;
            entries.Add(new StringTableEntry(id, value, character, hash));
        }

        if (locale is null)
        {
            diagnostics.Add(FileError($"The table does not say its locale: add a '{LanguageColumn}' column (such as 'fr') or pass StringTableCsvOptions.Locale."));
        }

        foreach (var d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                return new StringTableReadResult(null, diagnostics.ToImmutable());
            }
        }

        return new StringTableReadResult(StringTable.Create(locale!, entries), diagnostics.ToImmutable());
    }

    // The header row's most frequent separator candidate outside quotes; a comma when there is none.
    private static char DetectSeparator(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
    }

    private static string Printable(char c) => c == '\t' ? "tab" : c.ToString();

    private static string Letter(int column) => new StringTableDiagnostic(default, 1, column, 0, string.Empty).ColumnLetter;
}

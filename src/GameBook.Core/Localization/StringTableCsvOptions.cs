using System.Text;

namespace GameBook.Localization;

/// <summary>How <see cref="StringTableCsv"/> reads a file. Immutable once built (init-only); may be shared.</summary>
public sealed class StringTableCsvOptions
{
    /// <summary>The largest input read, in bytes (default 256 MiB); a larger file is reported, not read.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The table's locale; null takes it from the <c>language</c> column (every row must agree). When both are
    /// given, rows naming another language are reported.
    /// </summary>
    public string? Locale { get; init; }

    /// <summary>The field separator; null detects it from the header row (comma, semicolon or tab).</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// The file's text encoding; null reads the byte order mark (UTF-8, UTF-16, UTF-32) and otherwise requires
    /// UTF-8, reporting where a byte is not. Set it for a file saved in a legacy code page.
    /// </summary>
    public Encoding? Encoding { get; init; }

    /// <summary>The largest input read, in bytes; at least 1.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
}

using System.Text;
using GameBook.Compilation;

namespace GameBook.Authoring.Localization;

/// <summary>
/// Reads a source file so that writing it back reproduces every byte (the byte order mark, if any, stays in the
/// text as U+FEFF), and replaces files through a temporary file so a failure never leaves a partial file.
/// </summary>
internal static class SourceFileIO
{
    public static bool TryRead(string path, out string text, out Encoding encoding, out Diagnostic? problem)
    {
        text = string.Empty;
        encoding = Utf8Strict;
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = FileProblem(path, $"The file cannot be read: {ex.Message}");
            return false;
        }

        encoding = bytes.AsSpan().StartsWith(Utf16LeBom) ? new UnicodeEncoding(false, false, true)
            : bytes.AsSpan().StartsWith(Utf16BeBom) ? new UnicodeEncoding(true, false, true)
            : Utf8Strict;
        try
        {
            // GetString keeps a byte order mark as U+FEFF, so encoding the text again gives the same bytes.
            text = encoding.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, bytes.Length);
            var line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
            problem = new Diagnostic(LocalizationCodes.FileProblem, DiagnosticSeverity.Error, path, new SourceRange(line, 1, line, 1),
                $"The file is not valid {encoding.WebName} (byte {at} on line {line}): story files are UTF-8; convert it, then run the tool again. It was left unchanged.");
            return false;
        }
    }

    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/>, then moves it over the original.</summary>
    public static Diagnostic? ReplaceAtomically(string path, string text, Encoding encoding)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var bytes = encoding.GetBytes(text);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }

            File.Move(temp, full, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The temporary file is harmless; the original is untouched either way.
            }

            return FileProblem(path, $"The file could not be written ({ex.Message}); it was left unchanged.");
        }
    }

    public static Diagnostic FileProblem(string path, string message) =>
        new(LocalizationCodes.FileProblem, DiagnosticSeverity.Error, path, new SourceRange(1, 1, 1, 1), message);

    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];
}

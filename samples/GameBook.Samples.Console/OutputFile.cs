namespace GameBook.Samples.Console;

/// <summary>
/// Writes what a command produced: to standard output, or with <c>-o</c> to a file, atomically (a temporary file in
/// the same folder, flushed to disk, then moved over the target), so a reader never sees half a file and a failed
/// write leaves the old one. Thread-safe (stateless).
/// </summary>
internal static class OutputFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, or to <paramref name="output"/> when the path is null; returns null, or why it failed.</summary>
    public static string? WriteText(string? path, string text, TextWriter output)
    {
        if (path is null)
        {
            output.Write(text);
            return null;
        }

        return WriteBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; returns null, or why it failed.</summary>
    public static string? WriteBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string? temp = null;
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                return $"cannot write '{path}': it is a directory, not a file.";
            }

            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory))
            {
                return $"cannot write '{path}': the folder '{directory}' does not exist.";
            }

            temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            temp = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write '{path}': {(e is UnauthorizedAccessException ? "access is denied" : e.Message)}";
        }
        finally
        {
            if (temp is not null)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }
}

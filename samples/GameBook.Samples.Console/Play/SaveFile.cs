using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>
/// Reads and writes save files (a session snapshot's JSON, with its integrity checksum). A save is written
/// atomically: to a temporary file in the same folder, flushed to disk, then moved over the old save, so a crash or
/// a full disk never leaves half a save behind. Thread-safe (stateless).
/// </summary>
internal static class SaveFile
{
    /// <summary>Saves larger than this are refused unread (a real save is a few kilobytes).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>Writes the save; returns null, or why it failed.</summary>
    public static string? Write(string path, string json)
    {
        string? temp = null;
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory))
            {
                return $"cannot save to '{path}': the folder '{directory}' does not exist.";
            }

            temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(json);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            temp = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot save to '{path}': {Reason(e, path)}";
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
                    // Nothing more to do.
                }
            }
        }
    }

    /// <summary>Reads a save: the snapshot, or why it cannot be used.</summary>
    public static (SessionSnapshot? Snapshot, string? Error) Read(string path)
    {
        string json;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return (null, $"cannot load '{path}': it is a directory, not a save file.");
            }

            if (info.Exists && info.Length > MaxBytes)
            {
                return (null, $"cannot load '{path}': {info.Length} bytes is too large for a save (at most {MaxBytes}).");
            }

            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"cannot load '{path}': {Reason(e, path)}");
        }

        var read = SessionSnapshot.FromJson(json);
        return read.Success ? (read.Snapshot, null) : (null, $"cannot load '{path}': it is not a usable save: {read.Error}");
    }

    private static string Reason(Exception e, string path) => e switch
    {
        FileNotFoundException => "the file does not exist.",
        DirectoryNotFoundException => "its folder does not exist.",
        UnauthorizedAccessException => "access is denied.",
        _ when Directory.Exists(path) => "it is a directory.",
        _ => e.Message,
    };
}

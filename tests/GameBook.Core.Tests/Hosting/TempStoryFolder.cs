namespace GameBook.Core.Tests.Hosting;

/// <summary>A fresh folder under the temp directory for one test's stories; deleted on dispose.</summary>
internal sealed class TempStoryFolder : IDisposable
{
    public TempStoryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gamebook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>
    /// Writes a file, creating its folder; <paramref name="relativePath"/> uses '/'. Writes a temporary file and
    /// renames it, so a watcher never sees the file half-written.
    /// </summary>
    public void Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }

    public void Delete(string relativePath) => File.Delete(System.IO.Path.Combine(Path, relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp directory is cleaned up eventually.
        }
    }
}

/// <summary>Story texts shared by the hosting and instrumentation tests.</summary>
internal static class Stories
{
    public static string Hello(string line = "Hello.") => $"""
        title: Start
        ---
        {line}
        ===

        """;

    /// <summary>Fails to compile: an <c>if</c> without <c>endif</c>.</summary>
    public const string Broken = """
        title: Start
        ---
        <<if true>>
        Never closed.
        ===

        """;

    /// <summary>A line, a command, an option set (two options), then a line and the end.</summary>
    public const string Tour = """
        title: Start
        ---
        Hello.
        <<wave 2>>
        -> Left
            You went left.
        -> Right
            You went right.
        ===

        """;

    /// <summary>Loops without ever producing a step, so a small instruction budget ends it with an error.</summary>
    public const string Loop = """
        title: Start
        ---
        <<jump Start>>
        ===

        """;
}

/// <summary>Waits for events with a generous timeout, so a missed event fails the test instead of hanging it.</summary>
internal static class Wait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<T> For<T>(Task<T> task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Timeout));
        Assert.True(finished == task, $"Timed out after {Timeout.TotalSeconds} s waiting for the event.");
        return await task;
    }
}

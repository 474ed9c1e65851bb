namespace GameBook.Samples.Tests;

/// <summary>A temporary folder holding story files; deleted on dispose.</summary>
internal sealed class StoryFixture : IDisposable
{
    public StoryFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gamebook-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>Runs a command with string writers and returns what it printed.</summary>
internal static class Capture
{
    public static (int Exit, string Output, string Error) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = command(output, error);
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the whole tool, as the command line does, with string streams.</summary>
internal static class Tool
{
    public static (int Exit, string Output, string Error) Run(string input, params string[] args) =>
        Capture.Run((o, e) => GameBook.Samples.Console.GameBookCli.Run(args, new GameBook.Samples.Console.CliContext(new StringReader(input), o, e)));

    public static (int Exit, string Output, string Error) Run(GameBook.Samples.Console.CliContext context, params string[] args)
    {
        var exit = GameBook.Samples.Console.GameBookCli.Run(args, context);
        return (exit, context.Output.ToString()!.ReplaceLineEndings("\n"), context.Error.ToString()!.ReplaceLineEndings("\n"));
    }
}

using System.CommandLine;
using GameBook.Authoring.Import;

namespace GameBook.Samples.Console;

/// <summary>The formats <c>gamebook import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>A GameBook Studio project (JSON).</summary>
    GamebookStudio,

    /// <summary>A Twee 3 story (Twine's text format).</summary>
    Twee,
}

/// <summary>
/// <c>gamebook import FILE --from gamebook-studio|twee [-o OUT.yarn]</c>: converts another tool's story to Yarn
/// (GameBook.Authoring's <see cref="GameBookStudioImporter"/> and <see cref="TweeImporter"/>). Diagnostics go to standard
/// error as <c>path(line,col): warning GB3008: message</c>, positioned in the input; the Yarn source goes to standard
/// output or the <c>-o</c> file, and is not written when there are errors. Thread-safe (stateless).
/// </summary>
public static class ImportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("FILE") { Description = "The file to convert: a GameBook Studio project (.json) or a Twee 3 story (.twee)." };
        var from = new Option<ImportFormat>("--from")
        {
            Description = "gamebook-studio or twee.",
            Required = true,
            CustomParser = r => FormatChoice.Parse(r, "--from", ("gamebook-studio", ImportFormat.GamebookStudio), ("twee", ImportFormat.Twee)),
        };
        var output = new Option<string>("--output", "-o") { Description = "Write the Yarn source to this file (atomically) instead of standard output." };
        var command = new Command("import", "Convert a GameBook Studio project or a Twee 3 story to Yarn; exit code 1 when it has errors.") { file, from, output };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(from), r.GetValue(output), context.Output, context.Error));
        return command;
    }

    /// <summary>Runs the command: 0 (warnings do not fail), 1 when the input has errors, 2 when a file cannot be read or written.</summary>
    public static int Run(string path, ImportFormat format, string? outputPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
                _ when Directory.Exists(path) => "it is a directory, not a file",
                UnauthorizedAccessException => "access is denied",
                _ => e.Message,
            };
            error.WriteLine($"error: cannot read '{path}': {reason}.");
            return StoryFiles.ExitUsage;
        }

        var result = format == ImportFormat.Twee
            ? TweeImporter.Import(new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), new TweeImportOptions { SourcePath = path, YarnPath = outputPath })
            : GameBookStudioImporter.Import(bytes, new GameBookStudioImportOptions { SourcePath = path, YarnPath = outputPath });
        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(StoryFiles.Format(diagnostic));
        }

        if (result.HasErrors || result.Yarn is null)
        {
            error.WriteLine(DiagnosticText.Summary(result.Diagnostics) + " Nothing was written.");
            return StoryFiles.ExitStoryError;
        }

        if (OutputFile.WriteText(outputPath, result.Yarn, output) is { } failure)
        {
            error.WriteLine($"error: {failure}");
            return StoryFiles.ExitUsage;
        }

        return StoryFiles.ExitOk;
    }
}

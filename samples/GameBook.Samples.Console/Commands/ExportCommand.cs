using System.CommandLine;
using GameBook.Authoring.Export.Json;
using GameBook.Authoring.Export.Print;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>The document formats <c>gamebook export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>The printed gamebook as Markdown.</summary>
    Markdown,

    /// <summary>The printed gamebook as one self-contained HTML page.</summary>
    Html,

    /// <summary>The printed gamebook as a PDF (needs <c>-o</c>).</summary>
    Pdf,

    /// <summary>The whole story as versioned JSON for other tools.</summary>
    Json,
}

/// <summary>What <c>gamebook export</c> writes.</summary>
/// <param name="Files">The story files, compiled together.</param>
/// <param name="Format">The document format.</param>
/// <param name="ShuffleSeed">Shuffle the section numbers with this seed (print formats); null keeps source order.</param>
/// <param name="NumbersFile">The number-map file: read when it exists so numbers stay put, then rewritten with the numbers used (print formats).</param>
/// <param name="OutputPath">The file to write; null for standard output (not allowed for PDF).</param>
public sealed record ExportSettings(IReadOnlyList<string> Files, ExportFormat Format, ulong? ShuffleSeed = null, string? NumbersFile = null, string? OutputPath = null);

/// <summary>
/// <c>gamebook export FILE... --format markdown|html|pdf|json [--shuffle SEED] [--numbers MAPFILE] [-o OUT]</c>: a printed
/// gamebook (GameBook.Authoring's <see cref="PrintExporter"/>) or the story as JSON (<see cref="StoryJsonExporter"/>).
/// Exporter warnings and number-map problems go to standard error. Thread-safe (stateless).
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var format = new Option<ExportFormat>("--format", "-f") { Description = "markdown, html, pdf (needs -o) or json.", Required = true, CustomParser = r => FormatChoice.Parse(r, "--format", ("markdown", ExportFormat.Markdown), ("html", ExportFormat.Html), ("pdf", ExportFormat.Pdf), ("json", ExportFormat.Json)) };
        var shuffle = new Option<ulong?>("--shuffle") { Description = "Shuffle the section numbers (section 1 stays the start) with this seed; the same seed gives the same book." };
        var numbers = new Option<string>("--numbers") { Description = "Number-map file: numbers in it are kept when it exists; it is then written with the numbers used." };
        var output = new Option<string>("--output", "-o") { Description = "Write to this file (atomically) instead of standard output." };
        var command = new Command("export", "Export a printable gamebook (Markdown, HTML, PDF) or the story as JSON.") { files, format, shuffle, numbers, output };
        command.SetAction(r => Run(new ExportSettings(r.GetValue(files)!, r.GetValue(format), r.GetValue(shuffle), r.GetValue(numbers), r.GetValue(output)), context.Output, context.Error));
        return command;
    }

    /// <summary>Runs the command: 0, 1 on compile errors, 2 on bad arguments, unreadable or unwritable files, or no usable PDF font.</summary>
    public static int Run(ExportSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var print = settings.Format != ExportFormat.Json;
        if (settings.Format == ExportFormat.Pdf && settings.OutputPath is null)
        {
            error.WriteLine("error: a PDF cannot go to the terminal: give a file with -o, e.g. -o book.pdf.");
            return StoryFiles.ExitUsage;
        }

        if (!print && (settings.ShuffleSeed is not null || settings.NumbersFile is not null))
        {
            error.WriteLine("error: --shuffle and --numbers number the sections of a printed book: use them with --format markdown, html or pdf.");
            return StoryFiles.ExitUsage;
        }

        var options = new PrintOptions { Shuffle = settings.ShuffleSeed is not null, Seed = settings.ShuffleSeed ?? 0 };
        if (print && settings.NumbersFile is { } mapPath && File.Exists(mapPath))
        {
            string text;
            try
            {
                text = File.ReadAllText(mapPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot read '{mapPath}': {e.Message}");
                return StoryFiles.ExitUsage;
            }

            options.PreviousNumbers = SectionNumbers.Parse(text, out var problems);
            foreach (var problem in problems)
            {
                error.WriteLine($"{mapPath}: warning: {problem}");
            }
        }

        var (result, exit) = StoryFiles.Compile(settings.Files, error, new CompileOptions { IncludeOutline = true });
        if (result?.Story is not { } story)
        {
            return exit;
        }

        if (!print)
        {
            return Write(OutputFile.WriteText(settings.OutputPath, StoryJsonExporter.Export(story), output), error);
        }

        var export = settings.Format switch
        {
            ExportFormat.Html => PrintExporter.ExportHtml(story, options),
            ExportFormat.Pdf => PrintExporter.ExportPdf(story, options),
            _ => PrintExporter.ExportMarkdown(story, options),
        };
        foreach (var warning in export.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        if (export.Error is { } exportError)
        {
            error.WriteLine($"error: {exportError}");
            return StoryFiles.ExitUsage;
        }

        var written = export.Text is { } document
            ? OutputFile.WriteText(settings.OutputPath, document, output)
            : OutputFile.WriteBytes(settings.OutputPath!, export.Bytes.Span);
        if (written is null && settings.NumbersFile is { } numbersPath)
        {
            written = OutputFile.WriteText(numbersPath, export.Sections.ToMapText(), output);
        }

        return Write(written, error);
    }

    private static int Write(string? failure, TextWriter error)
    {
        if (failure is null)
        {
            return StoryFiles.ExitOk;
        }

        error.WriteLine($"error: {failure}");
        return StoryFiles.ExitUsage;
    }
}

using System.CommandLine;
using System.Globalization;
using GameBook.Authoring.Localization;
using GameBook.Compilation;
using GameBook.Localization;

namespace GameBook.Samples.Console;

/// <summary>
/// <c>gamebook lines add|check|export|import|recording-sheet</c>: the localization workflow on GameBook.Authoring's
/// line tools. <c>add</c> gives every line and option without one a stable <c>#line:</c> ID in place; <c>check</c> lists
/// the lines without one and fails (for CI); <c>export</c> writes the whole project's string table as one CSV;
/// <c>import</c> reads a translated CSV and reports what is missing, stale or unusable; <c>recording-sheet</c> writes the
/// voice-over sheet (spoken lines by character).
/// </summary>
public static class LinesCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lines = new Command("lines", "Line IDs, string tables and recording sheets for translation and voice-over.");

        var addFiles = Files();
        var add = new Command("add", "Add a #line: ID to every line and option that has none, in place (every other byte is kept).") { addFiles };
        add.SetAction(r => Tag(r.GetValue(addFiles)!, checkOnly: false, context.Output, context.Error));
        lines.Subcommands.Add(add);

        var checkFiles = Files();
        var check = new Command("check", "List the lines and options without a #line: ID; exit code 1 when there are any (nothing is written).") { checkFiles };
        check.SetAction(r => Tag(r.GetValue(checkFiles)!, checkOnly: true, context.Output, context.Error));
        lines.Subcommands.Add(check);

        var exportFiles = Files();
        var exportOut = Output("The CSV file to write (default: standard output).");
        var locale = new Option<string>("--locale") { Description = "The locale of the base text (default en).", DefaultValueFactory = _ => "en" };
        var export = new Command("export", "Write the string table of the whole project as one CSV, in reading order.") { exportFiles, exportOut, locale };
        export.SetAction(r => Export(r.GetValue(exportFiles)!, r.GetValue(exportOut), r.GetValue(locale)!, sheet: false, context.Output, context.Error));
        lines.Subcommands.Add(export);

        var importFiles = Files();
        var csv = new Option<string>("--csv") { Description = "The translated string table (CSV, as export writes it).", Required = true };
        var import = new Command("import", "Read a translated CSV and report missing, stale and unusable translations; exit code 1 when it cannot be read.") { importFiles, csv };
        import.SetAction(r => Import(r.GetValue(importFiles)!, r.GetValue(csv)!, context.Output, context.Error));
        lines.Subcommands.Add(import);

        var sheetFiles = Files();
        var sheetOut = Output("The CSV file to write (default: standard output).");
        var sheet = new Command("recording-sheet", "Write the voice-over recording sheet: one row per spoken line, by character then reading order.") { sheetFiles, sheetOut };
        sheet.SetAction(r => Export(r.GetValue(sheetFiles)!, r.GetValue(sheetOut), "en", sheet: true, context.Output, context.Error));
        lines.Subcommands.Add(sheet);
        return lines;
    }

    /// <summary><c>add</c> and <c>check</c>: 0 when nothing is (or was) missing an ID, 1 on problems or untagged lines in check mode, 2 for unreadable files.</summary>
    public static int Tag(IReadOnlyList<string> files, bool checkOnly, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (Missing(files, error))
        {
            return StoryFiles.ExitUsage;
        }

        var result = LineTagger.TagFiles(files, new LineTagOptions { CheckOnly = checkOnly });
        foreach (var diagnostic in result.Diagnostics)
        {
            (diagnostic.Severity == DiagnosticSeverity.Error && !checkOnly ? error : output).WriteLine(StoryFiles.Format(diagnostic));
        }

        foreach (var file in result.Files.Where(f => f.Written))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Path}: added {file.Tags.Length} line ID(s)"));
        }

        output.WriteLine(checkOnly
            ? string.Create(CultureInfo.InvariantCulture, $"{result.AddedCount} line(s) without an ID, {result.TaggedLineCount} with one.{(result.AddedCount > 0 ? " Run 'gamebook lines add' on the same files to add them." : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"{result.AddedCount} ID(s) added, {result.TaggedLineCount} line(s) already had one."));
        return result.HasErrors ? StoryFiles.ExitStoryError : StoryFiles.ExitOk;
    }

    /// <summary><c>export</c> and <c>recording-sheet</c>: 0, 1 when the story does not compile, 2 for unreadable files or an unwritable output.</summary>
    public static int Export(IReadOnlyList<string> files, string? outputPath, string baseLocale, bool sheet, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (StoryFiles.Read(files, error) is not { } sources)
        {
            return StoryFiles.ExitUsage;
        }

        var table = StringTableExporter.Export(sources, new StringTableExportOptions { BaseLocale = baseLocale });
        WriteDiagnostics(table.Diagnostics, error);

        if (!table.Succeeded)
        {
            return StoryFiles.ExitStoryError;
        }

        var text = sheet ? RecordingSheet.Create(table).ToCsv() : table.ToCsv();
        if (outputPath is null)
        {
            output.Write(text);
            return StoryFiles.ExitOk;
        }

        // With a byte order mark, as spreadsheets expect of a UTF-8 CSV.
        var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        if (OutputFile.WriteBytes(outputPath, [.. bytes.GetPreamble(), .. bytes.GetBytes(text)]) is { } failure)
        {
            error.WriteLine($"error: {failure}");
            return StoryFiles.ExitUsage;
        }

        return StoryFiles.ExitOk;
    }

    /// <summary><c>import</c>: 0 when the CSV reads (its gaps are reported), 1 when it cannot be used or the story does not compile, 2 for unreadable files.</summary>
    public static int Import(IReadOnlyList<string> files, string csvPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (StoryFiles.Read(files, error) is not { } sources)
        {
            return StoryFiles.ExitUsage;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(csvPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read '{csvPath}': {ex.Message}");
            return StoryFiles.ExitUsage;
        }

        var baseTable = StringTableExporter.Export(sources);
        WriteDiagnostics(baseTable.Diagnostics, error);

        if (!baseTable.Succeeded)
        {
            return StoryFiles.ExitStoryError;
        }

        var read = StringTableCsv.Read(bytes);
        foreach (var problem in read.Diagnostics)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{csvPath}({problem.Line},{problem.Column}): {StoryFiles.SeverityName(problem.Severity)}: row {problem.Row}, column {problem.ColumnLetter}: {problem.Message}"));
        }

        if (read.Table is not { } translation)
        {
            return StoryFiles.ExitStoryError;
        }

        var report = TranslationChecker.Check(baseTable, translation);
        foreach (var issue in report.Issues)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{issue.File}({issue.Line},1): {issue.Kind.ToString().ToLowerInvariant()} {issue.Id}: {issue.Message}"));
        }

        output.WriteLine(report.ToString());
        return StoryFiles.ExitOk;
    }

    /// <summary>
    /// Every error, but only the first few warnings: a project without line IDs has one per line, and the summary says
    /// what to do about all of them.
    /// </summary>
    private static void WriteDiagnostics(IReadOnlyList<Diagnostic> diagnostics, TextWriter error)
    {
        const int WarningsShown = 10;
        var warnings = 0;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error && ++warnings > WarningsShown)
            {
                continue;
            }

            error.WriteLine(StoryFiles.Format(diagnostic));
        }

        if (warnings > WarningsShown)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {warnings - WarningsShown} more warning(s); 'gamebook lines check' lists lines without an ID, 'gamebook lines add' gives them one."));
        }
    }

    private static Argument<string[]> Files() =>
        new("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files of the project." };

    private static Option<string?> Output(string description) => new("--output", "-o") { Description = description };

    private static bool Missing(IReadOnlyList<string> files, TextWriter error)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        foreach (var file in missing)
        {
            error.WriteLine($"error: file not found: {file}");
        }

        return missing.Count > 0;
    }
}

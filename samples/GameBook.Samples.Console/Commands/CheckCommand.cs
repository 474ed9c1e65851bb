using System.CommandLine;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>How <c>gamebook check</c> prints diagnostics.</summary>
public enum CheckFormat
{
    /// <summary>For people: <c>path(line,col): error GB0007: message</c>, the source line, carets, a summary.</summary>
    Text,

    /// <summary>One line each with the whole range: <c>path(line,col,endLine,endCol): error GB0007: message</c>.</summary>
    Msbuild,

    /// <summary>One JSON document (see <see cref="DiagnosticJson"/>).</summary>
    Json,

    /// <summary>A SARIF 2.1.0 log (see <see cref="DiagnosticSarif"/>).</summary>
    Sarif,
}

/// <summary>What <c>gamebook check</c> checks and how it prints.</summary>
/// <param name="Files">The story files, compiled together.</param>
/// <param name="Format">The output format.</param>
/// <param name="Warnings">Also run GameBook.Authoring's static analysis (GB1xxx warnings).</param>
/// <param name="TestFunctions">Register the host functions the Yarn conformance suite assumes.</param>
public sealed record CheckSettings(IReadOnlyList<string> Files, CheckFormat Format = CheckFormat.Text, bool Warnings = false, bool TestFunctions = false);

/// <summary><c>gamebook check FILE...</c>: compiles the files together (and analyzes them with <c>--warnings</c>) and lists the diagnostics.</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var format = new Option<CheckFormat>("--format")
        {
            Description = "text (with source excerpts), msbuild (one line each, with the end of the range), json or sarif (SARIF 2.1.0).",
            DefaultValueFactory = _ => CheckFormat.Text,
        };
        var warnings = new Option<bool>("--warnings", "-w") { Description = "Also run the static analysis: unreachable nodes, dead ends, unused variables... (GB1xxx warnings)." };
        var testFunctions = TranscriptCommand.TestFunctionsOption();
        var command = new Command("check", "Compile story files and list the diagnostics; exit code 1 when there are errors.")
        {
            files, format, warnings, testFunctions,
        };
        command.SetAction(r => Run(new CheckSettings(r.GetValue(files)!, r.GetValue(format), r.GetValue(warnings), r.GetValue(testFunctions)), context.Output, context.Error));
        return command;
    }

    /// <summary>Runs the command in the text format without analysis warnings.</summary>
    public static int Run(IReadOnlyList<string> files, bool testFunctions, TextWriter output, TextWriter error) =>
        Run(new CheckSettings(files, TestFunctions: testFunctions), output, error);

    /// <summary>Runs the command. Returns 1 when there are errors, 2 when a file cannot be read, else 0 (warnings do not fail).</summary>
    public static int Run(CheckSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var sources = StoryFiles.Read(settings.Files, error);
        if (sources is null)
        {
            return StoryFiles.ExitUsage;
        }

        var compile = new CompileOptions { Library = TestFunctions.CreateCompileLibrary(settings.TestFunctions) };
        IReadOnlyList<Diagnostic> diagnostics = settings.Warnings
            ? StoryAnalyzer.Analyze(sources, compile).Diagnostics
            : StoryCompiler.Compile(sources, compile).Diagnostics;
        switch (settings.Format)
        {
            case CheckFormat.Json:
                DiagnosticJson.Write(diagnostics, settings.Files, output);
                break;
            case CheckFormat.Sarif:
                DiagnosticSarif.Write(diagnostics, output, Environment.CurrentDirectory);
                break;
            case CheckFormat.Msbuild:
                foreach (var d in diagnostics)
                {
                    output.WriteLine(DiagnosticText.FormatWithRange(d));
                }

                break;
            default:
                DiagnosticText.Write(diagnostics, sources, output, summary: true);
                break;
        }

        return diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? StoryFiles.ExitStoryError : StoryFiles.ExitOk;
    }
}

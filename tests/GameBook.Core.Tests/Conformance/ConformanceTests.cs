using System.Globalization;
using GameBook.Compilation;

namespace GameBook.Core.Tests.Conformance;

/// <summary>Yarn Spinner's language test cases, run the way Yarn Spinner's own runner runs them.</summary>
public class ConformanceTests
{
    [ConformanceTheory]
    [MemberData(nameof(ConformanceSuite.PlannedFiles), MemberType = typeof(ConformanceSuite))]
    public void PlannedTestCase_CompilesAndRunsAsPlanned(string file)
    {
        var yarn = Path.Combine(ConformanceSuite.TestCasesDirectory, file);

        var outcome = ConformanceRunner.Run(yarn, Path.ChangeExtension(yarn, ".testplan"));

        Assert.True(outcome.Passed, $"{file}: {outcome.Failure}");
    }

    [ConformanceTheory]
    [MemberData(nameof(ConformanceSuite.PlannedFiles), MemberType = typeof(ConformanceSuite))]
    public void PlannedTestCase_UnderACommaDecimalCulture_RunsTheSame(string file)
    {
        // Yarn Spinner's TestCompilationShouldNotBeCultureDependent: numbers parse and print invariantly.
        var yarn = Path.Combine(ConformanceSuite.TestCasesDirectory, file);
        var saved = CultureInfo.CurrentCulture;
        ConformanceOutcome outcome;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
            outcome = ConformanceRunner.Run(yarn, Path.ChangeExtension(yarn, ".testplan"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.True(outcome.Passed, $"{file} under de-DE: {outcome.Failure}");
    }

    [ConformanceFact]
    public void ExampleScript_RunsAsPlanned()
    {
        var yarn = Path.Combine(ConformanceSuite.Directory!, "extra", "Example.yarn");

        var outcome = ConformanceRunner.Run(yarn, Path.ChangeExtension(yarn, ".testplan"));

        Assert.True(outcome.Passed, $"Example.yarn: {outcome.Failure}");
    }

    [ConformanceTheory]
    [MemberData(nameof(ConformanceSuite.FailingFiles), MemberType = typeof(ConformanceSuite))]
    public void InvalidFile_FailsToCompileWithRangedErrors(string file)
    {
        var path = Path.Combine(ConformanceSuite.TestCasesDirectory, file);
        var text = File.ReadAllText(path);

        var result = StoryCompiler.Compile(path, text, new CompileOptions { Library = new ConformanceHost().CreateCompileLibrary() });

        Assert.True(result.HasErrors, $"{file} must not compile, but it produced no error diagnostic.");
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var lines = text.Split('\n');
        foreach (var diagnostic in result.Diagnostics)
        {
            var problem = DiagnosticRanges.Validate(diagnostic.Range, lines);
            Assert.True(problem is null, $"{file}: diagnostic `{diagnostic}` has an invalid range {diagnostic.Range}: {problem}");
        }
    }

    [ConformanceFact]
    public void FailingFiles_AreTheUnplannedFileAndAll33ParseFailures()
    {
        var files = ConformanceSuite.FailingFiles().Select(row => (string)row[0]).ToList();

        Assert.Equal(34, files.Count);
        Assert.Contains("DuplicateLineTags.yarn", files);
        Assert.Equal(32, ConformanceSuite.PlannedFiles().Count());
    }
}

/// <summary>Checks that a diagnostic range lies inside the file: 1-based, start before end.</summary>
public static class DiagnosticRanges
{
    /// <summary>Returns null when the range is valid, else what is wrong. A column may point one past a
    /// line's last character (end of line), and the line after the last may be named when the file ends
    /// with a newline (Split yields an empty last line).</summary>
    public static string? Validate(SourceRange range, string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (range.StartLine < 1 || range.StartColumn < 1 || range.EndLine < 1 || range.EndColumn < 1)
        {
            return "lines and columns are 1-based";
        }

        if (range.EndLine < range.StartLine || (range.EndLine == range.StartLine && range.EndColumn < range.StartColumn))
        {
            return "the end is before the start";
        }

        if (range.EndLine > lines.Length)
        {
            return $"the file has {lines.Length} lines";
        }

        int Width(int line) => lines[line - 1].TrimEnd('\r').Length + 1;
        if (range.StartColumn > Width(range.StartLine))
        {
            return $"line {range.StartLine} has {Width(range.StartLine) - 1} characters";
        }

        if (range.EndColumn > Width(range.EndLine))
        {
            return $"line {range.EndLine} has {Width(range.EndLine) - 1} characters";
        }

        return null;
    }
}

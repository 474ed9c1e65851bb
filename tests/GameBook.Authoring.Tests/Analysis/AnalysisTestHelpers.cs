using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Analysis;

/// <summary>Compiles and analyzes story text, failing the test when it does not compile.</summary>
internal static class AnalysisTestHelpers
{
    public const string FileName = "test.yarn";

    public static AnalysisReport Analyze(string text, AnalysisOptions? options = null)
    {
        var report = StoryAnalyzer.Analyze([new StorySource(FileName, text)], null, options);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Diagnostics));
        Assert.NotNull(report.Story);
        return report;
    }

    public static List<Diagnostic> Find(this AnalysisReport report, string code) =>
        [.. report.Diagnostics.Where(d => d.Code == code)];

    /// <summary>Finds the repository root (the folder holding GameBookStudio.sln) above the test binaries.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

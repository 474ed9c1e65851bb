using System.Text.RegularExpressions;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Analysis;

/// <summary>Keeps the GB1xxx part of docs/diagnostics.md honest: every analysis code is documented under its name, and every example produces its code.</summary>
public partial class AnalysisDiagnosticDocsTests
{
    private static string ReadDocs()
    {
        var root = AnalysisTestHelpers.RepositoryRoot() ?? throw new InvalidOperationException("Run the tests from inside the repository.");
        return File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
    }

    [Fact]
    public void Docs_ListEveryAnalysisCodeWithItsName()
    {
        var docs = ReadDocs();

        Assert.All(AnalysisCodes.Rules, rule => Assert.Contains($"## {rule.Code} {rule.Name}\n", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_EveryAnalysisExample_CompilesAndProducesItsCode()
    {
        var sections = Section().Matches(ReadDocs());
        Assert.Equal(AnalysisCodes.Rules.Length, sections.Count);
        foreach (Match section in sections)
        {
            var code = section.Groups["code"].Value;
            var example = Example().Match(section.Groups["body"].Value);
            Assert.True(example.Success, $"{code} has no ```yarn example.");
            var text = example.Groups[1].Value;

            var report = StoryAnalyzer.Analyze([new StorySource("example.yarn", text)]);

            Assert.False(report.HasErrors, $"{code}: {string.Join("; ", report.Diagnostics)}");
            Assert.True(report.Diagnostics.Any(d => d.Code == code), $"{code}: got {string.Join("; ", report.Diagnostics)}");
            var lines = text.Split('\n');
            Assert.All(report.Diagnostics, d => Assert.True(d.Range.EndLine <= lines.Length && d.Range.StartColumn <= lines[d.Range.StartLine - 1].Length + 1, d.ToString()));
        }
    }

    [GeneratedRegex(@"^## (?<code>GB1\d{3}) \w+\n(?<body>.*?)(?=^#{1,2} |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"```yarn\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Example();
}

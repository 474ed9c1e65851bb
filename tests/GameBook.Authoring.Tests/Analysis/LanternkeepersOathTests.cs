using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Analysis;

/// <summary>The bundled gamebook, analyzed as shipped: it is clean, and the checks do see into it.</summary>
public class LanternkeepersOathTests
{
    private const string FileName = "the-lanternkeepers-oath.yarn";

    private static string Text() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "stories", FileName));

    [Fact]
    public void BundledGamebook_HasNoWarnings_AndItsSectionsRunFrom1WithoutAGap()
    {
        var report = StoryAnalyzer.Analyze([new StorySource(FileName, Text())]);
        var nodes = report.Story!.Outline!.Nodes.Length;

        Assert.Empty(report.Diagnostics);
        Assert.Empty(report.SkippedChecks);
        Assert.True(nodes > 80, $"{nodes} nodes");
        Assert.Equal(nodes, report.Sections.Highest);
        Assert.Equal(Enumerable.Range(1, nodes), report.Sections.Taken);
        Assert.Equal(0, report.Sections.FreeCount);
        Assert.Empty(report.Sections.Unnumbered);
        Assert.All(report.Sections.NodesBySection.Values, members => Assert.Single(members));
    }

    [Fact]
    public void BundledGamebook_WithoutAnEndingTag_ReportsThatEnding()
    {
        var text = Text().Replace("title: GoodEnding\nsection: 69\ntags: ending\n", "title: GoodEnding\nsection: 69\n", StringComparison.Ordinal);
        Assert.NotEqual(Text(), text);

        var report = StoryAnalyzer.Analyze([new StorySource(FileName, text)]);

        var d = Assert.Single(report.Diagnostics);
        Assert.Equal(AnalysisCodes.DeadEnd, d.Code);
        Assert.Contains("node 'GoodEnding'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BundledGamebook_WithASectionRemoved_ShowsTheGapAndSuggestsIt()
    {
        var text = Text().Replace("title: GoodEnding\nsection: 69\n", "title: GoodEnding\n", StringComparison.Ordinal);

        var report = StoryAnalyzer.Analyze([new StorySource(FileName, text)]);

        Assert.Equal([new SectionRange(69, 69)], report.Sections.FreeRanges.ToArray());
        var d = Assert.Single(report.Diagnostics);
        Assert.Equal(AnalysisCodes.MissingSectionNumber, d.Code);
        Assert.Contains("add 'section: 69'", d.Message, StringComparison.Ordinal);
    }
}

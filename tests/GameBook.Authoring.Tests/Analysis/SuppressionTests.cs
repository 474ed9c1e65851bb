using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class SuppressionTests
{
    private const string TwoDeadEnds = """
        title: Start
        @START
        ---
        <<declare $unused = 1>>
        -> A
            <<jump A>>
        -> B
            <<jump B>>
        ===
        title: A
        ---
        Dead end A.
        ===
        title: B
        @B
        ---
        Dead end B.
        ===
        """;

    private static AnalysisReport AnalyzeWith(string startHeader, string bHeader, AnalysisOptions? options = null) =>
        Analyze(TwoDeadEnds.Replace("@START", startHeader, StringComparison.Ordinal).Replace("@B", bHeader, StringComparison.Ordinal), options);

    [Fact]
    public void WithoutSwitches_EverythingIsReported()
    {
        var report = AnalyzeWith("tags: intro", "tags: intro");

        Assert.Equal(2, report.Find(AnalysisCodes.DeadEnd).Count);
        Assert.Single(report.Find(AnalysisCodes.UnusedVariable));
    }

    [Fact]
    public void NodeHeader_SwitchesCodesOffForThatNodeOnly()
    {
        var report = AnalyzeWith("tags: intro", "analysis: off GB1002");

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Contains("node 'A'", d.Message, StringComparison.Ordinal);
        Assert.Single(report.Find(AnalysisCodes.UnusedVariable));
    }

    [Fact]
    public void NodeHeaderWithoutCodes_SwitchesEveryCheckOffForThatNode()
    {
        var report = AnalyzeWith("analysis: off", "tags: intro");

        Assert.Empty(report.Find(AnalysisCodes.UnusedVariable));
        Assert.Equal(2, report.Find(AnalysisCodes.DeadEnd).Count);
    }

    [Fact]
    public void StoryHeader_OnAnyNode_SwitchesCodesOffEverywhere()
    {
        var report = AnalyzeWith("tags: intro", "analysis: story off gb1002,GB1003");

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
        Assert.Empty(report.Find(AnalysisCodes.UnusedVariable));
        Assert.Empty(report.Find(AnalysisCodes.InvalidAnalysisHeader));
    }

    [Fact]
    public void StoryHeaderWithoutCodes_SwitchesEverythingOff()
    {
        Assert.Empty(AnalyzeWith("analysis: story off", "tags: intro").Diagnostics);
    }

    [Theory]
    [InlineData("analysis: please", "it must start with 'off' or 'story off'")]
    [InlineData("analysis: story GB1002", "'story' must be followed by 'off'")]
    [InlineData("analysis: off GB1002 GB9999", "'GB9999' is not an analysis code")]
    public void MalformedHeader_IsReportedAtItsValue(string header, string reason)
    {
        var report = AnalyzeWith("tags: intro", header);

        var d = Assert.Single(report.Find(AnalysisCodes.InvalidAnalysisHeader));
        Assert.Equal(new SourceRange(15, 11, 15, header.Length + 1), d.Range);
        Assert.Contains(reason, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedHeader_StillSwitchesOffTheCodesItUnderstands()
    {
        var report = AnalyzeWith("tags: intro", "analysis: off GB1002 nonsense");

        Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Single(report.Find(AnalysisCodes.InvalidAnalysisHeader));
    }

    [Fact]
    public void Options_SwitchCodesOffForTheWholeStory()
    {
        var options = new AnalysisOptions();
        options.DisabledChecks.Add("gb1002");
        var report = AnalyzeWith("tags: intro", "tags: intro", options);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
        Assert.Single(report.Find(AnalysisCodes.UnusedVariable));
    }

    [Fact]
    public void Options_UnknownCode_Throws()
    {
        var options = new AnalysisOptions();
        options.DisabledChecks.Add("GB0002");

        var ex = Assert.Throws<ArgumentException>(() => AnalyzeWith("tags: intro", "tags: intro", options));
        Assert.Contains("'GB0002', which is not an analysis code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_UnknownEntryNode_Throws()
    {
        var options = new AnalysisOptions();
        options.AdditionalEntryNodes.Add("Nowhere");

        var ex = Assert.Throws<ArgumentException>(() => AnalyzeWith("tags: intro", "tags: intro", options));
        Assert.Contains("'Nowhere'", ex.Message, StringComparison.Ordinal);
    }
}

using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class SectionTests
{
    private const string Book = """
        title: Start
        section: 1
        ---
        -> North
            <<jump North>>
        -> South
            <<jump South>>
        -> West
            <<jump West>>
        ===
        title: North
        section: 4
        ---
        <<detour Fight>>
        <<jump End>>
        ===
        title: South
        section: 6
        ---
        <<jump End>>
        ===
        title: West
        ---
        <<jump End>>
        ===
        title: End
        section: 5
        tags: ending
        ---
        The end.
        ===
        title: Fight
        ---
        You fight.
        ===
        """;

    [Fact]
    public void Grid_ListsTakenAndFreeNumbers_AndWhoHasEach()
    {
        var grid = Analyze(Book).Sections;

        // (Two nodes with one number are a compiler error, GB0034, so a grid never holds duplicates.)
        Assert.Equal(6, grid.Highest);
        Assert.Equal([1, 4, 5, 6], grid.Taken.ToArray());
        Assert.Equal([new SectionRange(2, 3)], grid.FreeRanges.ToArray());
        Assert.Equal(2, grid.FreeCount);
        Assert.Equal(["North"], grid.NodesBySection[4].ToArray());
        Assert.Equal(["End"], grid.NodesBySection[5].ToArray());
        Assert.Equal(["West", "Fight"], grid.Unnumbered.ToArray());
        Assert.True(grid.IsFree(3));
        Assert.False(grid.IsFree(5));
        Assert.False(grid.IsFree(7));
        Assert.Equal([2, 3, 7, 8], grid.SuggestNumbers(4).ToArray());
        Assert.Equal("sections 1-6: 4 taken, 2 free (2-3); 2 node(s) unnumbered", grid.ToString());
    }

    [Fact]
    public void UnnumberedNodeInANumberedBook_IsReportedWithAFreeNumber_ButDetourOnlyNodesAreNot()
    {
        var report = Analyze(Book);

        var d = Assert.Single(report.Find(AnalysisCodes.MissingSectionNumber));
        Assert.Equal(new SourceRange(22, 8, 22, 12), d.Range);
        Assert.Contains("'West' has no 'section:' number, but 4 of the book's 5 nodes", d.Message, StringComparison.Ordinal);
        Assert.Contains("add 'section: 2'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BookWhereMostNodesHaveNoNumber_IsNotReported()
    {
        var report = Analyze("""
            title: Start
            section: 1
            ---
            <<jump A>>
            ===
            title: A
            ---
            <<jump B>>
            ===
            title: B
            ---
            <<stop>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.MissingSectionNumber));
        Assert.Equal(["A", "B"], report.Sections.Unnumbered.ToArray());
    }

    [Fact]
    public void SectionBelowOne_IsReportedAtItsValue()
    {
        var report = Analyze("""
            title: Start
            section: 0
            ---
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.InvalidSectionNumber));
        Assert.Equal(new SourceRange(2, 10, 2, 11), d.Range);
        Assert.Contains("'section: 0' is below 1", d.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Sections.Highest);
        Assert.Empty(report.Find(AnalysisCodes.MissingSectionNumber));
    }

    [Fact]
    public void HugeSectionNumber_KeepsTheGridSmall()
    {
        var grid = Analyze("""
            title: Start
            section: 2000000000
            ---
            <<stop>>
            ===
            """).Sections;

        Assert.Equal(2_000_000_000, grid.Highest);
        Assert.Equal(1_999_999_999, grid.FreeCount);
        Assert.Single(grid.FreeRanges);
    }
}

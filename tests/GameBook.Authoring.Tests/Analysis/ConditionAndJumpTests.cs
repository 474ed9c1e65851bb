using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class ConditionAndJumpTests
{
    private static AnalysisReport AnalyzeOption(string condition) => Analyze($$"""
        title: Start
        ---
        <<enum Dir>>
            <<case North>>
            <<case South>>
        <<endenum>>
        <<declare $dir = Dir.North>>
        <<declare $gold = 0>>
        <<declare $brave = false>>
        <<declare $name = "Ada">>
        <<set $dir to Dir.South>>
        <<set $gold to 4>>
        <<set $brave to true>>
        <<set $name to "Bo">>
        -> Try <<if {{condition}}>>
            <<stop>>
        -> Leave
            <<stop>>
        ===
        """);

    [Theory]
    [InlineData("false")]
    [InlineData("1 > 2")]
    [InlineData("$brave and not $brave")]
    [InlineData("$gold > 5 and $gold < 3")]
    [InlineData("$gold == 2 and $gold != 2")]
    [InlineData("$dir == Dir.North and $dir == .South")]
    [InlineData("dice(6) > 6")]
    [InlineData("dice(6) + dice(6) == 13")]
    [InlineData("random_range(2, 4) < 2")]
    [InlineData("$name == \"x\" and $name == \"y\"")]
    [InlineData("visited(\"Start\") and not visited(\"Start\") and false")]
    public void ConditionThatCanNeverBeTrue_IsReportedAtTheCondition(string condition)
    {
        var report = AnalyzeOption(condition);

        var d = Assert.Single(report.Find(AnalysisCodes.OptionNeverAvailable));
        Assert.Equal(new SourceRange(15, 13, 15, 13 + condition.Length), d.Range);
        Assert.Contains("players never get to choose it", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("$brave")]
    [InlineData("$gold > 5 or $gold < 3")]
    [InlineData("$gold > 3.5")]
    [InlineData("$gold == 2")]
    [InlineData("$dir == Dir.South")]
    [InlineData("dice(6) > 5")]
    [InlineData("$name != \"Ada\"")]
    [InlineData("visited(\"Start\") and not visited(\"Start\")")]
    [InlineData("$gold + 1 > 3 and $gold < 1")]
    [InlineData("random() > 0.5")]
    public void ConditionThatMayHold_IsNotReported(string condition)
    {
        Assert.Empty(AnalyzeOption(condition).Find(AnalysisCodes.OptionNeverAvailable));
    }

    [Fact]
    public void LineGroupItemThatCanNeverBeChosen_IsReported()
    {
        var report = Analyze("""
            title: Start
            ---
            => Hello. <<if 1 == 2>>
            => Hi.
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.OptionNeverAvailable));
        Assert.Equal(new SourceRange(3, 16, 3, 22), d.Range);
        Assert.Contains("line-group item", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JumpToNodeWithNoContent_IsReportedAtTheJump()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Go
                <<jump Void>>
            -> Visit
                <<detour Void>>
                <<stop>>
            ===
            title: Void
            tags: ending
            ---
            <<declare $nothing = 1>>
            // only a comment
            ===
            """);

        var found = report.Find(AnalysisCodes.JumpToEmptyNode);
        Assert.Equal(2, found.Count);
        Assert.Equal(new SourceRange(4, 5, 4, 18), found[0].Range);
        Assert.Contains("story ends as soon as it gets there", found[0].Message, StringComparison.Ordinal);
        Assert.Equal(new SourceRange(6, 5, 6, 20), found[1].Range);
        Assert.Contains("detour comes straight back", found[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JumpToNodeWithOnlyASet_IsNotReported()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $x = 1>>
            {$x}
            <<jump Router>>
            ===
            title: Router
            ---
            <<set $x to 2>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.JumpToEmptyNode));
    }
}

using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class DeadEndTests
{
    [Fact]
    public void FlowFallingOffTheEnd_IsReportedAtTheLastLine()
    {
        var report = Analyze("""
            title: Start
            ---
            You wake up.
            It is dark.
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(new SourceRange(4, 1, 4, 12), d.Range);
        Assert.Contains("node 'Start' after this line", d.Message, StringComparison.Ordinal);
        Assert.Contains("'tags: ending'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndingTagStopAndJump_AreNotDeadEnds()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Die
                <<jump Death>>
            -> Quit
                <<stop>>
            ===
            title: Death
            tags: death
            ---
            You die.
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }

    [Fact]
    public void OptionBodyWithoutJump_IsReportedAtItsLastLine()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Fight
                You lose.
            -> Flee
                <<jump Start>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(new SourceRange(4, 5, 4, 14), d.Range);
    }

    [Fact]
    public void EmptyOptionBody_IsReportedAtTheOption()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Wait
            -> Go
                <<jump Start>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(3, d.Range.StartLine);
        Assert.Contains("after this option's lines", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsThatMayAllBeUnavailable_AreReportedAtTheBlock()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $gold = 0>>
            -> Pay <<if $gold > 3>>
                <<jump Start>>
            -> Beg <<once>>
                <<jump Start>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(4, d.Range.StartLine);
        Assert.Contains("when none of these options is available", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsWithOneAlwaysAvailable_AreNotADeadEnd()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $gold = 0>>
            -> Pay <<if $gold > 3>>
                <<jump Start>>
            -> Walk on <<if true>>
                <<jump Start>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }

    [Fact]
    public void NodeOnlyEnteredByDetour_ReturnsToItsCaller()
    {
        var report = Analyze("""
            title: Start
            ---
            <<detour Shop>>
            <<detour Shop>>
            <<jump Start>>
            ===
            title: Shop
            ---
            You buy bread.
            <<if true>>
                <<return>>
            <<endif>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }

    [Fact]
    public void NodeEnteredByDetourAndByJump_IsChecked()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Shop
                <<detour Shop>>
                <<jump Start>>
            -> Go straight there
                <<jump Shop>>
            ===
            title: Shop
            ---
            You buy bread.
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(new SourceRange(11, 1, 11, 15), d.Range);
    }

    [Fact]
    public void ReturnInJumpedToNode_IsReportedAtTheReturn()
    {
        var report = Analyze("""
            title: Start
            ---
            Hello.
            <<return>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(new SourceRange(4, 1, 4, 11), d.Range);
        Assert.Contains("<<return>>", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IfWithoutElse_CanFallThrough()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $brave = false>>
            <<if $brave>>
                <<jump Start>>
            <<endif>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(4, d.Range.StartLine);
        Assert.Contains("when none of its conditions holds", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IfWhoseBranchesAllLeave_IsNotADeadEnd()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $brave = false>>
            <<if $brave>>
                <<jump Start>>
            <<elseif true>>
                <<stop>>
            <<endif>>
            Never reached, so never the end.
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }

    [Fact]
    public void OnceWithoutElse_CanBeSkipped()
    {
        var report = Analyze("""
            title: Start
            ---
            <<once>>
                <<jump Start>>
            <<endonce>>
            ===
            """);

        Assert.Equal(3, Assert.Single(report.Find(AnalysisCodes.DeadEnd)).Range.StartLine);
    }

    [Fact]
    public void EmptyNode_IsReportedAtItsTitle()
    {
        var report = Analyze("""
            title: Start
            ---
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.DeadEnd));
        Assert.Equal(new SourceRange(1, 8, 1, 13), d.Range);
        Assert.Contains("because it has no content", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeGroupMembersEnteredByDetour_AreNotDeadEnds()
    {
        var report = Analyze("""
            title: Start
            ---
            <<detour Bark>>
            <<stop>>
            ===
            title: Bark
            when: always
            ---
            Woof.
            ===
            title: Bark
            when: once
            ---
            Grr.
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }
}

using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class ReachabilityTests
{
    [Fact]
    public void NodeNothingLeadsTo_IsReportedAtItsTitle()
    {
        var report = Analyze("""
            title: Start
            ---
            <<jump Cave>>
            ===
            title: Cave
            ---
            <<stop>>
            ===
            title: Lost
            ---
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.UnreachableNode));
        Assert.Equal(FileName, d.File);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(new SourceRange(9, 8, 9, 12), d.Range);
        Assert.Contains("'Lost'", d.Message, StringComparison.Ordinal);
        Assert.Contains("no jump, detour or option leads to it from 'Start'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNodeLinked_NothingIsReported()
    {
        var report = Analyze("""
            title: Start
            ---
            -> Left
                <<jump Left>>
            -> Right
                <<detour Right>>
                <<stop>>
            ===
            title: Left
            ---
            <<stop>>
            ===
            title: Right
            ---
            Fine.
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.UnreachableNode));
    }

    [Fact]
    public void NodeOnlyLinkedFromUnreachableNode_SaysSo()
    {
        var report = Analyze("""
            title: Start
            ---
            <<stop>>
            ===
            title: Island
            ---
            <<jump Beach>>
            ===
            title: Beach
            ---
            <<stop>>
            ===
            """);

        var found = report.Find(AnalysisCodes.UnreachableNode);
        Assert.Equal(2, found.Count);
        Assert.Contains("only jumps and detours to it are in node 'Island'", found[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdditionalEntryNode_AndWhatItLeadsTo_AreReachable()
    {
        var options = new AnalysisOptions();
        options.AdditionalEntryNodes.Add("Island");
        var report = Analyze("""
            title: Start
            ---
            <<stop>>
            ===
            title: Island
            ---
            <<jump Beach>>
            ===
            title: Beach
            ---
            <<stop>>
            ===
            """, options);

        Assert.Empty(report.Find(AnalysisCodes.UnreachableNode));
    }

    [Fact]
    public void JumpBehindAlwaysFalseCondition_DoesNotReach()
    {
        var report = Analyze("""
            title: Start
            ---
            <<if 1 > 2>>
                <<jump Hidden>>
            <<endif>>
            -> Never <<if false>>
                <<jump Hidden>>
            <<stop>>
            <<jump Hidden>>
            ===
            title: Hidden
            ---
            <<stop>>
            ===
            """);

        Assert.Equal(new SourceRange(11, 8, 11, 14), Assert.Single(report.Find(AnalysisCodes.UnreachableNode)).Range);
    }

    [Fact]
    public void DynamicJump_NodesNamedByStringConstants_AreReachable_OthersNot()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $dest = "Start">>
            -> Down
                <<set $dest to "Cellar">>
            <<jump {$dest}>>
            ===
            title: Cellar
            ---
            <<stop>>
            ===
            title: Attic
            ---
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.UnreachableNode));
        Assert.Contains("'Attic'", d.Message, StringComparison.Ordinal);
        Assert.Contains("no string constant names it", d.Message, StringComparison.Ordinal);
        Assert.Empty(report.SkippedChecks);
    }

    [Theory]
    [InlineData("<<jump {\"Room\" + string($room)}>>")]
    [InlineData("<<set $dest to \"Room\" + string($room)>>\n<<jump {$dest}>>")]
    [InlineData("<<set $dest to format_invariant($room)>>\n<<detour {$dest}>>\n<<stop>>")]
    public void DynamicJump_ToComputedName_SkipsTheCheckAndSaysWhy(string jump)
    {
        var report = Analyze($"""
            title: Start
            ---
            <<declare $room = 1>>
            <<declare $dest = "">>
            {jump}
            ===
            title: Room1
            ---
            <<stop>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.UnreachableNode));
        var skipped = Assert.Single(report.SkippedChecks);
        Assert.Equal(AnalysisCodes.UnreachableNode, skipped.Code);
        Assert.Contains("test.yarn(", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("builds at run time", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputedStringsInLinesOnly_DoNotStopTheCheck()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $dest = "Start">>
            You have {string(3)} coins.
            <<jump {$dest}>>
            ===
            title: Attic
            ---
            <<stop>>
            ===
            """);

        Assert.Single(report.Find(AnalysisCodes.UnreachableNode));
        Assert.Empty(report.SkippedChecks);
    }

    [Fact]
    public void NoStartNode_SkipsTheCheck()
    {
        var report = Analyze("""
            title: Intro
            ---
            <<stop>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.UnreachableNode));
        Assert.Equal(AnalysisCodes.UnreachableNode, Assert.Single(report.SkippedChecks).Code);
    }

    [Fact]
    public void NodeGroup_JumpToTitleReachesMembers_ButNotOneWhoseWhenIsAlwaysFalse()
    {
        var report = Analyze("""
            title: Start
            ---
            <<jump Guard>>
            ===
            title: Guard
            when: always
            ---
            <<jump Gate>>
            ===
            title: Guard
            when: 2 < 1
            ---
            <<jump Tower>>
            ===
            title: Gate
            ---
            <<stop>>
            ===
            title: Tower
            ---
            <<stop>>
            ===
            """);

        var found = report.Find(AnalysisCodes.UnreachableNode);
        Assert.Equal(2, found.Count);
        Assert.Matches("'Guard#[0-9a-f]{8}'", found[0].Message); // the second member, by its content identity (docs/saves.md)
        Assert.Contains("'when:' condition is always false", found[0].Message, StringComparison.Ordinal);
        Assert.Equal(new SourceRange(10, 8, 10, 13), found[0].Range);
        Assert.Contains("'Tower'", found[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JumpToANodeGroupMembersUniqueName_ReachesThatMemberOnly()
    {
        var report = Analyze("""
            title: Start
            ---
            <<detour Guard.night>>
            <<stop>>
            ===
            title: Guard
            subtitle: night
            when: always
            ---
            Halt.
            ===
            title: Guard
            subtitle: day
            when: always
            ---
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.UnreachableNode));
        Assert.Contains("'Guard.day'", d.Message, StringComparison.Ordinal);
        Assert.Empty(report.Find(AnalysisCodes.DeadEnd));
    }
}

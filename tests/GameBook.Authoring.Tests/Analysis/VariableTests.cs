using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using static GameBook.Authoring.Tests.Analysis.AnalysisTestHelpers;

namespace GameBook.Authoring.Tests.Analysis;

public class VariableTests
{
    [Fact]
    public void DeclaredNeverUsed_IsReportedAtTheName()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $unused = 3>>
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.UnusedVariable));
        Assert.Equal(new SourceRange(3, 11, 3, 18), d.Range);
        Assert.StartsWith("$unused is declared but never read or set", d.Message, StringComparison.Ordinal);
        Assert.Empty(report.Find(AnalysisCodes.UnreadVariable));
    }

    [Fact]
    public void SetButNeverRead_CountsTheSetsAndIgnoresSelfUpdates()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $score = 0>>
            <<set $score to $score + 1>>
            <<set $score += 2>>
            <<stop>>
            ===
            """);

        var d = Assert.Single(report.Find(AnalysisCodes.UnreadVariable));
        Assert.Equal(new SourceRange(3, 11, 3, 17), d.Range);
        Assert.Contains("is set 2 time(s) (first at line 4)", d.Message, StringComparison.Ordinal);
        Assert.Empty(report.Find(AnalysisCodes.UnusedVariable));
    }

    [Fact]
    public void ImplicitVariableSetNeverRead_IsReportedAtItsFirstUse()
    {
        var report = Analyze("""
            title: Start
            ---
            Hi.
            <<set $mood to "grim">>
            <<stop>>
            ===
            """);

        Assert.Equal(new SourceRange(4, 7, 4, 12), Assert.Single(report.Find(AnalysisCodes.UnreadVariable)).Range);
    }

    [Theory]
    [InlineData("You have {$gold} gold.")]
    [InlineData("<<if $gold > 1>>\nRich.\n<<endif>>")]
    [InlineData("-> Pay <<if $gold > 1>>\n    <<stop>>")]
    [InlineData("<<shake {$gold}>>")]
    [InlineData("<<set $other to $gold>>\n{$other}")]
    [InlineData("<<declare $rich = $gold > 10>>\n{$rich}")]
    public void VariableThatIsRead_IsNotReported(string use)
    {
        var report = Analyze($"""
            title: Start
            ---
            <<declare $gold = 0>>
            <<set $gold to 5>>
            {use}
            <<stop>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.UnusedVariable));
        Assert.Empty(report.Find(AnalysisCodes.UnreadVariable));
    }

    [Fact]
    public void VariableReadInWhenHeader_IsNotReported()
    {
        var report = Analyze("""
            title: Start
            ---
            <<declare $met = false>>
            <<set $met to true>>
            <<jump Talk>>
            ===
            title: Talk
            when: $met
            ---
            <<stop>>
            ===
            title: Talk
            when: always
            ---
            <<stop>>
            ===
            """);

        Assert.Empty(report.Find(AnalysisCodes.UnreadVariable));
    }

    [Fact]
    public void HostVariables_AreNeverReported()
    {
        var options = new AnalysisOptions();
        options.HostVariables.Add("score");
        options.HostVariables.Add("$unused");
        var report = Analyze("""
            title: Start
            ---
            <<declare $unused = 3>>
            <<declare $score = 0>>
            <<set $score to 1>>
            <<stop>>
            ===
            """, options);

        Assert.Empty(report.Find(AnalysisCodes.UnusedVariable));
        Assert.Empty(report.Find(AnalysisCodes.UnreadVariable));
    }
}

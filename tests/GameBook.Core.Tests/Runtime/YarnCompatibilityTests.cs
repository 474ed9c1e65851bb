using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Runtime;

/// <summary>Behaviour on real content that must match Yarn Spinner's (its output is the reference).</summary>
public class YarnCompatibilityTests
{
    private static StorySession Start(string text)
    {
        var result = StoryCompiler.Compile("compat.yarn", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!.CreateSession(new SessionOptions { Seed = 1 });
    }

    [Fact]
    public void NodeGroup_IsVisited_OnlyWhenAMemberFinishes()
    {
        var session = Start("""
            title: Start
            when: always
            ---
            Count {visited_count("Start")}, visited {visited("Start")}.
            -> Again
                <<jump Start>>
            -> Done
            ===
            """);

        Assert.Equal("Count 0, visited False.", session.Next().Line.Text);
        session.Next();
        session.Choose(0);
        Assert.Equal("Count 1, visited True.", session.Next().Line.Text);
        session.Next();
        session.Choose(0);
        Assert.Equal("Count 2, visited True.", session.Next().Line.Text);
    }

    [Fact]
    public void NodeGroup_EnteredByDetour_IsVisitedWhenTheMemberReturns()
    {
        var session = Start("""
            title: Start
            ---
            <<detour Greeting>>
            After {visited_count("Greeting")}.
            <<detour Greeting>>
            After {visited_count("Greeting")}.
            ===
            title: Greeting
            when: always
            ---
            Inside {visited_count("Greeting")}.
            ===
            """);

        Assert.Equal("Inside 0.", session.Next().Line.Text);
        Assert.Equal("After 1.", session.Next().Line.Text);
        Assert.Equal("Inside 1.", session.Next().Line.Text);
        Assert.Equal("After 2.", session.Next().Line.Text);
    }

    private static StoryLine FirstLine(string line)
    {
        var result = StoryCompiler.Compile("markup.yarn", "title: Start\n---\n" + line + "\n===\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!.CreateSession().Next().Line;
    }

    [Theory]
    [InlineData("Alice: a[pause/] b", "Alice: ab")]
    [InlineData("Alice: a [pause /] b", "Alice: a b")]
    [InlineData("Alice: [i]sigh[/i][emotion=\"neutral\" /]  it's ok.", "Alice: sigh it's ok.")]
    [InlineData("Alice: a[pause trimwhitespace=false /] b", "Alice: a b")]
    public void SelfClosingTag_RemovesOneFollowingWhitespace(string line, string expected) =>
        Assert.Equal(expected, FirstLine(line).Text);

    [Fact]
    public void MarkupProperty_MayHaveSpacesAroundTheEqualsSign()
    {
        var line = FirstLine("Bob: [wave = 2]Hi[/wave] there.");

        Assert.Equal("Bob: Hi there.", line.Text);
        var wave = Assert.Single(line.Attributes, a => a.Name == "wave");
        Assert.Equal("2", wave.Properties["wave"]);
        Assert.Equal(5, wave.Position);
        Assert.Equal(2, wave.Length);
    }

    [Fact]
    public void MalformedMarkup_IsAWarning_AndTheLineIsShownAsWritten()
    {
        var result = StoryCompiler.Compile("v1.yarn", "title: Start\n---\n[[Go north|North]]\nNarrator: Hello [b]world {1 + 1}\n===\n");

        Assert.False(result.HasErrors);
        Assert.All(result.Diagnostics, d =>
        {
            Assert.Equal(DiagnosticCodes.InvalidMarkup, d.Code);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        });
        Assert.Equal([3, 4], result.Diagnostics.Select(d => d.Range.StartLine).Distinct());
        var session = result.Story!.CreateSession();
        var first = session.Next().Line;
        Assert.Equal("[[Go north|North]]", first.Text);
        Assert.Empty(first.Attributes);
        var second = session.Next().Line;
        Assert.Equal("Narrator: Hello [b]world 2", second.Text);
        Assert.Empty(second.Attributes);
    }
}

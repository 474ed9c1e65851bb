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
}

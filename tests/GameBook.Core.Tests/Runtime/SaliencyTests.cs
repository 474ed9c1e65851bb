using GameBook.Compiled;
using GameBook.Runtime;
using static GameBook.Core.Tests.Runtime.TestStoryBuilder;

namespace GameBook.Core.Tests.Runtime;

public class SaliencyTests
{
    private static SaliencyCandidate C(string id, int complexity, bool passed, int views) => new(id, complexity, passed, views);

    [Fact]
    public void First_PicksFirstPassing() =>
        Assert.Equal(1, SaliencyStrategies.First.Choose([C("a", 5, false, 0), C("b", 0, true, 9), C("c", 9, true, 0)], default));

    [Fact]
    public void Best_PicksHighestComplexityThenSourceOrder() =>
        Assert.Equal(1, SaliencyStrategies.Best.Choose([C("a", 1, true, 0), C("b", 3, true, 5), C("c", 3, true, 0), C("d", 9, false, 0)], default));

    [Fact]
    public void BestLeastRecentlySeen_PrefersFewerViewsThenComplexityThenOrder()
    {
        Assert.Equal(2, SaliencyStrategies.BestLeastRecentlySeen.Choose([C("a", 9, true, 1), C("b", 1, true, 0), C("c", 2, true, 0), C("d", 2, true, 0)], default));
        Assert.Equal(-1, SaliencyStrategies.BestLeastRecentlySeen.Choose([C("a", 9, false, 0)], default));
    }

    [Fact]
    public void Session_LineGroup_CyclesThroughLeastRecentlySeen()
    {
        var b = new TestStoryBuilder();
        var a = b.Saliency("line:a", false);
        var c = b.Saliency("line:c", true);
        var la = b.Line("A");
        var lc = b.Line("C");
        b.Node("Start", [
            I(OpCode.AddCandidate, a, 0, 5),
            I(OpCode.PushBool, 1), I(OpCode.AddCandidate, c, 1, 7),
            I(OpCode.SelectCandidate),
            I(OpCode.Jump, 0),
            I(OpCode.RunLine, la), I(OpCode.Jump, 0),
            I(OpCode.RunLine, lc), I(OpCode.Jump, 0)]);
        var session = b.Build().CreateSession();

        Assert.Equal("C", session.NextLine().Text); // equal views: higher complexity
        Assert.Equal("A", session.NextLine().Text); // fewer views
        Assert.Equal("C", session.NextLine().Text);
        Assert.Equal("A", session.NextLine().Text);
    }

    [Fact]
    public void Session_NoCandidateQualifies_FallsThrough()
    {
        var b = new TestStoryBuilder();
        var a = b.Saliency("line:a", true);
        var after = b.Line("after");
        b.Node("Start", [I(OpCode.PushBool, 0), I(OpCode.AddCandidate, a, 0, 0), I(OpCode.SelectCandidate), I(OpCode.RunLine, after), I(OpCode.Return)]);
        Assert.Equal("after", b.Build().CreateSession().NextLine().Text);
    }

    [Fact]
    public void RandomBestLeastRecentlySeen_IsSeededAndVisitsAllTies()
    {
        var b = new TestStoryBuilder();
        var ids = Enumerable.Range(0, 4).Select(i => b.Saliency($"line:{i}", false)).ToArray();
        var lines = Enumerable.Range(0, 4).Select(i => b.Line($"L{i}")).ToArray();
        var code = new List<Instruction>();
        for (var i = 0; i < 4; i++)
        {
            code.Add(I(OpCode.AddCandidate, ids[i], 0, 6 + (2 * i)));
        }

        code.Add(I(OpCode.SelectCandidate));
        code.Add(I(OpCode.Jump, 0));
        for (var i = 0; i < 4; i++)
        {
            code.Add(I(OpCode.RunLine, lines[i]));
            code.Add(I(OpCode.Jump, 0));
        }

        b.Node("Start", [.. code]);
        var story = b.Build();
        var options = new SessionOptions { Seed = 3, SaliencyStrategy = SaliencyStrategies.RandomBestLeastRecentlySeen };
        var first = story.CreateSession(options);
        var second = story.CreateSession(options);
        var texts = Enumerable.Range(0, 4).Select(_ => first.NextLine().Text).ToList();

        Assert.Equal(4, texts.Distinct().Count()); // least recently seen: each once per round
        Assert.Equal(texts, Enumerable.Range(0, 4).Select(_ => second.NextLine().Text));
    }
}

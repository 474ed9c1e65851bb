using System.Buffers;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Runtime;

/// <summary>The public APIs tools build on: Clone, WriteState, RandomSource, NodeEntered, CurrentNode, Story.Lines.</summary>
public class SessionToolingTests
{
    private const string Source = """
        title: Start
        ---
        <<declare $gold = 0>>
        <<set $gold to dice(6)>>
        You find {$gold} gold.
        <<detour Shop>>
        -> Go north
            <<jump North>>
        -> Go south <<if $gold > 3>>
            <<jump South>>
        ===
        title: Shop
        ---
        <<give "rope">>
        The shop is closed.
        ===
        title: North
        tags: ending
        ---
        The north road.
        ===
        title: South
        ---
        The south road.
        <<stop>>
        ===
        """;

    private static Story Compile()
    {
        var result = StoryCompiler.Compile("tooling.yarn", Source);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    private static byte[] State(StorySession session)
    {
        var buffer = new ArrayBufferWriter<byte>();
        session.WriteState(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static List<string> Play(StorySession session, int choice)
    {
        var log = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    log.Add(step.Line.Text);
                    break;
                case StepKind.Options:
                    log.Add("options " + step.Options.AvailableCount);
                    session.Choose(step.Options[choice].IsAvailable ? choice : 0);
                    break;
                case StepKind.End:
                    log.Add("end in " + session.CurrentNode?.Name);
                    return log;
                default:
                    log.Add(step.Kind.ToString());
                    return log;
            }
        }

        return log;
    }

    [Fact]
    public void Clone_MidStory_ContinuesExactlyLikeTheOriginal()
    {
        var session = Compile().CreateSession(new SessionOptions { Seed = 7 });
        Assert.Equal(StepKind.Line, session.Next().Kind);
        Assert.Equal(StepKind.Line, session.Next().Kind); // inside the Shop detour, rope given

        var copy = session.Clone();

        Assert.Equal(State(session), State(copy));
        Assert.Equal(Play(session, 1), Play(copy, 1));
        Assert.Equal(session.Inventory.Count("rope"), copy.Inventory.Count("rope"));
    }

    [Fact]
    public void CopyFrom_IntoASessionElsewhereInTheStory_ContinuesExactlyLikeTheSource()
    {
        var story = Compile();
        var source = story.CreateSession(new SessionOptions { Seed = 7 });
        Assert.Equal(StepKind.Line, source.Next().Kind);
        Assert.Equal(StepKind.Line, source.Next().Kind); // inside the Shop detour, rope given

        // The target has played to an ending with another seed: everything it had must be replaced.
        var target = story.CreateSession(new SessionOptions { Seed = 3 });
        Play(target, 0);
        Assert.Equal(SessionState.Ended, target.State);
        target.Inventory.Give("lantern", 2);
        target.CopyFrom(source);

        Assert.Equal(State(source), State(target));
        Assert.Equal(source.CurrentNode, target.CurrentNode);
        Assert.Equal(["rope"], target.Inventory.Items.Keys);
        Assert.Equal(Play(source.Clone(), 1), Play(target, 1));

        // And back again: a copy of a session waiting at its options, into one that has ended.
        var waiting = story.CreateSession(new SessionOptions { Seed = 11 });
        while (waiting.Next().Kind != StepKind.Options)
        {
        }

        target.CopyFrom(waiting);
        Assert.Equal(State(waiting), State(target));
        Assert.Equal(SessionState.AwaitingChoice, target.State);
        Assert.Equal(Play(waiting, 0), Play(target, 0));
    }

    [Fact]
    public void CopyFrom_AnotherStoryOrItself_Throws()
    {
        var session = Compile().CreateSession();
        var other = Compile().CreateSession();

        Assert.Throws<ArgumentException>(() => session.CopyFrom(other));
        Assert.Throws<ArgumentException>(() => session.CopyFrom(session));
        Assert.Throws<ArgumentNullException>(() => session.CopyFrom(null!));
    }

    [Fact]
    public void CloneAndChoose_EqualsCloneThenChoose_AndLeavesTheOriginalWaiting()
    {
        var session = Compile().CreateSession(new SessionOptions { Seed = 5 });
        session.RandomSource = new ScriptedRandom(4);
        while (session.Next().Kind != StepKind.Options)
        {
        }

        var before = State(session);
        var chosen = session.CloneAndChoose(1);
        var reference = session.Clone();
        reference.Choose(1);

        Assert.Equal(State(reference), State(chosen));
        Assert.Equal(before, State(session));
        Assert.Equal(SessionState.AwaitingChoice, session.State);
        Assert.Equal(Play(reference, 0), Play(chosen, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.CloneAndChoose(StorySession.NoOption));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.CloneAndChoose(2));
        Assert.Throws<InvalidOperationException>(() => chosen.CloneAndChoose(0));
    }

    [Fact]
    public void WriteState_LiveVariablesOnly_IgnoresAStaleRoll_ButNotALiveOne()
    {
        var result = StoryCompiler.Compile("live.yarn", """
            title: Start
            ---
            <<declare $roll = 0>>
            <<declare $gold = 0>>
            <<set $roll to dice(6)>>
            <<set $gold to $gold + $roll>>
            You have {$gold} gold.
            -> Again
                <<jump Start>>
            ===
            """);
        var story = result.Story!;
        var a = story.CreateSession();
        var b = story.CreateSession();
        a.RandomSource = new ScriptedRandom(0);
        b.RandomSource = new ScriptedRandom(0);
        a.Next();
        b.Next();
        Assert.Equal(StepKind.Options, a.Next().Kind);
        b.Next();
        b.SetVariable("$roll", Values.StoryValue.FromNumber(5)); // stale: written before it is read again

        Assert.False(b.IsVariableLive("$roll"));
        Assert.True(b.IsVariableLive("$gold"));
        Assert.NotEqual(State(a), State(b));
        Assert.Equal(LiveState(a), LiveState(b));
        b.SetVariable("$gold", Values.StoryValue.FromNumber(9));
        Assert.NotEqual(LiveState(a), LiveState(b));
    }

    [Theory]
    [InlineData(false, true)] // the cellar (Start) cannot be entered again: its once-option's flag no longer matters
    [InlineData(true, false)] // the road leads back to the cellar, where the flag decides whether the option is offered
    public void WriteState_LiveVariablesOnly_IgnoresTheOnceFlagsOfContentThatCannotRunAgain(bool roadReturns, bool equal)
    {
        var story = StoryCompiler.Compile("once.yarn", $$"""
            title: Start
            ---
            -> Open the dusty crate <<once>>
                It is empty.
                <<jump Start>>
            -> Climb out
                <<jump Road>>
            ===
            title: Road
            ---
            -> Walk on
                <<jump Road>>
            {{(roadReturns ? "-> Go back down\n    <<jump Start>>" : string.Empty)}}
            ===
            """).Story!;
        var opened = PlayTo(story, 0, 1); // open the crate, then climb out
        var skipped = PlayTo(story, 1); // climb out at once

        Assert.Equal("Road", opened.CurrentNode?.Name);
        Assert.NotEqual(State(opened), State(skipped));
        Assert.Equal(equal, LiveState(opened).AsSpan().SequenceEqual(LiveState(skipped)));
    }

    [Theory]
    [InlineData("-> Walk on\n    <<jump Road>>", true)] // nothing asks for the shell again
    [InlineData("-> Trade the shell <<if has(\"shell\")>>\n    <<jump Road>>\n-> Walk on\n    <<jump Road>>", false)]
    [InlineData("You carry {count(\"shell\")} shells.\n-> Walk on\n    <<jump Road>>", false)]
    [InlineData("<<declare $what = \"shell\">>\n-> Look for {$what} <<if has($what)>>\n    <<jump Road>>\n-> Walk on\n    <<jump Road>>", false)] // a computed name may be any item
    public void WriteState_LiveVariablesOnly_LeavesOutItemsTheStoryNeverQueriesAgain(string road, bool equal)
    {
        var story = StoryCompiler.Compile("items.yarn", $$"""
            title: Start
            ---
            -> Pick up a shell
                <<give "shell">>
                <<jump Road>>
            -> Leave it
                <<jump Road>>
            ===
            title: Road
            ---
            {{road}}
            ===
            """);
        Assert.False(story.HasErrors, string.Join("\n", story.Diagnostics));
        var picked = PlayTo(story.Story!, 0);
        var left = PlayTo(story.Story!, 1);

        Assert.Equal(1, picked.Inventory.Count("shell"));
        Assert.NotEqual(State(picked), State(left));
        Assert.Equal(equal, LiveState(picked).AsSpan().SequenceEqual(LiveState(left)));
    }

    /// <summary>A new session with a fixed seed, played through <paramref name="choices"/> to the next option set.</summary>
    private static StorySession PlayTo(Story story, params int[] choices)
    {
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        var next = 0;
        for (var i = 0; i < 100; i++)
        {
            var step = session.Next();
            Assert.NotEqual(StepKind.End, step.Kind);
            if (step.Kind == StepKind.Options)
            {
                if (next == choices.Length)
                {
                    return session;
                }

                session.Choose(choices[next++]);
            }
        }

        throw new InvalidOperationException("The story did not reach the option set.");
    }

    [Fact]
    public void IsVariableLive_FollowsTheSessionsOwnDetours_NotEveryDetourInTheStory()
    {
        // $lucky is read only right after a detour into Test returns. At Hub (entered by jump, so no detour to return
        // to) every path writes it before reading it; inside Test, the read after the caller's detour keeps it live.
        var story = StoryCompiler.Compile("detours.yarn", """
            title: Start
            ---
            <<declare $lucky = false>>
            <<detour Test>>
            <<if $lucky>>
                Lucky.
            <<endif>>
            <<jump Hub>>
            ===
            title: Test
            ---
            The coin spins.
            <<set $lucky to dice(2) == 1>>
            -> Watch it land
            ===
            title: Hub
            ---
            -> Test again
                <<detour Test>>
                <<if $lucky>>
                    Lucky again.
                <<endif>>
                <<jump Hub>>
            -> Rest
                You rest.
            ===
            """).Story!;
        var session = story.CreateSession();
        session.RandomSource = new ScriptedRandom(0);
        Assert.Equal(StepKind.Line, session.Next().Kind); // The coin spins.
        Assert.Equal(StepKind.Options, session.Next().Kind); // in Test, detoured from Start
        Assert.True(session.IsVariableLive("$lucky"));
        session.Choose(0);
        StoryStep step;
        while ((step = session.Next()).Kind != StepKind.Options)
        {
        }

        Assert.Equal("Hub", session.CurrentNode?.Name);
        Assert.False(session.IsVariableLive("$lucky"));
    }

    [Fact]
    public void WriteState_LiveVariablesOnly_TreatsRepeatVisitsAsOne_WhenOnlyVisitedReadsThem()
    {
        // A hub the player can loop through: visited("Hub") makes the count a slot, but only "ever visited" matters.
        var story = StoryCompiler.Compile("hub.yarn", """
            title: Start
            ---
            <<jump Hub>>
            ===
            title: Hub
            ---
            Back at the hub. <<if visited("Hub")>>
            -> Loop
                <<jump Hub>>
            ===
            """).Story!;
        var session = story.CreateSession();
        var states = new List<(byte[] Full, byte[] Live)>();
        for (var visit = 0; visit < 4; visit++)
        {
            while (session.Next().Kind != StepKind.Options)
            {
            }

            states.Add((State(session), LiveState(session)));
            session.Choose(0);
        }

        // First arrival (count 0) differs from later ones; the second, third and fourth encode alike.
        Assert.NotEqual(states[0].Live, states[1].Live);
        Assert.Equal(states[1].Live, states[2].Live);
        Assert.Equal(states[2].Live, states[3].Live);
        Assert.NotEqual(states[1].Full, states[2].Full);
        Assert.Equal(3, session.GetVisitCount("Hub"));
    }

    [Fact]
    public void WriteState_LiveVariablesOnly_KeepsVisitCounts_ThatVisitedCountReads()
    {
        var story = StoryCompiler.Compile("count.yarn", """
            title: Start
            ---
            <<jump Hub>>
            ===
            title: Hub
            ---
            Visit {visited_count("Hub")}.
            -> Loop
                <<jump Hub>>
            ===
            """).Story!;
        var session = story.CreateSession();
        var states = new List<byte[]>();
        for (var visit = 0; visit < 3; visit++)
        {
            while (session.Next().Kind != StepKind.Options)
            {
            }

            states.Add(LiveState(session));
            session.Choose(0);
        }

        Assert.NotEqual(states[1], states[2]);
    }

    [Fact]
    public void WriteState_LiveVariablesOnly_WritesLineGroupViewsRelativeToTheGroup_ForBuiltInStrategiesOnly()
    {
        var story = StoryCompiler.Compile("group.yarn", """
            title: Start
            ---
            => The wind howls.
            => The rain falls.
            -> Wait
                <<jump Start>>
            ===
            """).Story!;

        static List<byte[]> Rounds(StorySession session)
        {
            var states = new List<byte[]>();
            for (var round = 0; round < 5; round++)
            {
                while (session.Next().Kind != StepKind.Options)
                {
                }

                states.Add(LiveState(session));
                session.Choose(0);
            }

            return states;
        }

        // Least recently seen alternates the two lines: views (1,0), (1,1), (2,1), (2,2), ... repeat relatively.
        var builtIn = Rounds(story.CreateSession());
        Assert.Equal(builtIn[0], builtIn[2]);
        Assert.Equal(builtIn[1], builtIn[3]);
        Assert.NotEqual(builtIn[0], builtIn[1]);

        var custom = Rounds(story.CreateSession(new SessionOptions { SaliencyStrategy = new FewestViewsBelowThree() }));
        Assert.NotEqual(custom[0], custom[2]);
    }

    /// <summary>A strategy that reads absolute view counts, so the encoding must keep them.</summary>
    private sealed class FewestViewsBelowThree : ISaliencyStrategy
    {
        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random) =>
            candidates[0].ViewCount < 3 ? 0 : 1;
    }

    private static byte[] LiveState(StorySession session)
    {
        var buffer = new ArrayBufferWriter<byte>();
        session.WriteState(buffer, StateEncoding.LiveVariablesOnly);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Clone_IsIndependent_OfTheOriginal()
    {
        var session = Compile().CreateSession(new SessionOptions { Seed = 3 });
        while (session.Next().Kind != StepKind.Options)
        {
        }

        var copy = session.Clone();
        session.Choose(0);
        session.Inventory.Give("lamp");

        Assert.Equal(SessionState.AwaitingChoice, copy.State);
        Assert.False(copy.Inventory.Has("lamp"));
        Assert.Equal(2, copy.Next().Options.Count);
    }

    [Fact]
    public void WriteState_EqualForEqualStates_DifferentAfterAChange()
    {
        var story = Compile();
        var a = story.CreateSession(new SessionOptions { Seed = 1 });
        var b = story.CreateSession(new SessionOptions { Seed = 2 }); // a different generator is not part of the state
        var source = new ScriptedRandom(4);
        a.RandomSource = source;
        b.RandomSource = source;
        a.Next();
        b.Next();
        Assert.Equal(State(a), State(b));

        b.Next();
        Assert.NotEqual(State(a), State(b));
        a.Next();
        Assert.Equal(State(a), State(b));
        a.Inventory.Give("extra");
        Assert.NotEqual(State(a), State(b));
    }

    [Fact]
    public void RandomSource_DecidesDice_AndItsRangeIsChecked()
    {
        var story = Compile();
        var session = story.CreateSession();
        var source = new ScriptedRandom(5);
        session.RandomSource = source;

        Assert.Equal("You find 6 gold.", session.Next().Line.Text);
        Assert.Equal([6L], source.Counts);

        var bad = story.CreateSession();
        bad.RandomSource = new ScriptedRandom(6);
        var step = bad.Next();
        Assert.Equal(StepKind.Error, step.Kind);
        Assert.Equal(StoryErrorKind.HostFunctionFailed, step.Error!.Kind);
        Assert.Contains("outside 0 to 5", step.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeEntered_ReportsStartDetoursAndJumps_AndCurrentNodeTracksPosition()
    {
        var session = Compile().CreateSession(new SessionOptions { Seed = 1 });
        var entered = new List<string>();
        session.NodeEntered = node => entered.Add(node.Name);
        Assert.Equal("Start", session.CurrentNode!.Name);

        session.Next();
        Assert.Equal(["Start"], entered);
        session.Next();
        Assert.Equal("Shop", session.CurrentNode!.Name);
        Assert.Equal(["Start", "Shop"], entered);

        Assert.Equal(StepKind.Options, session.Next().Kind);
        Assert.Equal("Start", session.CurrentNode!.Name);
        session.Choose(0);
        Assert.Equal("The north road.", session.Next().Line.Text);
        Assert.Equal(StepKind.End, session.Next().Kind);
        Assert.Equal(["Start", "Shop", "North"], entered);
        Assert.Equal("North", session.CurrentNode!.Name);
        Assert.True(session.CurrentNode.IsEnding);
        Assert.Equal(session.CurrentNode, session.Story.Nodes[session.CurrentNode.Index]);
    }

    [Fact]
    public void CurrentNode_AfterStop_IsTheStoppingNode()
    {
        var session = Compile().CreateSession();
        session.RandomSource = new ScriptedRandom(5);
        Assert.Equal(["You find 6 gold.", "The shop is closed.", "options 2", "The south road.", "end in South"], Play(session, 1));
    }

    [Fact]
    public void Lines_ListEveryLineAndOption_WithTheirNodes()
    {
        var story = Compile();

        var lines = story.Lines.Select(l => (l.Kind, l.Node.Name, l.Text)).ToList();

        Assert.Equal(
            [
                (StoryLineKind.Line, "Start", "You find {0} gold."),
                (StoryLineKind.Option, "Start", "Go north"),
                (StoryLineKind.Option, "Start", "Go south"),
                (StoryLineKind.Line, "Shop", "The shop is closed."),
                (StoryLineKind.Line, "North", "The north road."),
                (StoryLineKind.Line, "South", "The south road."),
            ],
            lines);
        Assert.All(story.Lines, l => Assert.Equal(l, story.Lines[l.Index]));
        Assert.Equal(5, story.Lines[0].Line);
    }

    [Fact]
    public void LineIndexOf_FindsTheLinesAndOptionsSessionsProduce()
    {
        var story = Compile();
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        var seen = new List<string>();
        for (var step = session.Next(); step.Kind is StepKind.Line or StepKind.Options; step = session.Next())
        {
            if (step.Kind == StepKind.Line)
            {
                seen.Add(story.Lines[story.LineIndexOf(step.Line)].Text);
                continue;
            }

            foreach (var option in step.Options)
            {
                var index = story.LineIndexOf(option.Line);
                Assert.Equal(StoryLineKind.Option, story.Lines[index].Kind);
                Assert.Equal(option.Line.Id, story.Lines[index].Id);
                seen.Add(story.Lines[index].Text);
            }

            session.Choose(0);
        }

        Assert.Equal(["You find {0} gold.", "The shop is closed.", "Go north", "Go south", "The north road."], seen);
        Assert.Equal(-1, story.LineIndexOf(default));
    }

    /// <summary>Returns one fixed integer for every draw and records the counts asked for.</summary>
    private sealed class ScriptedRandom(long value) : IRandomSource
    {
        public List<long> Counts { get; } = [];

        public long NextInteger(long count)
        {
            Counts.Add(count);
            return value;
        }

        public double NextDouble() => 0.5;
    }
}

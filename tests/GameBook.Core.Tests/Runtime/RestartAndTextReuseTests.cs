using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Core.Tests.Runtime;

public class RestartAndTextReuseTests
{
    // Every kind of state a playthrough leaves behind: variables, an enum, a smart variable, visit counts, once-flags
    // (block, line and option), line-group views, items and the random generator.
    private const string Story = """
        title: Start
        ---
        <<enum Mood>>
            <<case Calm>>
            <<case Bold>>
        <<endenum>>
        <<declare $gold = 1>>
        <<declare $mood = Mood.Calm>>
        <<declare $rich = $gold > 3>>
        Visits {visited_count("Camp")}, gold {$gold}, mood {$mood}, rich {$rich}, lamps {count("lamp")}.
        <<once>>
            First time here.
        <<else>>
            Back again.
        <<endonce>>
        => A crow watches.
        => A dog barks. <<if $gold > 1>>
        => Rain falls.
        Roll {dice(20)}.
        Only once. <<once>>
        -> Camp <<once>>
            <<detour Camp>>
            <<jump Start>>
        -> Leave <<if $gold > 2>>
        -> Gamble
            <<set $gold to $gold + dice(6)>>
            <<set $mood to Mood.Bold>>
            <<jump Start>>
        ===
        title: Camp
        ---
        <<give "lamp">>
        You rest with [plural value={$gold} one="% coin" other="% coins"/].
        ===
        """;

    private static Story Compile(string text)
    {
        var result = StoryCompiler.Compile("restart.yarn", text);
        Assert.True(result.Story is not null, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Story;
    }

    // Plays to the end (or the step bound), always choosing the first available option, and writes what it saw.
    private static List<string> Transcript(StorySession session, int maxSteps = 200)
    {
        var seen = new List<string>();
        for (var i = 0; i < maxSteps; i++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    seen.Add(step.Line.Text);
                    break;
                case StepKind.Options:
                    var choice = StorySession.NoOption;
                    foreach (var option in step.Options)
                    {
                        seen.Add((option.IsAvailable ? "-> " : "-x ") + option.Text);
                        choice = option.IsAvailable && choice == StorySession.NoOption ? option.Index : choice;
                    }

                    session.Choose(choice);
                    break;
                case StepKind.Command:
                    seen.Add("<<" + step.Command.Text + ">>");
                    break;
                case StepKind.End:
                    seen.Add("END");
                    return seen;
                default:
                    seen.Add("ERROR " + step.Error!.Message);
                    return seen;
            }
        }

        return seen;
    }

    [Fact]
    public void Restart_AfterAPlaythrough_PlaysExactlyAsANewSessionWithThatSeed()
    {
        var story = Compile(Story);
        var fresh = Transcript(story.CreateSession(new SessionOptions { Seed = 42 }));
        Assert.Equal("END", fresh[^1]);
        Assert.Contains("Back again.", fresh);

        var session = story.CreateSession(new SessionOptions { Seed = 7 });
        var first = Transcript(session);
        Assert.Equal("END", first[^1]);
        Assert.True(session.Inventory.Has("lamp"));

        session.Restart(42);
        Assert.Equal(SessionState.Running, session.State);
        Assert.False(session.Inventory.Has("lamp"));
        Assert.Equal(0, session.GetVisitCount("Camp"));
        Assert.Equal(fresh, Transcript(session));
    }

    [Fact]
    public void Restart_WhileAwaitingAChoice_DropsTheOptionsAndStartsOver()
    {
        var story = Compile(Story);
        var session = story.CreateSession(new SessionOptions { Seed = 3 });
        while (session.Next().Kind != StepKind.Options)
        {
        }

        session.Restart(42);

        Assert.Equal(SessionState.Running, session.State);
        Assert.Equal(Transcript(story.CreateSession(new SessionOptions { Seed = 42 })), Transcript(session));
    }

    [Fact]
    public void Restart_AfterAnError_RevivesTheSession()
    {
        var library = new FunctionLibrary();
        var calls = 0;
        library.AddFunction("fail_once", StoryType.Number, [], _ => ++calls == 1 ? throw new InvalidOperationException("boom") : StoryValue.FromNumber(1));
        var result = StoryCompiler.Compile("error.yarn", "title: Start\n---\nValue {fail_once()}.\n===\n", new CompileOptions { Library = library });
        var session = result.Story!.CreateSession(new SessionOptions { Seed = 1, Library = library });
        Assert.Equal(StepKind.Error, session.Next().Kind);

        session.Restart(1);

        Assert.Equal("Value 1.", session.Next().Line.Text);
        Assert.Equal(StepKind.End, session.Next().Kind);
    }

    [Fact]
    public void Restart_FromInsideAHostCall_Throws()
    {
        var library = new FunctionLibrary();
        StorySession? session = null;
        Exception? thrown = null;
        library.AddCommand("again", [], _ =>
        {
            try
            {
                session!.Restart(1);
            }
            catch (InvalidOperationException ex)
            {
                thrown = ex;
            }
        });
        var result = StoryCompiler.Compile("host.yarn", "title: Start\n---\n<<again>>\nDone.\n===\n", new CompileOptions { Library = library });
        session = result.Story!.CreateSession(new SessionOptions { Seed = 1, Library = library });

        Assert.Equal("Done.", session.Next().Line.Text);
        Assert.NotNull(thrown);
        Assert.Contains("inside its own host call", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_AllocatesNothing()
    {
        var story = Compile(Story);
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        Transcript(session);
        session.Restart(2);
        Transcript(session);

        var before = GC.GetAllocatedBytesForCurrentThread();
        session.Restart(3);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Next_LineAndOptionComposedAgainWithTheSameValues_ReuseTheirStringsAndAllocateNothing()
    {
        // The same texts in three nodes: the compiler shares their templates, and shared texts remember what they composed.
        var story = Compile("""
            title: Start
            ---
            <<declare $gold = 3>>
            Narrator: You carry {$gold} gold.
            -> Walk on with [plural value={$gold} one="one coin" other="% coins"/]
                <<jump A>>
            ===
            title: A
            ---
            Narrator: You carry {$gold} gold.
            -> Walk on with [plural value={$gold} one="one coin" other="% coins"/]
                <<jump B>>
            ===
            title: B
            ---
            Narrator: You carry {$gold} gold.
            -> Walk on with [plural value={$gold} one="one coin" other="% coins"/]
                <<jump Start>>
            ===
            """);
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        string? line = null;
        string? option = null;
        var same = true;
        void Round()
        {
            // No Assert inside the measured loop: xunit's comparers allocate.
            var text = session.Next().Line.Text;
            var choice = session.Next().Options[0].Text;
            same &= line is null || (ReferenceEquals(text, line) && ReferenceEquals(choice, option));
            (line, option) = (text, choice);
            session.Choose(0);
        }

        for (var i = 0; i < 50; i++)
        {
            Round();
        }

        same = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Round();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(same);
        Assert.Equal("Narrator: You carry 3 gold.", line);
        Assert.Equal("Walk on with 3 coins", option);
    }

    [Fact]
    public void Next_ASharedTextWithAValueSeenBefore_IsTheSameText_UnderEachSessionsPluralRules()
    {
        var nodes = string.Concat(new[] { "Start", "A", "B" }.Select((name, i) => $"""
            title: {name}
            ---
            {(i == 0 ? "<<declare $n = 1>>\n<<declare $z = 0>>" : "")}
            -> [plural value={"{$n}"} one="% coin" other="% coins"/]
                <<jump {(i == 2 ? "Start" : i == 0 ? "A" : "B")}>>
            -> Zero {"{$z}"}
            ===

            """));
        var story = Compile(nodes);
        var english = story.CreateSession(new SessionOptions { Seed = 1 });
        var many = story.CreateSession(new SessionOptions { Seed = 1, PluralRules = new AlwaysMany() });
        for (var round = 0; round < 20; round++)
        {
            var e = english.Next().Options;
            var m = many.Next().Options;
            Assert.Equal(round < 6 ? "1 coin" : "2 coins", e[0].Text);
            Assert.Equal(round < 6 ? "1 coins" : "2 coins", m[0].Text);
            Assert.Equal(round < 6 ? "Zero 0" : "Zero -0", e[1].Text);
            english.Choose(0);
            many.Choose(0);
            if (round == 5)
            {
                foreach (var session in new[] { english, many })
                {
                    session.SetVariable("$n", StoryValue.FromNumber(2));
                    session.SetVariable("$z", StoryValue.FromNumber(-0.0));
                }
            }
        }
    }

    private sealed class AlwaysMany : IPluralRules
    {
        public PluralCategory GetCardinalCategory(double value) => PluralCategory.Many;

        public PluralCategory GetOrdinalCategory(double value) => PluralCategory.Many;
    }

    [Fact]
    public void Sessions_OnManyThreads_ComposeTheSameTextsAsOneThread()
    {
        var story = Compile(Story);
        var expected = Enumerable.Range(0, 8).Select(seed => Transcript(story.CreateSession(new SessionOptions { Seed = (ulong)seed }))).ToArray();
        var actual = new List<string>[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, seed =>
        {
            var session = story.CreateSession(new SessionOptions { Seed = (ulong)seed });
            for (var round = 0; round < 50; round++)
            {
                actual[seed] = Transcript(session);
                session.Restart((ulong)seed);
            }
        });

        Assert.Equal(expected, actual);
    }
}

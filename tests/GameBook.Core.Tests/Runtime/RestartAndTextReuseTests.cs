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
        var story = Compile("""
            title: Start
            ---
            <<declare $gold = 3>>
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
    public void ComposedTextCache_GivesAnEqualString_TheSameOneForATextSeenBefore()
    {
        var cache = new ComposedTextCache(10);
        Assert.Equal(64, cache.SlotCount);

        var first = cache.GetOrAdd("You carry 12 gold.".AsSpan());
        var again = cache.GetOrAdd("You carry 12 gold.".ToCharArray());
        var other = cache.GetOrAdd("You carry 13 gold.".AsSpan());
        var longText = new string('x', ComposedTextCache.MaxLength + 1);

        Assert.Same(first, again);
        Assert.Equal("You carry 13 gold.", other);
        Assert.Same(string.Empty, cache.GetOrAdd([]));
        Assert.Equal(longText, cache.GetOrAdd(longText.AsSpan()));
        Assert.NotSame(cache.GetOrAdd(longText.AsSpan()), cache.GetOrAdd(longText.AsSpan()));
    }

    [Fact]
    public void ComposedTextCache_SharedByManyThreads_AlwaysReturnsTheTextAskedFor()
    {
        // Few slots and many texts, so threads overwrite each other's slots all the time.
        var cache = new ComposedTextCache(1);
        var wrong = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            Span<char> buffer = stackalloc char[32];
            for (var i = 0; i < 200_000; i++)
            {
                var n = (i * 7919 + worker) % 500;
                n.TryFormat(buffer, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
                var text = buffer[..written];
                if (!text.SequenceEqual(cache.GetOrAdd(text)))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);
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

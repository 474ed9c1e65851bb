using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

public class TranscriptCommandTests
{
    private const string ThreeOptions = """
        title: Start
        ---
        Pick one.
        -> Red
            You picked red.
        -> Green
            You picked green.
        -> Blue
            You picked blue.
        ===
        """;

    private static (int Exit, string[] Lines, string Error) Transcript(TranscriptSettings settings)
    {
        var (exit, output, error) = Capture.Run((o, e) => TranscriptCommand.Run(settings, o, e));
        return (exit, Capture.Lines(output), error);
    }

    private static (int Exit, string[] Lines, string Error) Transcript(string story, ulong seed = 0, int[]? choices = null, string start = "Start", bool testFunctions = false)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("story.yarn", story);
        return Transcript(new TranscriptSettings([path], start, seed, choices, testFunctions));
    }

    [Fact]
    public void Transcript_LinesThenEnd_PrintsLineEventsAndStop()
    {
        var (exit, lines, _) = Transcript("title: Start\n---\nHello.\nMae: Bye.\n===\n");

        Assert.Equal(0, exit);
        Assert.Equal(["line: Hello.", "line: Mae: Bye.", "stop"], lines);
    }

    [Fact]
    public void Transcript_SeedZero_PicksFirstAvailableOption()
    {
        var (_, lines, _) = Transcript(ThreeOptions);

        Assert.Equal(
            ["line: Pick one.", "option: Red", "option: Green", "option: Blue", "select: 1", "line: You picked red.", "stop"],
            lines);
    }

    [Theory]
    [InlineData(1UL, "select: 2")]
    [InlineData(2UL, "select: 3")]
    [InlineData(3UL, "select: 1")]
    [InlineData(ulong.MaxValue, "select: 1")] // (2^64 - 1) mod 3 == 0
    public void Transcript_Seed_PicksSeedModAvailableCount(ulong seed, string expected)
    {
        var (_, lines, _) = Transcript(ThreeOptions, seed);

        Assert.Equal(expected, lines[4]);
    }

    [Fact]
    public void Transcript_DisabledOption_IsMarkedAndNotCountedByTheRule()
    {
        var story = """
            title: Start
            ---
            -> Locked <<if false>>
                Never.
            -> Open
                Opened.
            -> Ajar
                Ajar.
            ===
            """;

        var (_, lines, _) = Transcript(story, seed: 1);

        Assert.Equal(["option: Locked [disabled]", "option: Open", "option: Ajar", "select: 3", "line: Ajar.", "stop"], lines);
    }

    [Fact]
    public void Transcript_StepCount_AdvancesThePickEachSelection()
    {
        var story = """
            title: Start
            ---
            <<declare $n = 0>>
            <<set $n to $n + 1>>
            <<if $n > 3>>
                <<stop>>
            <<endif>>
            -> A
            -> B
            -> C
            <<jump Start>>
            ===
            """;

        var (_, lines, _) = Transcript(story);

        Assert.Equal(["select: 1", "select: 2", "select: 3"], lines.Where(l => l.StartsWith("select:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Transcript_Choices_AreUsedInOrderThenTheRuleApplies()
    {
        var story = """
            title: Start
            ---
            <<declare $n = 0>>
            <<set $n to $n + 1>>
            <<if $n > 3>>
                <<stop>>
            <<endif>>
            -> A
            -> B
            -> C
            <<jump Start>>
            ===
            """;

        var (_, lines, _) = Transcript(story, choices: [3, 3]);

        // Third selection is step 2 with seed 0: the third available option.
        Assert.Equal(["select: 3", "select: 3", "select: 3"], lines.Where(l => l.StartsWith("select:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Transcript_ChoiceOfDisabledOption_PrintsErrorAndReturnsOne()
    {
        var story = "title: Start\n---\n-> A <<if false>>\n-> B\n===\n";

        var (exit, lines, _) = Transcript(story, choices: [1]);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: --choices entry 1 is 1", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Transcript_ChoiceOutOfRange_PrintsErrorAndReturnsOne()
    {
        var (exit, lines, _) = Transcript(ThreeOptions, choices: [7]);

        Assert.Equal(1, exit);
        Assert.Contains("not in 1..3", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Transcript_NoAvailableOption_SelectsZeroAndFallsThrough()
    {
        var story = "title: Start\n---\n-> A <<if false>>\n    No.\n-> B <<if false>>\n    No.\nAfter.\n===\n";

        var (exit, lines, _) = Transcript(story);

        Assert.Equal(0, exit);
        Assert.Equal(["option: A [disabled]", "option: B [disabled]", "select: 0", "line: After.", "stop"], lines);
    }

    [Fact]
    public void Transcript_NoAvailableOption_DoesNotConsumeAChoice()
    {
        var story = "title: Start\n---\n-> A <<if false>>\nMiddle.\n-> X\n-> Y\n===\n";

        var (_, lines, _) = Transcript(story, choices: [2]);

        Assert.Equal(["option: A [disabled]", "select: 0", "line: Middle.", "option: X", "option: Y", "select: 2", "stop"], lines);
    }

    [Fact]
    public void Transcript_Command_PrintsSubstitutedCommandText()
    {
        var story = "title: Start\n---\n<<declare $n = 2>>\n<<wait {$n + 1}>>\n===\n";

        var (_, lines, _) = Transcript(story);

        Assert.Equal(["command: wait 3", "stop"], lines);
    }

    [Fact]
    public void Transcript_EndlessChoices_StopsWithLimitAfter100Selections()
    {
        var story = "title: Start\n---\n-> Again\n<<jump Start>>\n===\n";

        var (exit, lines, _) = Transcript(story);

        Assert.Equal(0, exit);
        Assert.Equal(100, lines.Count(l => l == "select: 1"));
        Assert.Equal("limit", lines[^1]);
    }

    [Fact]
    public void Transcript_SameSeed_GivesTheSameDiceRolls()
    {
        var story = "title: Start\n---\nRolls: {dice(6)} {dice(6)} {dice(20)} {random_range(1, 1000)}\n===\n";

        var first = Transcript(story, seed: 42).Lines;
        var second = Transcript(story, seed: 42).Lines;

        Assert.StartsWith("line: Rolls: ", first[0], StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Transcript_StartOption_StartsAtThatNode()
    {
        var story = "title: Start\n---\nFirst.\n===\ntitle: Second\n---\nSecond.\n===\n";

        var (_, lines, _) = Transcript(story, start: "Second");

        Assert.Equal(["line: Second.", "stop"], lines);
    }

    [Fact]
    public void Transcript_UnknownStartNode_PrintsErrorAndReturnsOne()
    {
        var (exit, lines, _) = Transcript("title: Start\n---\nHi.\n===\n", start: "Nowhere");

        Assert.Equal(1, exit);
        Assert.Equal(["error: the story has no node named 'Nowhere'."], lines);
    }

    [Fact]
    public void Transcript_CompileError_PrintsDiagnosticsLikeCheckAndReturnsOne()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", "title: Start\n---\n<<jump>>\n===\n");

        var (exit, lines, _) = Transcript(new TranscriptSettings([path]));

        Assert.Equal(1, exit);
        Assert.All(lines, l => Assert.StartsWith(path + "(", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("): error GB", StringComparison.Ordinal));
    }

    [Fact]
    public void Transcript_MissingFile_ReturnsTwo()
    {
        var (exit, lines, error) = Transcript(new TranscriptSettings(["/nonexistent/dir/story.yarn"]));

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("cannot read '/nonexistent/dir/story.yarn'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transcript_TestFunctions_MakeConformanceFunctionsCallable()
    {
        // dummy_string is bound only at run time, so its type must be inferable from use.
        var story = "title: Start\n---\n<<declare $s = \"\">>\n<<set $s to dummy_string()>>\n{add_three_operands(1, 2, 3)} {$s}\n===\n";

        var withFunctions = Transcript(story, testFunctions: true);

        Assert.Equal(["line: 6 string", "stop"], withFunctions.Lines);
    }

    [Fact]
    public void Transcript_FailingAssertWithTestFunctions_PrintsErrorAndReturnsOne()
    {
        var story = "title: Start\n---\nBefore.\n<<if assert(1 > 2)>>\n    Never.\n<<endif>>\n===\n";

        var (exit, lines, _) = Transcript(story, testFunctions: true);

        Assert.Equal(1, exit);
        Assert.Equal("line: Before.", lines[0]);
        Assert.StartsWith("error: ", lines[^1], StringComparison.Ordinal);
    }
}

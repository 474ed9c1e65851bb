namespace GameBook.Samples.Tests;

/// <summary>
/// play in a real terminal (tmux), at 80 and 40 columns, to an ending with save, back and load; and with input and
/// output redirected. The captures are written to terminal-captures/ beside the tests for a person to read.
/// </summary>
public class PlayInTerminalTests
{
    private const string Paragraph = "The lighthouse keeper's daughter hands you a lantern whose glass is cracked along one side, and tells you that the mist has swallowed three boats this week.";

    private const string Story = $$"""
        title: Start
        ---
        <<declare $oil = 2>>
        {{Paragraph}}
        -> Take the lantern and promise to relight the lamp before the next boat comes in
            <<give "lantern">>
            Keeper: Go carefully.
            <<jump Stairs>>
        -> Refuse
            <<jump Home>>
        -> Steal her boat <<if false>>
        ===
        title: Stairs
        ---
        The stairs wind up into the dark.
        -> Climb
            <<set $oil to $oil - 1>>
            <<jump Lamp>>
        -> Go back down
            <<jump Home>>
        ===
        title: Lamp
        tags: ending
        ---
        The lamp catches. Far out, a horn answers.
        ===
        title: Home
        tags: ending
        ---
        You go home and sleep badly.
        ===
        """;

    [TmuxFact]
    public void Play_At80Columns_ToAnEndingWithSaveBackAndLoad() => PlayToAnEnding(80);

    [TmuxFact]
    public void Play_At40Columns_ToAnEndingWithSaveBackAndLoad() => PlayToAnEnding(40);

    private static void PlayToAnEnding(int width)
    {
        using var fixture = new StoryFixture();
        fixture.Write("keeper.yarn", Story);
        using var tmux = new TmuxSession(width, 60, fixture.Directory, $"{Terminal.Dotnet} {Terminal.ToolDll} play keeper.yarn --seed 3");

        tmux.WaitFor("Steal her boat (unavailable)");
        tmux.Send("1");
        tmux.WaitFor("The stairs wind up");
        tmux.Send("save");
        tmux.WaitFor("Saved to keeper.save.json.");
        tmux.Send("inventory");
        tmux.WaitFor("count");
        tmux.Send("2");
        tmux.WaitFor("You go home");
        tmux.WaitFor("THE END");
        tmux.Send("back");
        tmux.WaitFor("back: undid");
        tmux.WaitFor("The stairs wind up", after: 1);
        tmux.Send("load");
        tmux.WaitFor("loaded keeper.save.json");
        tmux.Send("vars");
        tmux.WaitFor("$oil");
        tmux.WaitFor("2. Go back down", after: 5);
        tmux.Send("1");
        tmux.WaitFor("The lamp catches.");
        tmux.Send("quit");
        var pane = tmux.WaitFor("[exit 0]");
        var colored = tmux.Capture(escapes: true);
        File.WriteAllText(Path.Combine(Terminal.CaptureDirectory, $"play-{width}-columns.txt"), pane);

        var lines = pane.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= width, $"'{l}' is wider than {width} columns"));

        // Wrapped at word boundaries: the paragraph's lines, joined with spaces, are the paragraph.
        var first = Array.FindIndex(lines, l => l.StartsWith("The lighthouse keeper's", StringComparison.Ordinal));
        var wrapped = lines.Skip(first).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(wrapped.Count > 1, "the paragraph did not wrap");
        Assert.Equal(Paragraph, string.Join(' ', wrapped));

        // Options: numbered, a hanging indent where an option wraps, the unavailable one marked (and dimmed: an escape sequence).
        Assert.Contains("  1. Take the lantern", pane, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("     ", StringComparison.Ordinal) && l.Trim().Length > 0);
        Assert.Contains("3. Steal her boat (unavailable)", pane, StringComparison.Ordinal);
        Assert.Contains("\u001b[", colored, StringComparison.Ordinal);
        Assert.Contains("Keeper: Go carefully.", pane, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Directory, "keeper.save.json")));
    }

    [TmuxFact]
    public void Play_WithNoColor_WritesNoEscapeSequences()
    {
        using var fixture = new StoryFixture();
        fixture.Write("keeper.yarn", Story);
        using var tmux = new TmuxSession(80, 40, fixture.Directory, $"NO_COLOR=1 {Terminal.Dotnet} {Terminal.ToolDll} play keeper.yarn --seed 3");

        tmux.WaitFor("Steal her boat (unavailable)");
        var colored = tmux.Capture(escapes: true);
        tmux.Send("q");
        tmux.WaitFor("[exit 0]");

        Assert.Contains("3. Steal her boat (unavailable)", colored, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", colored, StringComparison.Ordinal);
    }

    [TmuxFact]
    public void Test_CtrlC_StopsAndPrintsThePartialReport()
    {
        using var fixture = new StoryFixture();
        fixture.Write("loop.yarn", "title: Start\n---\n<<declare $n = 0>>\n<<set $n to $n + 1>>\n<<if $n > 2000>>\n<<jump End>>\n<<endif>>\n-> Again\n-> Once more\n<<jump Start>>\n===\ntitle: End\ntags: ending\n---\nDone.\n===\n");
        using var tmux = new TmuxSession(120, 60, fixture.Directory, $"{Terminal.Dotnet} {Terminal.ToolDll} test loop.yarn -n 1000000 --parallel 2");

        tmux.WaitFor("playthroughs/s");
        tmux.Key("C-c");
        var pane = tmux.WaitFor("[exit ");
        File.WriteAllText(Path.Combine(Terminal.CaptureDirectory, "test-ctrl-c.txt"), pane);

        Assert.Contains("[exit 130]", pane, StringComparison.Ordinal);
        Assert.Contains("PARTIAL", pane, StringComparison.Ordinal);
        Assert.Contains("INTERRUPTED after", pane, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", pane, StringComparison.Ordinal);
    }

    [ToolFact]
    public void Play_WithRedirectedInputAndOutput_IsAPlainReadableRecord()
    {
        using var fixture = new StoryFixture();
        fixture.Write("keeper.yarn", Story);

        var (exit, output, error) = Terminal.Run(Terminal.Dotnet, [Terminal.ToolDll, "play", "keeper.yarn", "--seed", "3"], fixture.Directory, input: "1\nsave\n2\nback\nload\n1\n");
        File.WriteAllText(Path.Combine(Terminal.CaptureDirectory, "play-redirected.txt"), output);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("> 1\n", output, StringComparison.Ordinal);
        Assert.Contains("You go home and sleep badly.", output, StringComparison.Ordinal);
        Assert.Contains("The lamp catches.", output, StringComparison.Ordinal);
        Assert.EndsWith("> \n", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Directory, "keeper.save.json")));
    }
}

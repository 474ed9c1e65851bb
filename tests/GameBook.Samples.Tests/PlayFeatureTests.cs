using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>The commands at play's prompt: back, save, load, restart, inventory, vars, help; hidden options; errors.</summary>
public class PlayFeatureTests
{
    private const string Story = """
        title: Start
        ---
        <<declare $gold = 3>>
        You stand at a door.
        -> Knock
            Nobody answers.
            <<give "pebble">>
            <<set $gold to $gold + 2>>
            -> Wait
                You wait and wait.
            -> Leave
                You leave quietly.
        -> Pick the lock <<if false>>
            You have no picks.
        -> Secret way <<if false>> #hide-unavailable
            Never.
        -> Walk away
            You walk away.
        ===
        """;

    private static (int Exit, string Output, string Error) Play(StoryFixture fixture, string input, string? load = null, string? savePath = null)
    {
        var path = Path.Combine(fixture.Directory, "story.yarn");
        if (!File.Exists(path))
        {
            fixture.Write("story.yarn", Story);
        }

        var settings = new PlaySettings([path], Seed: 7) { LoadPath = load, SavePath = savePath ?? Path.Combine(fixture.Directory, "story.save.json"), EchoInput = true, Width = 1000 };
        return Capture.Run((o, e) => PlayCommand.Run(settings, new StringReader(input), o, e));
    }

    [Fact]
    public void Back_UndoesTheLastChoiceAndShowsThatPassageAgain()
    {
        using var fixture = new StoryFixture();

        var (exit, output, _) = Play(fixture, "1\nback\n3\n");

        Assert.Equal(0, exit);
        Assert.Contains("back: undid 'Knock'", output, StringComparison.Ordinal);
        var afterBack = output[output.IndexOf("back: undid", StringComparison.Ordinal)..];
        Assert.Contains("You stand at a door.", afterBack, StringComparison.Ordinal);
        Assert.Contains("You walk away.", afterBack, StringComparison.Ordinal);
        Assert.Contains("THE END", afterBack, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_AtTheEnd_ReturnsToTheLastPrompt()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "1\n1\nback\n2\nquit\n");

        Assert.Contains("You wait and wait.", output, StringComparison.Ordinal);
        Assert.Contains("back: undid 'Wait'", output, StringComparison.Ordinal);
        Assert.Contains("You leave quietly.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_WithNothingToUndo_SaysSo()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "back\nq\n");

        Assert.Contains("Nothing to undo", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_ResumesAtTheSavedPrompt()
    {
        using var fixture = new StoryFixture();
        var save = Path.Combine(fixture.Directory, "slot.json");

        var (_, first, _) = Play(fixture, $"1\nsave {save}\n1\nload {save}\n2\n");

        Assert.Contains($"Saved to {save}.", first, StringComparison.Ordinal);
        Assert.Contains("You wait and wait.", first, StringComparison.Ordinal);
        var afterLoad = first[first.IndexOf("loaded", StringComparison.Ordinal)..];
        Assert.Contains("1. Wait", afterLoad, StringComparison.Ordinal);
        Assert.Contains("You leave quietly.", afterLoad, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(fixture.Directory, "*.tmp"));
    }

    [Fact]
    public void LoadOption_StartsFromTheSaveWithItsInventoryAndVariables()
    {
        using var fixture = new StoryFixture();
        Play(fixture, "1\nsave\nq\n");

        var (exit, output, _) = Play(fixture, "inventory\nvars\n2\n", load: Path.Combine(fixture.Directory, "story.save.json"));

        Assert.Equal(0, exit);
        Assert.DoesNotContain("You stand at a door.", output, StringComparison.Ordinal);
        Assert.Matches(@"pebble\W+1", output);
        Assert.Matches(@"\$gold\W+Number\W+5", output);
        Assert.Contains("You leave quietly.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_OverwritesTheOldSaveAtomically()
    {
        using var fixture = new StoryFixture();
        var save = Path.Combine(fixture.Directory, "story.save.json");
        File.WriteAllText(save, "old");

        Play(fixture, "save\nq\n");

        Assert.StartsWith("{", File.ReadAllText(save), StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(fixture.Directory, "*.json"));
        Assert.Empty(Directory.EnumerateFiles(fixture.Directory, "*.tmp"));
    }

    [Fact]
    public void Save_IntoAMissingFolder_SaysWhyAndPlayGoesOn()
    {
        using var fixture = new StoryFixture();

        var (exit, output, _) = Play(fixture, $"save {Path.Combine(fixture.Directory, "no", "such", "dir", "s.json")}\n3\n");

        Assert.Equal(0, exit);
        Assert.Contains("error: cannot save to", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
        Assert.Contains("You walk away.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TamperedSave_IsRefusedWithAReason()
    {
        using var fixture = new StoryFixture();
        Play(fixture, "1\nsave\nq\n");
        var save = Path.Combine(fixture.Directory, "story.save.json");
        File.WriteAllText(save, File.ReadAllText(save).Replace("\"n\":5", "\"n\":500", StringComparison.Ordinal));

        var atPrompt = Play(fixture, "load\nq\n");
        var atStart = Play(fixture, "", load: save);

        Assert.Contains("error: cannot load", atPrompt.Output, StringComparison.Ordinal);
        Assert.Contains("edited or damaged", atPrompt.Output, StringComparison.Ordinal);
        Assert.Equal(2, atStart.Exit);
        Assert.StartsWith($"error: cannot load '{save}': it is not a usable save: ", atStart.Error, StringComparison.Ordinal);
        Assert.Single(Capture.Lines(atStart.Error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"formatVersion\":2}")]
    [InlineData("[1,2,3]")]
    public void LoadOption_UnreadableSave_IsOneClearLineAndExitTwo(string content)
    {
        using var fixture = new StoryFixture();
        var save = fixture.Write("bad.json", content);

        var (exit, output, error) = Play(fixture, "", load: save);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(Capture.Lines(error));
        Assert.StartsWith($"error: cannot load '{save}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOption_MissingSave_SaysTheFileDoesNotExist()
    {
        using var fixture = new StoryFixture();

        var (exit, _, error) = Play(fixture, "", load: Path.Combine(fixture.Directory, "nope.json"));

        Assert.Equal(2, exit);
        Assert.Contains("the file does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOption_SaveOfAnotherStory_SaysItDoesNotFit()
    {
        using var fixture = new StoryFixture();
        var other = fixture.Write("other.yarn", "title: Start\n---\n<<declare $name = \"x\">>\n-> A\n-> B\n===\n");
        var save = Path.Combine(fixture.Directory, "other.save.json");
        Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([other]) { SavePath = save }, new StringReader("save\nq\n"), o, e));

        var (exit, _, error) = Play(fixture, "", load: save);

        Assert.Equal(2, exit);
        Assert.Contains("does not fit this story", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_StartsAgainAndForgetsTheChoices()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "1\nrestart\nback\nq\n");

        var afterRestart = output[output.IndexOf("restart", output.IndexOf("Nobody answers.", StringComparison.Ordinal), StringComparison.Ordinal)..];
        Assert.Contains("You stand at a door.", afterRestart, StringComparison.Ordinal);
        Assert.Contains("Nothing to undo", afterRestart, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_WhenEmpty_SaysSo()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "i\nq\n");

        Assert.Contains("Your inventory is empty.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsThePromptCommands()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "help\nq\n");

        foreach (var command in new[] { "back", "save", "load", "restart", "inventory", "vars", "quit" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HideUnavailableTag_HidesTheOptionAndNumbersTheVisibleOnes()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "3\n");

        Assert.DoesNotContain("Secret way", output, StringComparison.Ordinal);
        Assert.Contains("  2. Pick the lock (unavailable)\n  3. Walk away\n", output, StringComparison.Ordinal);
        Assert.Contains("You walk away.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0\n3\n", "There is no option 0")]
    [InlineData("9\n3\n", "There is no option 9")]
    [InlineData("dance\n3\n", "'dance' is neither an option number")]
    [InlineData("99999999999999999999\n3\n", "neither an option number")]
    public void InvalidAnswers_AskAgainWithAHint(string input, string hint)
    {
        using var fixture = new StoryFixture();

        var (exit, output, _) = Play(fixture, input);

        Assert.Equal(0, exit);
        Assert.Contains(hint, output, StringComparison.Ordinal);
        Assert.Contains("You walk away.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EchoInput_WritesTheAnswerAfterThePrompt()
    {
        using var fixture = new StoryFixture();

        var (_, output, _) = Play(fixture, "3\n");

        Assert.Contains("> 3\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Width_WrapsLongTextWithAHangingIndentForOptions()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("long.yarn", "title: Start\n---\nThe quick brown fox jumps over the lazy dog again and again.\n-> A very long option text that cannot fit in thirty columns\n===\n");

        var (_, output, _) = Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([path]) { Width = 30 }, new StringReader("q\n"), o, e));

        var lines = output.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 30, $"'{l}' is longer than 30 columns"));
        Assert.Contains("  1. A very long option text", output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("     ", StringComparison.Ordinal) && l.Trim().Length > 0);
        Assert.All(lines, l => Assert.False(l.EndsWith(' ') && l != "> ", $"'{l}' ends with a space"));
    }

    [Fact]
    public void RuntimeError_IsShownAndInputEndingThenGivesOne()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("fail.yarn", "title: Start\n---\n<<declare $to = \"Nowhere\">>\nBefore.\n<<jump {$to}>>\n===\n");

        var (exit, output, _) = Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([path]), new StringReader(""), o, e));

        Assert.Equal(1, exit);
        Assert.Contains("error: ", output, StringComparison.Ordinal);
        Assert.Contains("Nowhere", output, StringComparison.Ordinal);
    }
}

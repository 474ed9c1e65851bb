using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

public class PlayCommandTests
{
    private const string Story = """
        title: Start
        ---
        You stand at a door.
        <<fanfare loud>>
        -> Knock
            Nobody answers.
        -> Pick the lock <<if false>>
            You have no picks.
        -> Leave
            You walk away.
        ===
        """;

    private static (int Exit, string Output, string Error) Play(string story, string input)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("story.yarn", story);
        return Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([path]), new StringReader(input), o, e));
    }

    [Fact]
    public void Play_ChosenNumber_ShowsThatBranchAndTheEnd()
    {
        var (exit, output, _) = Play(Story, "3\n");

        Assert.Equal(0, exit);
        Assert.Contains("You stand at a door.", output, StringComparison.Ordinal);
        Assert.Contains("  1. Knock", output, StringComparison.Ordinal);
        Assert.Contains("You walk away.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Nobody answers.", output, StringComparison.Ordinal);
        Assert.Contains("\nTHE END\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_Command_IsShownInBrackets()
    {
        var (_, output, _) = Play(Story, "1\n");

        Assert.Contains("[fanfare loud]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_UnavailableOption_IsMarkedAndRefused()
    {
        var (exit, output, _) = Play(Story, "2\n1\n");

        Assert.Equal(0, exit);
        Assert.Contains("  2. Pick the lock (unavailable)", output, StringComparison.Ordinal);
        Assert.Contains("Option 2 is not available.", output, StringComparison.Ordinal);
        Assert.Contains("Nobody answers.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\n", "'abc' is neither an option number (1 to 3) nor a command")]
    [InlineData("0\n", "There is no option 0: type a number from 1 to 3")]
    [InlineData("4\n", "There is no option 4: type a number from 1 to 3")]
    [InlineData("-1\n", "'-1' is neither an option number")]
    public void Play_InvalidInput_RepromptsUntilValid(string invalid, string hint)
    {
        var (exit, output, _) = Play(Story, invalid + "1\n");

        Assert.Equal(0, exit);
        Assert.Contains(hint, output, StringComparison.Ordinal);
        Assert.Contains("Nobody answers.", output, StringComparison.Ordinal);
        Assert.Equal(1, output.Split("  1. Knock").Length - 1);
    }

    [Fact]
    public void Play_EmptyLine_ShowsTheOptionsAgain()
    {
        var (exit, output, _) = Play(Story, "\n1\n");

        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split("  1. Knock").Length - 1);
        Assert.Contains("Nobody answers.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_EndOfInput_StopsCleanlyWithZero()
    {
        var (exit, output, error) = Play(Story, "");

        Assert.Equal(0, exit);
        Assert.Contains("(End of input: stopping.)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("THE END", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void Play_EndOfInputAfterInvalidAnswers_StopsCleanly()
    {
        var (exit, output, _) = Play(Story, "x\ny\n");

        Assert.Equal(0, exit);
        Assert.Contains("(End of input: stopping.)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q\n")]
    [InlineData("quit\n")]
    public void Play_Quit_StopsWithZero(string input)
    {
        var (exit, output, _) = Play(Story, input);

        Assert.Equal(0, exit);
        Assert.Contains("Bye.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("THE END", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_GreyedOptions_UseAnsiOnlyWhenColorIsOn()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("story.yarn", Story);

        var (_, colored, _) = Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([path], UseColor: true), new StringReader("1\n"), o, e));
        var (_, plain, _) = Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([path], UseColor: false), new StringReader("1\n"), o, e));

        // Dimmed: the number and the text of the unavailable option carry an escape sequence; the plain output has none.
        Assert.Matches(@"\u001b\[[0-9;]*m2\.\u001b\[0m \u001b\[[0-9;]*mPick the lock \(unavailable\)\u001b\[0m", colored);
        Assert.Contains("  2. Pick the lock (unavailable)", plain, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', plain);
    }

    [Fact]
    public void Play_NoAvailableOption_MovesOnWithoutReading()
    {
        var (exit, output, _) = Play("title: Start\n---\n-> Shut <<if false>>\nOnwards.\n===\n", "");

        Assert.Equal(0, exit);
        Assert.Contains("(No option is available; the story moves on.)", output, StringComparison.Ordinal);
        Assert.Contains("Onwards.", output, StringComparison.Ordinal);
        Assert.Contains("THE END", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_CompileError_PrintsDiagnosticsAndReturnsOne()
    {
        var (exit, _, error) = Play("title: Start\n---\n<<if>>\n===\n", "");

        Assert.Equal(1, exit);
        Assert.Contains("): error GB", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_NoArguments_PlaysEveryYarnFileOfTheBundledFolderTogether()
    {
        using var fixture = new StoryFixture();
        fixture.Write("a.yarn", "title: Start\n---\nBundled start.\n<<jump Middle>>\n===\n");
        fixture.Write("b.yarn", "title: Middle\n---\nBundled middle.\n===\n");

        var (exit, output, _) = Capture.Run((o, e) => GameBookCli.Run([], new StringReader(""), o, e, bundledStoriesDirectory: fixture.Directory));

        Assert.Equal(0, exit);
        Assert.Contains("Bundled start.\nBundled middle.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_NoArgumentsAndNoBundledStory_SaysSoAndReturnsTwo()
    {
        using var fixture = new StoryFixture();

        var (exit, _, error) = Capture.Run((o, e) => GameBookCli.Run([], new StringReader(""), o, e, bundledStoriesDirectory: fixture.Directory));

        Assert.Equal(2, exit);
        Assert.Contains("no bundled story found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BundledStories_WhenTheRepositoryHasThem_AreCopiedBesideTheProgram()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GameBookStudio.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var repositoryStories = Path.Combine(root.FullName, "stories");
        var expected = Directory.Exists(repositoryStories)
            ? Directory.EnumerateFiles(repositoryStories, "*.yarn").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        var copied = Directory.Exists(PlayCommand.DefaultStoriesDirectory)
            ? Directory.EnumerateFiles(PlayCommand.DefaultStoriesDirectory, "*.yarn").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];

        Assert.Equal(expected, copied);
    }
}

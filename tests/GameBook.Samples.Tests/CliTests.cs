using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

public class CliTests
{
    private static (int Exit, string Output, string Error) Cli(string input, params string[] args) =>
        Capture.Run((o, e) => GameBookCli.Run(args, new StringReader(input), o, e));

    [Fact]
    public void Transcript_OptionsOnTheCommandLine_ReachTheCommand()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", "title: Start\n---\nA.\n===\ntitle: Other\n---\n-> X\n-> Y\n-> Z\n===\n");

        var (exit, output, _) = Cli("", "transcript", path, "--start", "Other", "--seed", "1", "--choices", "3");

        Assert.Equal(0, exit);
        Assert.Equal("option: X\noption: Y\noption: Z\nselect: 3\nstop\n", output);
    }

    [Fact]
    public void Transcript_SeedShiftsTheRule_OnTheCommandLine()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", "title: Start\n---\n-> X\n-> Y\n-> Z\n===\n");

        var (_, output, _) = Cli("", "transcript", path, "--seed", "1");

        Assert.Contains("select: 2\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,x")]
    [InlineData("x")]
    [InlineData("-2")]
    public void Transcript_MalformedChoices_IsAUsageErrorWithCodeTwo(string choices)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", "title: Start\n---\nA.\n===\n");

        var (exit, output, error) = Cli("", "transcript", path, "--choices", choices);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_IsAUsageErrorWithCodeTwo()
    {
        var (exit, _, error) = Cli("", "frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("gamebook --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithoutFiles_IsAUsageErrorWithCodeTwo()
    {
        Assert.Equal(2, Cli("", "check").Exit);
    }

    [Fact]
    public void Check_OnTheCommandLine_ReturnsOneForErrors()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", "title: Start\n---\n<<set>>\n===\n");

        var (exit, output, _) = Cli("", "check", path);

        Assert.Equal(1, exit);
        Assert.StartsWith(path + "(", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_OnTheCommandLine_ReadsChoicesFromInput()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", "title: Start\n---\n-> X\n    Went X.\n-> Y\n    Went Y.\n===\n");

        var (exit, output, _) = Cli("2\n", "play", path, "--seed", "5");

        Assert.Equal(0, exit);
        Assert.Contains("Went Y.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var (exit, output, _) = Cli("", "--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "play", "check", "transcript", "test", "explore", "stats", "graph", "export", "import", "lines", "new" })
        {
            Assert.Matches(@"(?m)^\s+" + command + @"\b", output);
        }
    }

    [Theory]
    [InlineData("play")]
    [InlineData("check")]
    [InlineData("transcript")]
    [InlineData("test")]
    [InlineData("explore")]
    [InlineData("stats")]
    [InlineData("lines")]
    [InlineData("new")]
    public void Help_OfEachCommand_DescribesItsOptions(string command)
    {
        var (exit, output, _) = Cli("", command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(command, output, StringComparison.Ordinal);
    }
}

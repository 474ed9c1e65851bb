using System.Text.RegularExpressions;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

public class CheckCommandTests
{
    private static (int Exit, string Output, string Error) Check(params string[] files) =>
        Capture.Run((o, e) => CheckCommand.Run(files, testFunctions: false, o, e));

    [Fact]
    public void Check_ValidStory_PrintsNoErrorAndReturnsZero()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("ok.yarn", "title: Start\n---\nHello there.\n===\n");

        var (exit, output, error) = Check(path);

        Assert.Equal(0, exit);
        Assert.DoesNotContain(": error ", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void Check_StoryWithError_PrintsPathLineColumnSeverityCodeAndReturnsOne()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", "title: Start\n---\n<<set $x to >>\n===\n");

        var (exit, output, _) = Check(path);

        Assert.Equal(1, exit);
        var first = Capture.Lines(output)[0];
        Assert.Matches(new Regex(@"^" + Regex.Escape(path) + @"\(\d+,\d+\): error GB\d{4}: \S.*$"), first);
    }

    [Fact]
    public void Check_JumpToNodeInAnotherFile_CompilesFilesTogether()
    {
        using var fixture = new StoryFixture();
        var a = fixture.Write("a.yarn", "title: Start\n---\n<<jump Other>>\n===\n");
        var b = fixture.Write("b.yarn", "title: Other\n---\nHi.\n===\n");

        Assert.Equal(0, Check(a, b).Exit);
        Assert.Equal(1, Check(a).Exit);
    }

    [Fact]
    public void Check_MissingFile_SaysSoAndReturnsTwo()
    {
        using var fixture = new StoryFixture();
        var missing = Path.Combine(fixture.Directory, "nope.yarn");

        var (exit, output, error) = Check(missing);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"cannot read '{missing}'", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DirectoryInsteadOfFile_SaysSoAndReturnsTwo()
    {
        using var fixture = new StoryFixture();

        var (exit, _, error) = Check(fixture.Directory);

        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BinaryGarbage_ReportsDiagnosticsNotCrash()
    {
        using var fixture = new StoryFixture();
        var path = Path.Combine(fixture.Directory, "garbage.yarn");
        File.WriteAllBytes(path, [0, 1, 2, 0xFF, 0xFE, (byte)'<', (byte)'<', 0x80, (byte)'\n', (byte)'=']);

        var (exit, output, _) = Check(path);

        Assert.Equal(1, exit);
        Assert.Contains(": error GB", output, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public void Check_ConformanceParseFailure_ReturnsOne()
    {
        var (exit, output, _) = Check(Conformance.TestCase("ParseFailures/Nodes-MustHaveUniqueNames.yarn"));

        Assert.Equal(1, exit);
        Assert.Contains("Nodes-MustHaveUniqueNames.yarn(", output, StringComparison.Ordinal);
    }
}

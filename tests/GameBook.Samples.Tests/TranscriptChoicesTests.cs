namespace GameBook.Samples.Tests;

public class TranscriptChoicesTests
{
    private const string Story = "title: Start\n---\n-> Shut <<if false>>\nMiddle.\n-> X\n    Went X.\n-> Y\n    Went Y.\n-> Closed <<if false>>\n-> Z\nAfter.\n===\n";

    [Fact]
    public void Choices_PrintedSelectionsIncludingZero_ReplayTheSameTranscript()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Story);

        var first = Tool.Run("", "transcript", path, "--seed", "1");
        var selections = Capture.Lines(first.Output).Where(l => l.StartsWith("select: ", StringComparison.Ordinal)).Select(l => l["select: ".Length..]).ToList();
        var replay = Tool.Run("", "transcript", path, "--seed", "5", "--choices", string.Join(',', selections));

        Assert.Contains("0", selections);
        Assert.Equal(0, replay.Exit);
        Assert.Equal(first.Output, replay.Output);
    }

    [Fact]
    public void Choices_ZeroWhereOptionsAreAvailable_IsAnError()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", "title: Start\n---\n-> A\n-> B\n===\n");

        var (exit, output, _) = Tool.Run("", "transcript", path, "--choices", "0");

        Assert.Equal(1, exit);
        Assert.Contains("error: --choices entry 1 is 0 (no option available), but 2 of the 2 options are available.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_WithoutZero_StillSkipOptionSetsWithNoAvailableOption()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Story);

        var (exit, output, _) = Tool.Run("", "transcript", path, "--choices", "2");

        Assert.Equal(0, exit);
        Assert.Contains("select: 0\nline: Middle.\n", output, StringComparison.Ordinal);
        Assert.Contains("select: 2\nline: Went Y.\n", output, StringComparison.Ordinal);
    }
}

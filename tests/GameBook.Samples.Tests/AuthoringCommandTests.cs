using System.Text.Json;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>test, explore, stats and new on small fixture stories.</summary>
public class AuthoringCommandTests
{
    private const string TwoEndings = """
        title: Start
        ---
        <<declare $gold = 0>>
        A fork in the road.
        -> Left
            <<set $gold to $gold + 1>>
            <<jump Treasure>>
        -> Right
            <<jump Pit>>
        ===
        title: Treasure
        tags: ending
        ---
        You find {$gold} gold.
        ===
        title: Pit
        tags: death
        ---
        You fall.
        ===
        """;

    private const string Failing = """
        title: Start
        ---
        <<declare $to = "Nowhere">>
        -> Safe
            <<jump End>>
        -> Broken
            <<jump {$to}>>
        ===
        title: End
        tags: ending
        ---
        Done.
        ===
        """;

    private static CliContext Context(CancellationToken cancellation = default) =>
        new(new StringReader(""), new StringWriter(), new StringWriter()) { Cancellation = cancellation };

    [Fact]
    public void Test_CleanStory_ReportsCoverageAndEndingsAndReturnsZero()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);
        var json = Path.Combine(fixture.Directory, "report.json");

        var (exit, output, _) = Tool.Run(Context(), "test", path, "-n", "200", "--seed", "3", "--parallel", "2", "--json", json);

        Assert.Equal(0, exit);
        Assert.Contains("Playtest: 200 of 200 playthroughs", output, StringComparison.Ordinal);
        Assert.Contains("Treasure", output, StringComparison.Ordinal);
        Assert.Contains("Pit", output, StringComparison.Ordinal);
        Assert.Contains("OK: no runtime error or soft-lock in 200 playthroughs.", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(200, report.RootElement.GetProperty("playthroughsCompleted").GetInt64());
    }

    [Fact]
    public void Test_SameSeed_GivesTheSameReportWhateverTheParallelism()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);
        static string Endings(string output) => output[output.IndexOf("Endings", StringComparison.Ordinal)..output.IndexOf("OK:", StringComparison.Ordinal)];

        var one = Tool.Run(Context(), "test", path, "-n", "300", "--seed", "9", "--parallel", "1");
        var two = Tool.Run(Context(), "test", path, "-n", "300", "--seed", "9", "--parallel", "2");

        Assert.Equal(Endings(one.Output), Endings(two.Output));
    }

    [Fact]
    public void Test_RuntimeError_ReturnsOneAndSaysSo()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Failing);

        var (exit, output, _) = Tool.Run(Context(), "test", path, "-n", "100", "--parallel", "2");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED: ", output, StringComparison.Ordinal);
        Assert.Contains("Nowhere", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_Interrupted_PrintsWhatItHasAndReturns130()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);
        using var interrupt = new CancellationTokenSource();
        interrupt.Cancel();

        var (exit, output, _) = Tool.Run(Context(interrupt.Token), "test", path, "-n", "100000", "--parallel", "1");

        Assert.Equal(TestCommand.ExitInterrupted, exit);
        Assert.True(output.Contains("INTERRUPTED after", StringComparison.Ordinal) || output.Contains("Interrupted before any playthrough", StringComparison.Ordinal), output);
    }

    [Theory]
    [InlineData("-n", "0")]
    [InlineData("--parallel", "0")]
    [InlineData("--max-steps", "0")]
    public void Test_OutOfRangeOption_IsAUsageError(string option, string value)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);

        var (exit, _, error) = Tool.Run(Context(), "test", path, option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ProgressLine_HasRatesCoverageAndEta()
    {
        var slices = new[]
        {
            new GameBook.Authoring.Playtesting.PlaytestProgress { PlaythroughsCompleted = 300, Selections = 3000, LineCoveragePercent = 50, OptionCoveragePercent = 25 },
            new GameBook.Authoring.Playtesting.PlaytestProgress { PlaythroughsCompleted = 100, Selections = 1000, LineCoveragePercent = 75, OptionCoveragePercent = 20 },
        };

        var parts = TestCommand.Describe(slices, 1200, TimeSpan.FromSeconds(2));

        Assert.Equal(
            "400/1,200 playthroughs  200 playthroughs/s  2,000 selections/s  coverage \u2265 75.0% lines, 25.0% options  ETA 4s",
            LiveProgress.Format(parts, int.MaxValue));
    }

    [Fact]
    public void ProgressLine_OnANarrowTerminal_KeepsCountsEtaAndResources()
    {
        var parts = new List<(string, int)> { ("400/1,200 playthroughs", 0), ("200 playthroughs/s", 4), ("2,000 selections/s", 5), ("ETA 4s", 1), ("CPU 93%", 2), ("memory Normal (12%)", 3) };

        var line = LiveProgress.Format(parts, 60);

        Assert.Equal("400/1,200 playthroughs  ETA 4s  CPU 93%  memory Normal (12%)", line);
    }

    [Fact]
    public async Task LiveProgress_OnATerminal_RedrawsOneLineWithCpuAndMemoryLevel()
    {
        await using var host = await ToolHost.StartAsync(null, 0, CancellationToken.None);
        var context = new CliContext(new StringReader(""), new StringWriter(), new StringWriter()) { LiveProgress = true, Width = 200 };
        var live = new LiveProgress(context, host);

        live.Show([("1/2 playthroughs", 0)]);
        live.Show([("2/2 playthroughs", 0)]);
        live.Clear();

        var error = context.Error.ToString()!;
        Assert.StartsWith("\r1/2 playthroughs  CPU ", error, StringComparison.Ordinal);
        Assert.Contains("\r2/2 playthroughs  CPU ", error, StringComparison.Ordinal);
        Assert.Matches(@"memory (Normal|Warning|Critical|Maximum) \(\d+%\)", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Explore_FindsBothEndingsAndPrintsAReplayableWitness()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);
        var json = Path.Combine(fixture.Directory, "explore.json");

        var (exit, output, _) = Tool.Run(Context(), "explore", path, "--witness", "Pit", "--json", json, "--timeout", "1m", "--max-memory", "64MB");

        Assert.Equal(0, exit);
        Assert.Contains("Complete: 2 ending(s) reachable, 0 soft-lock(s), 0 runtime error(s), 0 node(s) never reached.", output, StringComparison.Ordinal);
        Assert.Contains("The shortest way to Pit", output, StringComparison.Ordinal);
        var replay = output.Split('\n').Single(l => l.StartsWith("Replay it: gamebook transcript ", StringComparison.Ordinal));
        var choices = replay[(replay.IndexOf("--choices ", StringComparison.Ordinal) + "--choices ".Length)..];
        var transcript = Tool.Run("", "transcript", path, "--choices", choices);
        Assert.Contains("line: You fall.\nstop\n", transcript.Output, StringComparison.Ordinal);
        using var findings = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(findings.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(2, findings.RootElement.GetProperty("endings").GetArrayLength());
    }

    [Fact]
    public void Explore_Interrupted_PrintsThePartialFindingsAndReturns130()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);
        using var interrupt = new CancellationTokenSource();
        interrupt.Cancel();

        var (exit, output, _) = Tool.Run(Context(interrupt.Token), "explore", path);

        Assert.Equal(TestCommand.ExitInterrupted, exit);
        Assert.Contains("INCOMPLETE (Cancelled)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_SoftLockAndRuntimeError_ReturnOne()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Failing);

        var (exit, output, _) = Tool.Run(Context(), "explore", path);

        Assert.Equal(1, exit);
        Assert.Contains("1 runtime error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_UnknownWitnessEnding_NamesTheReachableOnes()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);

        var (exit, _, error) = Tool.Run(Context(), "explore", path, "--witness", "Castle");

        Assert.Equal(1, exit);
        Assert.Contains("no reachable ending named 'Castle' (reachable endings: Treasure, Pit)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-memory", "lots")]
    [InlineData("--timeout", "soon")]
    [InlineData("--max-states", "0")]
    public void Explore_BadBound_IsAUsageError(string option, string value)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings);

        var (exit, _, error) = Tool.Run(Context(), "explore", path, option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("800k", 800L << 10)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("4096", 4096L)]
    public void ParseSize_ReadsBinaryMultiples(string text, long bytes)
    {
        Assert.True(ExploreCommand.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("00:01:30", 90)]
    public void ParseDuration_ReadsUnitsAndTimeSpans(string text, double seconds)
    {
        Assert.True(ExploreCommand.TryParseDuration(text, out var parsed));
        Assert.Equal(seconds, parsed.TotalSeconds, 6);
    }

    [Fact]
    public void Stats_CountsNodesLinesOptionsWordsAndVariables()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", TwoEndings.Replace("title: Pit", "title: Pit\nsection: 7", StringComparison.Ordinal));

        var (exit, output, _) = Tool.Run("", "stats", path);

        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^nodes\s+3\s+2 ending\(s\), 1 with a section number$", output);
        Assert.Matches(@"(?m)^sections\s+1\s+numbered 7 to 7$", output);
        // "A fork in the road." (5), "You find {$gold} gold." (4: an inline expression is a word), "You fall." (2).
        Assert.Matches(@"(?m)^lines\s+3\s+11 words$", output);
        Assert.Matches(@"(?m)^options\s+2\s+2 words$", output);
        Assert.Matches(@"(?m)^words\s+13\s", output);
        Assert.Matches(@"(?m)^variables\s+1\s", output);
    }

    [Fact]
    public void New_CreatesAStarterThatPassesCheckAndTest()
    {
        using var fixture = new StoryFixture();

        var (exit, output, _) = Capture.Run((o, e) => NewCommand.Run("my-book", fixture.Directory, o, e));

        Assert.Equal(0, exit);
        Assert.Contains("gamebook play --watch my-book.yarn", output, StringComparison.Ordinal);
        var story = Path.Combine(fixture.Directory, "my-book", "my-book.yarn");
        var check = Tool.Run("", "check", "--warnings", "--format", "json", story);
        Assert.Equal(0, check.Exit);
        using (var json = JsonDocument.Parse(check.Output))
        {
            Assert.Equal(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
        }

        Assert.Equal(0, Tool.Run(Context(), "test", story, "-n", "300").Exit);
        Assert.Equal(0, Tool.Run(Context(), "explore", story).Exit);
        Assert.Contains("gamebook test", File.ReadAllText(Path.Combine(fixture.Directory, "my-book", "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void New_IntoAFolderThatHasFiles_IsRefused()
    {
        using var fixture = new StoryFixture();
        Directory.CreateDirectory(Path.Combine(fixture.Directory, "taken"));
        File.WriteAllText(Path.Combine(fixture.Directory, "taken", "keep.txt"), "mine");

        var (exit, _, error) = Capture.Run((o, e) => NewCommand.Run("taken", fixture.Directory, o, e));

        Assert.Equal(2, exit);
        Assert.Contains("already exists and is not empty", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(fixture.Directory, "taken", "keep.txt")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("-flag")]
    public void New_BadName_IsAUsageError(string name)
    {
        using var fixture = new StoryFixture();

        var (exit, _, error) = Capture.Run((o, e) => NewCommand.Run(name, fixture.Directory, o, e));

        Assert.Equal(2, exit);
        Assert.Contains("is not a usable project name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("test")]
    [InlineData("explore")]
    [InlineData("play")]
    [InlineData("check")]
    public void EveryCommand_MissingFile_IsOneLineWithThePathAndExitTwo(string command)
    {
        var (exit, _, error) = Tool.Run(Context(), command, "/nonexistent/story.yarn");

        Assert.Equal(2, exit);
        Assert.Equal("error: cannot read '/nonexistent/story.yarn': the file does not exist.\n", error);
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("test")]
    [InlineData("explore")]
    [InlineData("play")]
    public void EveryCommand_CompileErrors_ShowTheDiagnosticsAndExitOne(string command)
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", "title: Start\n---\n<<if>>\n===\n");

        var (exit, _, error) = Tool.Run(Context(), command, path);

        Assert.Equal(1, exit);
        Assert.Contains(path + "(3,", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}

namespace GameBook.Core.Tests.Conformance;

/// <summary>The runner itself: it must pass matching plans and say exactly where a mismatching one fails.</summary>
public sealed class ConformanceRunnerTests : IDisposable
{
    private const string Story = """
        title: Start
        ---
        <<declare $flag = false>>
        Hello.
        <<if $flag>>
            Flag is set.
        <<endif>>
        -> One
            Chose one.
        -> Two <<if false>>
        <<wait 2>>
        Visits: {visited_count("Start")}
        ===
        title: Other
        ---
        Other node.
        ===
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gamebook-runner-" + Guid.NewGuid().ToString("N"));

    public ConformanceRunnerTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ConformanceOutcome Run(string plan)
    {
        var yarn = Path.Combine(_directory, "Story.yarn");
        File.WriteAllText(yarn, Story);
        File.WriteAllText(Path.ChangeExtension(yarn, ".testplan"), plan);
        return ConformanceRunner.Run(yarn, Path.ChangeExtension(yarn, ".testplan"));
    }

    [Fact]
    public void Run_MatchingPlan_Passes()
    {
        var outcome = Run("""
            line: `Hello.`
            option: `One`
            option: `Two` [disabled]
            select: 1
            line: `Chose one.`
            command: `wait 2`
            line: `Visits: 0`
            stop
            """);

        Assert.Null(outcome.Failure);
    }

    [Fact]
    public void Run_RunsShareStateAndSetStepsWriteVariables()
    {
        var outcome = Run("""
            line: *
            option: `One`
            option: `Two` [disabled]
            select: 1
            line: *
            command: `wait 2`
            line: `Visits: 0`
            stop
            ---
            set: $flag = true
            line: `Hello.`
            line: `Flag is set.`
            option: `One`
            option: `Two` [disabled]
            select: 1
            line: *
            command: `wait 2`
            line: `Visits: 1`
            """);

        Assert.Null(outcome.Failure);
    }

    [Fact]
    public void Run_NodeStep_JumpsToThatNode()
    {
        Assert.Null(Run("node: Other\nline: `Other node.`\nstop").Failure);
    }

    [Fact]
    public void Run_WrongLineText_NamesRunStepAndWhatCameInstead()
    {
        var outcome = Run("line: `Hello.`\noption: `One`\noption: `Two` [disabled]\nselect: 1\nline: *\ncommand: `wait 2`\nline: *\nstop\n---\nline: `Goodbye.`");

        Assert.NotNull(outcome.Failure);
        Assert.Contains("run 2, step 1 (plan line 10) `line: `Goodbye.``", outcome.Failure, StringComparison.Ordinal);
        Assert.Contains("got `Hello.`", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongEventKind_NamesWhatCameInstead()
    {
        var outcome = Run("line: `Hello.`\nline: `Chose one.`");

        Assert.NotNull(outcome.Failure);
        Assert.Contains("run 1, step 2", outcome.Failure, StringComparison.Ordinal);
        Assert.Contains("expected a line, got options [`One`, `Two` [disabled]]", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OptionAvailabilityMismatch_Fails()
    {
        var outcome = Run("line: *\noption: `One`\noption: `Two`\nselect: 1");

        Assert.NotNull(outcome.Failure);
        Assert.Contains("option 2 `Two`: expected available, got disabled", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StopExpectedTooEarly_Fails()
    {
        var outcome = Run("line: `Hello.`\nstop");

        Assert.NotNull(outcome.Failure);
        Assert.Contains("expected the dialogue to stop, got options", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SetUnknownVariable_Fails()
    {
        var outcome = Run("set: $nope = 1\nline: *");

        Assert.NotNull(outcome.Failure);
        Assert.Contains("run 1, step 1", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StoryThatDoesNotCompile_FailsWithDiagnostics()
    {
        var yarn = Path.Combine(_directory, "Bad.yarn");
        File.WriteAllText(yarn, "title: Start\n---\n<<if>>\n===\n");
        File.WriteAllText(Path.ChangeExtension(yarn, ".testplan"), "stop");

        var outcome = ConformanceRunner.Run(yarn, Path.ChangeExtension(yarn, ".testplan"));

        Assert.NotNull(outcome.Failure);
        Assert.Contains("it must compile", outcome.Failure, StringComparison.Ordinal);
    }
}

using GameBook.Authoring.Playtesting;
using GameBook.Library;
using GameBook.Runtime;
using static GameBook.Authoring.Tests.Playtesting.PlaytestStories;

namespace GameBook.Authoring.Tests.Playtesting;

/// <summary>Stories that never end, loop, recurse, offer 10,000 options or call host code that fails or hangs: bounded results, no exceptions.</summary>
public class PathologicalStoryTests
{
    [Fact]
    public async Task StoryThatNeverEnds_HitsTheStepLimit_WithSeeds()
    {
        var story = Compile("""
            title: Start
            ---
            On and on.
            <<jump Start>>
            ===
            """);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 40, MaxStepsPerPlaythrough = 500, MasterSeed = 8 });

        Assert.Equal(PlaytestStopReason.Completed, report.StopReason);
        Assert.Equal(40, report.CountOf(PlaytestProblemKind.StepLimit));
        Assert.Equal(40 * 500, report.Steps);
        Assert.Empty(report.Endings);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Playtester.PlaythroughSeed(8, i)), report.Problems.Select(p => p.Seed));
        Assert.All(report.Problems, p => Assert.Equal("Start", p.Node));
        Assert.Equal(PlaythroughOutcome.StepLimit, Playtester.Replay(story, report.Problems[0].Seed, new PlaytestOptions { MaxStepsPerPlaythrough = 500 }).Outcome);
    }

    [Fact]
    public async Task LoopWithoutOutput_ExhaustsTheInstructionBudget()
    {
        var story = Compile("""
            title: Start
            ---
            <<declare $n = 0>>
            <<set $n to $n + 1>>
            <<jump Start>>
            ===
            """);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 5, Session = new SessionOptions { MaxInstructionsPerStep = 10_000 } });

        Assert.Equal(5, report.CountOf(PlaytestProblemKind.StoryError));
        Assert.All(report.Problems, p => Assert.Equal(StoryErrorKind.StepBudgetExceeded, p.ErrorKind));
    }

    [Fact]
    public async Task CycleOfDetours_IsAStoryError()
    {
        var story = Compile("""
            title: Start
            ---
            <<detour Other>>
            ===
            title: Other
            ---
            Deeper.
            <<detour Start>>
            ===
            """);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 3, MaxStepsPerPlaythrough = 100_000 });

        Assert.Equal(PlaytestStopReason.Completed, report.StopReason);
        Assert.Equal(3, report.CountOf(PlaytestProblemKind.StoryError) + report.CountOf(PlaytestProblemKind.StepLimit));
    }

    [Fact]
    public async Task TenThousandOptions_InOneNode()
    {
        var story = Compile(ManyOptions(10_000));

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 50, MasterSeed = 1 });

        Assert.Equal(50, report.PlaythroughsCompleted);
        Assert.Empty(report.ProblemCounts);
        Assert.Equal(50, report.Endings.Single().Count);
        var options = report.Lines.Where(l => l.Kind == StoryLineKind.Option).ToList();
        Assert.Equal(10_000, options.Count);
        Assert.All(options, o => Assert.Equal(50, o.Offered));
        Assert.Equal(50, options.Sum(o => o.Hits));
    }

    [Fact]
    public async Task OptionSetWithNoAvailableOption_IsCounted_AndTheStoryGoesOn()
    {
        var story = Compile("""
            title: Start
            ---
            <<declare $key = false>>
            A locked door.
            -> Open it <<if $key>>
                <<jump Inside>>
            Nothing to do but leave.
            ===
            title: Inside
            ---
            Inside.
            ===
            """);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 10 });

        Assert.Equal(10, report.CountOf(PlaytestProblemKind.NoAvailableOption));
        Assert.Equal(10, report.Endings.Single(e => e.Node == "Start").Count);
        Assert.Equal(10, report.Lines.Single(l => l.Text == "Nothing to do but leave.").Hits);
    }

    [Fact]
    public async Task ThrowingHostFunction_IsReportedPerPlaythrough()
    {
        var library = new FunctionLibrary().AddFunction<double>("explode", () => throw new InvalidOperationException("boom"));
        var story = Compile("""
            title: Start
            ---
            <<declare $x = 0>>
            Before.
            <<set $x to explode()>>
            After.
            ===
            """, library);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 20 });

        Assert.Equal(20, report.CountOf(PlaytestProblemKind.StoryError));
        Assert.All(report.Problems, p => Assert.Equal(StoryErrorKind.HostFunctionFailed, p.ErrorKind));
        Assert.Equal(0, report.Lines.Single(l => l.Text == "After.").Hits);
    }

    [Fact]
    public async Task HangingHostFunction_WithAShortTimeout_Returns()
    {
        using var gate = new ManualResetEventSlim();
        var library = new FunctionLibrary().AddFunction<double>("wait_forever", () =>
        {
            gate.Wait();
            return 1;
        });
        var story = Compile("""
            title: Start
            ---
            <<declare $x = 0>>
            <<if dice(4) == 4>>
                <<set $x to wait_forever()>>
            <<endif>>
            Done.
            ===
            """, library);
        try
        {
            var options = new PlaytestOptions { Playthroughs = 1_000, MaxDegreeOfParallelism = 2, Timeout = TimeSpan.FromMilliseconds(300), StopGracePeriod = TimeSpan.FromMilliseconds(100) };

            var report = await Playtester.RunAsync(story, options);

            Assert.Equal(PlaytestStopReason.TimedOut, report.StopReason);
            Assert.True(report.IsPartial);
            var hung = report.Problems.Where(p => p.Kind == PlaytestProblemKind.Hung).ToList();
            Assert.InRange(hung.Count, 1, 2);
            Assert.All(hung, h => Assert.Equal(Playtester.PlaythroughSeed(0, h.Playthrough), h.Seed));
            Assert.Equal(PlaythroughOutcome.Hung, Playtester.Replay(story, hung[0].Seed, options).Outcome);
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task MissingStartNode_GivesAReport_NotAnException()
    {
        var report = await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Session = new SessionOptions { StartNode = "Nowhere" } });

        Assert.Equal(PlaytestStopReason.StartNodeMissing, report.StopReason);
        Assert.True(report.IsPartial);
        Assert.Contains("Nowhere", report.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.PlaythroughsCompleted);
    }

    [Fact]
    public async Task ZeroPlaythroughs_GiveAnEmptyCompleteReport()
    {
        var report = await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Playthroughs = 0 });

        Assert.Equal(PlaytestStopReason.Completed, report.StopReason);
        Assert.Equal(0, report.PlaythroughsCompleted);
        Assert.Equal(0, report.NodeCoveragePercent);
    }
}

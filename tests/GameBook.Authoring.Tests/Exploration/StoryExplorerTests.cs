using GameBook.Authoring.Exploration;
using GameBook.Library;
using GameBook.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Authoring.Tests.Exploration;

public class StoryExplorerTests
{
    private static ExplorationReport Explore(string source, ExplorationOptions? options = null) =>
        StoryExplorer.Explore(TestStories.Compile(source), options);

    private static string[] EndingNames(ExplorationReport report) => [.. report.Endings.Select(e => e.Node.Name)];

    [Fact]
    public void Explore_DiceBranches_ReachesEveryEnding_WithShortestReplayableWitnesses()
    {
        var story = TestStories.Compile(TestStories.Dice);
        var report = StoryExplorer.Explore(story);

        Assert.True(report.IsComplete, report.StopDetail);
        Assert.Equal(["Win", "Lose"], EndingNames(report));
        var win = report.Endings.Single(e => e.Node.Name == "Win").Witness!;
        // From the start, one decision: the roll, then on through its line to the ending.
        Assert.Equal(1, win.Length);
        Assert.Equal(new WitnessDraw(3, 2, null, 0), Assert.Single(win.Steps[0].Draws));

        foreach (var ending in report.Endings)
        {
            var transcript = ending.Witness!.Replay(story);
            Assert.Null(transcript.Mismatch);
            Assert.Equal(SessionState.Ended, transcript.FinalState);
            Assert.Equal(ending.Node, transcript.FinalNode);
        }

        Assert.Contains("You rolled 3.", win.Replay(story).Lines);
        Assert.Empty(report.SoftLocks);
        Assert.Empty(report.UnreachedNodes);
        Assert.Empty(report.UnreachedLines);
        var r = Assert.Single(report.Variables);
        Assert.Equal((0.0, 3.0), (r.Minimum!.Value, r.Maximum!.Value)); // 0 at the start
        Assert.False(report.IsSampled);
    }

    [Fact]
    public void Explore_AttackRollThenLuckTest_EnumeratesTheSecondDrawInPlace_AndFindsTheSame()
    {
        var story = TestStories.Compile("""
            title: Start
            ---
            <<declare $attack = 0>>
            <<declare $luck = 0>>
            <<set $attack to dice(6)>>
            You attack with {$attack}.
            <<if $attack >= 4>>
                <<set $luck to dice(6)>>
                You test your luck: {$luck}.
                <<if $luck == 6>>
                    <<jump Triumph>>
                <<endif>>
            <<endif>>
            -> Go home
                <<jump Home>>
            ===
            title: Triumph
            tags: ending
            ---
            A mighty blow.
            ===
            title: Home
            tags: ending
            ---
            You go home.
            ===
            """);

        // Two dice(6) are 36 combinations, past the default of 16: allow them in place.
        var inPlace = StoryExplorer.Explore(story, new ExplorationOptions { MaxOutcomesPerDecision = 36 });
        var stepwise = StoryExplorer.Explore(story, new ExplorationOptions { MaxOutcomesPerDecision = 1 });
        var byDefault = StoryExplorer.Explore(story);

        Assert.True(inPlace.IsComplete, inPlace.StopDetail);
        Assert.True(stepwise.IsComplete, stepwise.StopDetail);
        Assert.Equal(EndingNames(stepwise), EndingNames(inPlace));
        Assert.Equal(stepwise.UnreachedLines.Count, inPlace.UnreachedLines.Count);
        // Stepwise, the three attack rolls that lead to a luck test are states of their own (the roll is still read).
        Assert.Equal(stepwise.StatesVisited - 3, inPlace.StatesVisited);
        Assert.Equal(stepwise.StatesVisited, byDefault.StatesVisited);

        var triumph = inPlace.Endings.Single(e => e.Node.Name == "Triumph").Witness!;
        Assert.Equal(1, triumph.Length);
        Assert.Equal([new WitnessDraw(6, 3, null, 0), new WitnessDraw(6, 5, null, 0)], triumph.Steps[0].Draws);
        var transcript = triumph.Replay(story);
        Assert.Null(transcript.Mismatch);
        Assert.Equal(["You attack with 4.", "You test your luck: 6.", "A mighty blow.", "(end)"], transcript.Lines);
        Assert.Equal(2, stepwise.Endings.Single(e => e.Node.Name == "Triumph").Witness!.Length);
    }

    [Fact]
    public void Explore_SellingTheLantern_IsASoftLock_WithTheSaleAsWitness()
    {
        var story = TestStories.Compile(TestStories.Lantern);
        var report = StoryExplorer.Explore(story);

        Assert.True(report.IsComplete, report.StopDetail);
        Assert.Equal(["Mine"], EndingNames(report));
        var softLock = Assert.Single(report.SoftLocks);
        Assert.Equal(SoftLockKind.NoEndingReachable, softLock.Kind);
        Assert.Equal("Road", softLock.Node.Name);
        var transcript = softLock.Witness!.Replay(story);
        Assert.Null(transcript.Mismatch);
        Assert.Contains("-> Sell the lantern", transcript.Lines);
        Assert.Equal(SessionState.AwaitingChoice, transcript.FinalState);

        // The unreachable ending and its content are reported as never reached.
        Assert.Equal(["Secret"], report.UnreachedNodes.Select(n => n.Name));
        Assert.Contains(report.UnreachedLines, l => l.Text == "Nobody ever comes here.");
        Assert.Contains(report.UnreachedOptions, l => l.Text == "Leave");
        Assert.DoesNotContain(report.UnreachedOptions, l => l.Text == "Sell the lantern");
        var gold = report.Variables.Single(v => v.Variable.Name == "$gold");
        Assert.Equal((0.0, 5.0), (gold.Minimum!.Value, gold.Maximum!.Value));
        var lantern = report.Variables.Single(v => v.Variable.Name == "$lantern");
        Assert.True(lantern.SeenTrue && lantern.SeenFalse);
    }

    [Fact]
    public void Explore_WithoutEdges_StillFindsEndings_ButNotTheUnreachableEndingSoftLock()
    {
        var report = Explore(TestStories.Lantern, new ExplorationOptions { FindSoftLocks = false, RecordWitnesses = false });

        Assert.True(report.IsComplete);
        Assert.Equal(["Mine"], EndingNames(report));
        Assert.Null(report.Endings[0].Witness);
        Assert.Empty(report.SoftLocks);
    }

    [Fact]
    public void Explore_OptionSetWithNothingAvailable_ThatEndsOutsideAnEnding_IsReported()
    {
        var story = TestStories.Compile(TestStories.NothingAvailable);
        var report = StoryExplorer.Explore(story);

        Assert.True(report.IsComplete);
        Assert.Empty(report.Endings);
        var dead = Assert.Single(report.SoftLocks, s => s.Kind == SoftLockKind.NoOptionAvailable);
        Assert.Equal("Start", dead.Node.Name);
        var transcript = dead.Witness!.Replay(story);
        Assert.Null(transcript.Mismatch);
        Assert.Equal(SessionState.Ended, transcript.FinalState);
        Assert.Contains("-> (no option available)", transcript.Lines);
        Assert.Contains(report.SoftLocks, s => s.Kind == SoftLockKind.NoEndingReachable && s.Node.Name == "Start");
        Assert.Contains(report.UnreachedNodes, n => n.Name == "Out");
    }

    [Fact]
    public void Explore_DetourCycle_ReportsTheRunawayDetourAsAnError_AndFinishes()
    {
        var story = TestStories.Compile(TestStories.DetourCycle);
        var report = StoryExplorer.Explore(story);

        Assert.True(report.IsComplete, report.StopDetail);
        Assert.Equal(["Done"], EndingNames(report));
        var error = Assert.Single(report.Errors);
        Assert.Equal(StoryErrorKind.DetourTooDeep, error.Error.Kind);
        var transcript = error.Witness!.Replay(story);
        Assert.Null(transcript.Mismatch);
        Assert.Equal(SessionState.Faulted, transcript.FinalState);
    }

    [Fact]
    public void Explore_TenThousandOptionsInOneNode_TakesEachOnce()
    {
        var report = Explore(TestStories.ManyOptions(10_000));

        Assert.True(report.IsComplete);
        Assert.Equal(["End"], EndingNames(report));
        Assert.True(report.Transitions >= 10_000);
        Assert.Empty(report.UnreachedOptions);
    }

    [Fact]
    public void Explore_ThrowingHostFunction_IsAnErrorWithWitness()
    {
        var library = new FunctionLibrary().AddFunction<double>("boom", () => throw new InvalidOperationException("kaboom"));
        var story = TestStories.Compile("""
            title: Start
            ---
            -> Safe
                <<jump End>>
            -> Risky
                <<if boom() > 1>>
                    <<jump End>>
                <<endif>>
            ===
            title: End
            tags: ending
            ---
            Done.
            ===
            """, library);
        var sessionOptions = new SessionOptions { Library = library };
        var report = StoryExplorer.Explore(story, new ExplorationOptions { SessionOptions = sessionOptions });

        Assert.True(report.IsComplete);
        var error = Assert.Single(report.Errors);
        Assert.Equal(StoryErrorKind.HostFunctionFailed, error.Error.Kind);
        var transcript = error.Witness!.Replay(story, sessionOptions);
        Assert.Equal(SessionState.Faulted, transcript.FinalState);
        Assert.Contains("-> Risky", transcript.Lines);
    }

    [Fact]
    public void Explore_StepBudget_IsAnErrorWithWitness()
    {
        var report = Explore("""
            title: Start
            ---
            <<declare $i = 0>>
            -> Spin
                <<jump Loop>>
            ===
            title: Loop
            ---
            <<set $i to $i + 1>>
            <<jump Loop>>
            ===
            """, new ExplorationOptions { SessionOptions = new SessionOptions { MaxInstructionsPerStep = 1000 } });

        Assert.True(report.IsComplete);
        Assert.Equal(StoryErrorKind.StepBudgetExceeded, Assert.Single(report.Errors).Error.Kind);
    }

    [Fact]
    public async Task Explore_HangingHostFunction_ReturnsAtTheTimeout_WithAPartialReport()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var library = new FunctionLibrary().AddFunction<double>("hang", () =>
        {
            entered.Set();
            release.Wait();
            return 0;
        });
        var story = TestStories.Compile("""
            title: Start
            ---
            Before.
            -> Wait
                <<if hang() > 1>>
                    <<jump Start>>
                <<endif>>
            ===
            """, library);
        var time = new FakeTimeProvider();
        try
        {
            var task = StoryExplorer.ExploreAsync(story, new ExplorationOptions
            {
                SessionOptions = new SessionOptions { Library = library },
                Timeout = TimeSpan.FromSeconds(5),
                TimeProvider = time,
            });
            Assert.True(entered.Wait(TimeSpan.FromSeconds(30)), "the host function was never called");
            time.Advance(TimeSpan.FromSeconds(6));
            var report = await task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.False(report.IsComplete);
            Assert.Equal(ExplorationStopReason.Timeout, report.StopReason);
            Assert.Equal(2, report.StatesVisited); // the start, and the option set whose option hangs
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void Explore_StateExplosion_StopsAtMaxStates()
    {
        var report = Explore(TestStories.Explosion, new ExplorationOptions { MaxStates = 1000 });

        Assert.False(report.IsComplete);
        Assert.Equal(ExplorationStopReason.MaxStates, report.StopReason);
        Assert.Equal(1000, report.StatesVisited);
        Assert.True(report.FrontierRemaining > 0);
        Assert.Equal(["End"], EndingNames(report));
        // Unexpanded states might still reach an ending, so none is called a soft-lock.
        Assert.Empty(report.SoftLocks);
    }

    [Theory]
    [InlineData(StateStorage.Fingerprint64)]
    [InlineData(StateStorage.Exact)]
    public void Explore_StateExplosion_StopsAtMaxMemory_WithinTheBound(StateStorage storage)
    {
        const long bound = 2_000_000;
        var report = Explore(TestStories.Explosion, new ExplorationOptions { MaxMemoryBytes = bound, StateStorage = storage });

        Assert.Equal(ExplorationStopReason.MaxMemory, report.StopReason);
        Assert.InRange(report.PeakEstimatedMemoryBytes, 1, bound);
        Assert.True(report.StatesVisited > 100);
    }

    [Fact]
    public void Explore_Cancelled_ReturnsThePartialReport()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.StatesVisited > 200)
            {
                cts.Cancel();
            }
        });
        var report = StoryExplorer.Explore(
            TestStories.Compile(TestStories.Explosion),
            new ExplorationOptions { ProgressInterval = TimeSpan.FromTicks(1) },
            progress,
            cts.Token);

        Assert.Equal(ExplorationStopReason.Cancelled, report.StopReason);
        Assert.True(report.StatesVisited > 200);
        Assert.NotEmpty(progress.Reports);
    }

    [Fact]
    public void Explore_AlreadyCancelled_ReturnsAtOnce()
    {
        var report = StoryExplorer.Explore(TestStories.Compile(TestStories.Explosion), cancellationToken: new CancellationToken(canceled: true));

        Assert.Equal(ExplorationStopReason.Cancelled, report.StopReason);
        Assert.Contains("cancelled", report.StopDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_RandomFloat_IsSampled_AndSaysSo()
    {
        var report = Explore(TestStories.Sampled);

        Assert.True(report.IsComplete);
        Assert.True(report.IsSampled);
        Assert.Contains("random()", report.SampledReason, StringComparison.Ordinal);
        Assert.Equal(["Low", "High"], EndingNames(report));
        var high = report.Endings[1].Witness!;
        Assert.InRange(high.Steps[0].Draws.Single().Sample!.Value, 0.5, 1);
    }

    [Fact]
    public void Explore_RandomSaliency_BranchesOnTheChoice()
    {
        var deterministic = Explore(TestStories.LineGroup);
        var random = Explore(TestStories.LineGroup, new ExplorationOptions
        {
            SessionOptions = new SessionOptions { SaliencyStrategy = SaliencyStrategies.RandomBestLeastRecentlySeen },
        });

        Assert.Equal(["Good day."], deterministic.UnreachedLines.Select(l => l.Text));
        Assert.Empty(random.UnreachedLines);
    }

    [Fact]
    public void Explore_OutcomesOverTheBound_StopsAndSaysWhere()
    {
        var report = Explore(TestStories.BigRoll);

        Assert.Equal(ExplorationStopReason.MaxOutcomesPerStep, report.StopReason);
        Assert.Contains("1000000", report.StopDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_RollOfManyDice_BranchesOnTotals_NotOnEachDie()
    {
        var report = Explore("""
            title: Start
            ---
            <<declare $r = 0>>
            <<set $r to roll("10d6")>>
            <<if $r == 60>>
                <<jump Top>>
            <<endif>>
            ===
            title: Top
            tags: ending
            ---
            Sixty.
            ===
            """);

        Assert.True(report.IsComplete, report.StopDetail);
        var draw = report.Endings.Single().Witness!.Steps[0].Draws.Single();
        Assert.Equal(new WitnessDraw(51, 50, null, 10), draw);
        Assert.Equal("10d6=60", draw.ToString());
        var r = report.Variables.Single();
        Assert.Equal((0.0, 60.0), (r.Minimum!.Value, r.Maximum!.Value)); // 0 at the start
    }

    [Fact]
    public void Explore_MissingEntryNode_ReportsIt_WithoutThrowing()
    {
        var report = Explore(TestStories.Dice, new ExplorationOptions { EntryNodes = ["Nowhere"] });

        Assert.Equal(ExplorationStopReason.EntryNodeMissing, report.StopReason);
        Assert.Contains("Nowhere", report.StopDetail, StringComparison.Ordinal);
        Assert.Equal(0, report.StatesVisited);
    }

    [Fact]
    public void Explore_SeveralEntryNodes_WitnessesStartAtTheirEntry()
    {
        var story = TestStories.Compile(TestStories.Lantern);
        var report = StoryExplorer.Explore(story, new ExplorationOptions { EntryNodes = ["Start", "Secret"] });

        Assert.Empty(report.UnreachedNodes);
        Assert.All(report.Endings, e => Assert.Equal(e.Node, e.Witness!.Replay(story).FinalNode));
    }

    [Fact]
    public void Explore_BadOptions_Throw()
    {
        var story = TestStories.Compile(TestStories.Dice);
        Assert.Throws<ArgumentOutOfRangeException>(() => StoryExplorer.Explore(story, new ExplorationOptions { MaxStates = 0 }));
        Assert.Throws<ArgumentException>(() => StoryExplorer.Explore(story, new ExplorationOptions { RandomSamples = [1.0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoryExplorer.Explore(story, new ExplorationOptions { MaxDegreeOfParallelism = 0 }));
    }

    [Fact]
    public void Report_ToString_ListsTheFindings()
    {
        var text = Explore(TestStories.Lantern).ToString();

        Assert.Contains("Exploration complete", text, StringComparison.Ordinal);
        Assert.Contains("ending Mine", text, StringComparison.Ordinal);
        Assert.Contains("soft-lock NoEndingReachable in Road", text, StringComparison.Ordinal);
        Assert.Contains("never reached: node Secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_OfAWitnessThatNoLongerFits_ReportsTheMismatch()
    {
        var story = TestStories.Compile(TestStories.Lantern);
        var transcript = new Witness("Start", [new WitnessStep(WitnessStep.Continue, []), new WitnessStep(7, [])]).Replay(story);

        Assert.NotNull(transcript.Mismatch);
    }

    /// <summary>Reports synchronously on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ExplorationProgress> onReport) : IProgress<ExplorationProgress>
    {
        public List<ExplorationProgress> Reports { get; } = [];

        public void Report(ExplorationProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }

            onReport(value);
        }
    }
}

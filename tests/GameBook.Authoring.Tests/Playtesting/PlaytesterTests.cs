using GameBook.Authoring.Playtesting;
using GameBook.Library;
using GameBook.Runtime;
using static GameBook.Authoring.Tests.Playtesting.PlaytestStories;

namespace GameBook.Authoring.Tests.Playtesting;

public class PlaytesterTests
{
    [Fact]
    public async Task RunAsync_SmallStory_GivesTheKnownCoverageEndingsAndHistograms()
    {
        var story = Compile(Fork);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 200, MasterSeed = 11, MaxDegreeOfParallelism = 2 });

        Assert.Equal(PlaytestStopReason.Completed, report.StopReason);
        Assert.False(report.IsPartial);
        Assert.Equal(200, report.PlaythroughsCompleted);
        Assert.Equal(200, report.Selections);
        Assert.Equal(75, report.NodeCoveragePercent);
        Assert.Equal(75, report.LineCoveragePercent);
        Assert.Equal(200.0 / 3, report.OptionCoveragePercent, 9);
        Assert.Equal(["Secret"], report.UnreachedNodes.Select(n => n.UniqueName));
        Assert.Equal(["Secret line."], report.UnreachedLines.Select(l => l.Text));
        var secret = Assert.Single(report.UnchosenOptions);
        Assert.Equal("Secret door", secret.Text);
        Assert.Equal(0, secret.Offered);

        var start = report.Nodes.Single(n => n.Name == "Start");
        Assert.Equal(200, start.Hits);
        var left = report.Endings.Single(e => e.Node == "Left");
        var right = report.Endings.Single(e => e.Node == "Right");
        Assert.True(left.IsEnding);
        Assert.False(right.IsEnding);
        Assert.Equal(200, left.Count + right.Count);
        Assert.InRange(left.Count, 60, 140);
        var leftOption = report.Lines.Single(l => l.Text == "Left");
        Assert.Equal(left.Count, leftOption.Hits);
        Assert.Equal(200, leftOption.Offered);
        Assert.Equal(200, report.Lines.Single(l => l.Text == "Hello.").Hits);

        var gold = report.Variables.Single(v => v.Name == "$gold");
        Assert.Equal("Number", gold.Type);
        Assert.Equal([("0", right.Count), ("1", left.Count)], gold.Buckets.Select(b => (b.Value, b.Count)));
        Assert.Equal(0, gold.Min);
        Assert.Equal(1, gold.Max);
        var brave = report.Variables.Single(v => v.Name == "$brave");
        Assert.Equal([("false", right.Count), ("true", left.Count)], brave.Buckets.Select(b => (b.Value, b.Count)));
        Assert.Empty(report.ProblemCounts);
    }

    [Fact]
    public async Task RunAsync_SameSeed_SameReport_OnOneOrTwoThreads()
    {
        var story = Lanternkeeper();
        var options = new PlaytestOptions { Playthroughs = 300, MasterSeed = 42, MaxDegreeOfParallelism = 1 };

        var once = await Playtester.RunAsync(story, options);
        var again = await Playtester.RunAsync(story, options);
        options.MaxDegreeOfParallelism = 2;
        var parallel = await Playtester.RunAsync(story, options);
        options.MaxDegreeOfParallelism = 1;
        options.MasterSeed = 43;
        var otherSeed = await Playtester.RunAsync(story, options);

        Assert.Equal(Content(once), Content(again));
        Assert.Equal(Content(once), Content(parallel));
        Assert.NotEqual(Content(once), Content(otherSeed));
    }

    [Fact]
    public async Task Replay_OfAPrintedErrorSeed_ReproducesTheError()
    {
        var library = new FunctionLibrary().AddFunction("open_chest", (double roll) => roll == 6 ? throw new InvalidOperationException("the chest is trapped") : roll);
        var story = Compile("""
            title: Start
            ---
            <<declare $loot = 0>>
            A chest.
            -> Open it
                <<set $loot to open_chest(dice(6))>>
                You find {$loot} coins.
            -> Leave it
                You walk away.
            ===
            """, library);
        var options = new PlaytestOptions { Playthroughs = 100, MasterSeed = 5 };

        var report = await Playtester.RunAsync(story, options);

        var failures = report.Problems.Where(p => p.Kind == PlaytestProblemKind.StoryError).ToList();
        Assert.NotEmpty(failures);
        Assert.Equal(failures.Count, report.CountOf(PlaytestProblemKind.StoryError));
        foreach (var failure in failures)
        {
            Assert.Equal(StoryErrorKind.HostFunctionFailed, failure.ErrorKind);
            Assert.Contains("the chest is trapped", failure.Message, StringComparison.Ordinal);
            Assert.Equal(Playtester.PlaythroughSeed(5, failure.Playthrough), failure.Seed);

            var replay = Playtester.Replay(story, failure.Seed, options);

            Assert.Equal(PlaythroughOutcome.StoryError, replay.Outcome);
            var problem = Assert.Single(replay.Problems);
            Assert.Equal(failure.Message, problem.Message);
            Assert.Equal(failure.Step, problem.Step);
            Assert.Equal(failure.Selections, problem.Selections);
            Assert.Contains(replay.Entries, e => e.Kind == TranscriptEntryKind.Choice && e.Text == "Open it");
            Assert.Contains("PROBLEM: ", replay.ToText(), StringComparison.Ordinal);
        }

        var fine = Enumerable.Range(0, 100).First(i => failures.All(f => f.Playthrough != i));
        var replayFine = Playtester.Replay(story, Playtester.PlaythroughSeed(5, fine), options);
        Assert.Equal(PlaythroughOutcome.Ended, replayFine.Outcome);
        Assert.Empty(replayFine.Problems);
    }

    [Fact]
    public async Task Replay_OfAnySeed_MatchesThatPlaythroughRunAlone()
    {
        var story = Lanternkeeper();
        for (var i = 0; i < 20; i++)
        {
            var single = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 1, FirstPlaythrough = i, MasterSeed = 9 });
            var replay = Playtester.Replay(story, Playtester.PlaythroughSeed(9, i));

            Assert.Equal(single.Selections, replay.Selections);
            Assert.Equal(single.Steps, replay.Steps);
            Assert.Equal(single.Endings.SingleOrDefault()?.Node, replay.EndNode);
            var entered = replay.Entries.Where(e => e.Kind == TranscriptEntryKind.Node).GroupBy(e => e.Text).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(single.Nodes.Where(n => n.Hits > 0).ToDictionary(n => n.UniqueName, n => n.Hits), entered);
        }
    }

    [Fact]
    public async Task AvoidUsedOptions_ReachesMoreOfAHubStory_ThanRandom()
    {
        var story = Compile(Hub());
        var random = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 20, MasterSeed = 3, ChoiceStrategy = ChoiceStrategies.Random });
        var avoid = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 20, MasterSeed = 3, ChoiceStrategy = ChoiceStrategies.AvoidUsedOptions });

        Assert.Equal(20, avoid.Nodes.Single(n => n.Name == "Vault").Ended);
        Assert.True(random.Nodes.Single(n => n.Name == "Vault").Ended < 20);
        Assert.True(avoid.LineCoveragePercent > random.LineCoveragePercent, $"avoid {avoid.LineCoveragePercent} vs random {random.LineCoveragePercent}");
        Assert.Equal("avoid-used-options", Assert.Single(avoid.Slices).Strategy);
    }

    [Fact]
    public async Task CustomStrategy_GetsPerPlaythroughContext_AndItsFailuresAreReported()
    {
        var story = Compile(Fork);
        var first = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 30, ChoiceStrategy = new FixedStrategy(0) });
        Assert.Equal(30, first.Endings.Single(e => e.Node == "Left").Count);

        var invalid = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 30, ChoiceStrategy = new FixedStrategy(2) });
        Assert.Equal(30, invalid.CountOf(PlaytestProblemKind.StrategyFailed));
        Assert.Contains("not an available option", invalid.Problems[0].Message, StringComparison.Ordinal);

        var throwing = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 30, ChoiceStrategy = new FixedStrategy(-99) });
        Assert.Equal(30, throwing.CountOf(PlaytestProblemKind.StrategyFailed));
        Assert.Contains("strategy exploded", throwing.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(30, throwing.PlaythroughsCompleted);
    }

    [Fact]
    public async Task Progress_IsReported_AndTheLastReportMatchesTheResult()
    {
        var story = Lanternkeeper();
        var progress = new RecordingProgress();

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 200, MaxDegreeOfParallelism = 2 }, progress);

        var last = progress.Reports[^1];
        Assert.Equal(report.PlaythroughsCompleted, last.PlaythroughsCompleted);
        Assert.Equal(200, last.PlaythroughsRequested);
        Assert.Equal(report.Selections, last.Selections);
        Assert.Equal(report.NodeCoveragePercent, last.NodeCoveragePercent, 9);
        Assert.Equal(report.LineCoveragePercent, last.LineCoveragePercent, 9);
        Assert.Equal(report.OptionCoveragePercent, last.OptionCoveragePercent, 9);
        Assert.All(progress.Reports, p => Assert.InRange(p.PlaythroughsCompleted, 0, 200));
    }

    [Fact]
    public async Task Cancellation_ReturnsAPartialReport_NotAnException()
    {
        var story = Lanternkeeper();
        using var cancel = new CancellationTokenSource();
        var strategy = new CancellingStrategy(cancel, afterChoices: 500);

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 1_000_000, ChoiceStrategy = strategy, MaxDegreeOfParallelism = 2 }, cancellationToken: cancel.Token);

        Assert.Equal(PlaytestStopReason.Cancelled, report.StopReason);
        Assert.True(report.IsPartial);
        Assert.InRange(report.PlaythroughsCompleted, 1, 999_999);
        Assert.Equal(1_000_000, report.PlaythroughsRequested);
        Assert.Equal(report.PlaythroughsCompleted, report.Nodes.Single(n => n.Name == "Start").Hits);
        Assert.Contains("PARTIAL: Cancelled", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlreadyCancelledToken_ReturnsAnEmptyPartialReport()
    {
        var report = await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Playthroughs = 10 }, cancellationToken: new CancellationToken(true));

        Assert.Equal(PlaytestStopReason.Cancelled, report.StopReason);
        Assert.Equal(0, report.PlaythroughsCompleted);
    }

    [Fact]
    public async Task LanternkeepersOath_ThousandPlaythroughs_GiveASaneReport()
    {
        var story = Lanternkeeper();

        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 1_000, MasterSeed = 2026 });

        Assert.Equal(1_000, report.PlaythroughsCompleted);
        Assert.Equal(1_000, report.Endings.Sum(e => e.Count) + report.CountOf(PlaytestProblemKind.StepLimit) + report.CountOf(PlaytestProblemKind.StoryError));
        Assert.Equal(0, report.CountOf(PlaytestProblemKind.StoryError));
        Assert.True(report.Endings.Count(e => e.IsEnding) >= 3, string.Join(", ", report.Endings));
        Assert.InRange(report.NodeCoveragePercent, 60, 100);
        Assert.InRange(report.LineCoveragePercent, 50, 100);
        Assert.True(report.Selections > 5_000);
        Assert.Equal(1_000, report.Nodes.Single(n => n.Name == "Start").Hits);
        Assert.All(report.Variables, v => Assert.Equal(1_000, v.Buckets.Sum(b => b.Count) + v.Other));
        Assert.Contains(report.Variables, v => v.Name == "$stamina");
        Assert.DoesNotContain(report.Variables, v => v.Name == "$merchant"); // strings are not tracked by default
        var text = report.ToText();
        Assert.Contains("Endings", text, StringComparison.Ordinal);
        Assert.Contains("$stamina", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackedVariables_NamesChooseTheHistograms_AndUnknownNamesAreRejected()
    {
        var story = Lanternkeeper();
        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 50, TrackedVariables = ["merchant", "$oil"] });
        Assert.Equal(["$merchant", "$oil"], report.Variables.Select(v => v.Name));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Playtester.RunAsync(story, new PlaytestOptions { TrackedVariables = ["$nope"] }));
        Assert.Contains("$nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlaythroughSeed_IsStableAndSpread()
    {
        Assert.Equal(Playtester.PlaythroughSeed(1, 2), Playtester.PlaythroughSeed(1, 2));
        var seeds = new HashSet<ulong>();
        for (ulong master = 0; master < 10; master++)
        {
            for (var i = 0; i < 1_000; i++)
            {
                Assert.True(seeds.Add(Playtester.PlaythroughSeed(master, i)));
            }
        }
    }

    [Fact]
    public async Task Options_OutOfRange_AreProgrammingErrors()
    {
        var story = Compile(Fork);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Playtester.RunAsync(story, new PlaytestOptions { MaxDegreeOfParallelism = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Playtester.RunAsync(story, new PlaytestOptions { Timeout = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Playtester.RunAsync(null!));
    }

    /// <summary>Always chooses option <c>index</c>; -99 throws.</summary>
    private sealed class FixedStrategy(int index) : IChoiceStrategy
    {
        public string Name => "fixed";

        public int Choose(ChoiceContext context, OptionSet options) =>
            index == -99 ? throw new InvalidOperationException("strategy exploded") : index;
    }

    /// <summary>Chooses at random and cancels the run after a number of choices (on whichever worker gets there).</summary>
    private sealed class CancellingStrategy(CancellationTokenSource cancel, int afterChoices) : IChoiceStrategy
    {
        private int _choices;

        public string Name => "cancelling";

        public int Choose(ChoiceContext context, OptionSet options)
        {
            if (Interlocked.Increment(ref _choices) == afterChoices)
            {
                cancel.Cancel();
            }

            return ChoiceStrategies.Random.Choose(context, options);
        }
    }
}

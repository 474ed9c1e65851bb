using GameBook.Authoring.Exploration;
using GameBook.Runtime;
using Xunit.Abstractions;

namespace GameBook.Authoring.Tests.Exploration;

/// <summary>
/// The bundled gamebook explores to completion, but in 19.4 million states and nine minutes on two threads (see
/// docs/performance.md), too long for a unit test: these tests explore it to a state bound and check what a bounded
/// run promises.
/// </summary>
public class BundledStoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore_Bundled_ToAStateBound_ReportsHowFarItGot_AndItsWitnessesReplay()
    {
        var story = TestStories.Bundled();
        var report = StoryExplorer.Explore(story, new ExplorationOptions { MaxStates = 30_000 });
        output.WriteLine(report.ToString());

        Assert.Equal(ExplorationStopReason.MaxStates, report.StopReason);
        Assert.Equal(30_000, report.StatesVisited);
        Assert.Contains("30000 states", report.StopDetail, StringComparison.Ordinal);
        Assert.True(report.FrontierRemaining > 0);
        Assert.InRange(report.VisitedSetBytesPerState, 1, 16);
        Assert.All(report.SoftLocks, s => Assert.NotEqual(SoftLockKind.NoEndingReachable, s.Kind));
        foreach (var found in report.Endings.Select(e => (e.Node, e.Witness)).Concat(report.SoftLocks.Select(s => (s.Node, s.Witness))))
        {
            var transcript = found.Witness!.Replay(story);
            Assert.Null(transcript.Mismatch);
            Assert.Equal(SessionState.Ended, transcript.FinalState);
        }
    }

    [Fact]
    public void Explore_Bundled_StopsInTheSameLevel_OnOneAndTwoThreads()
    {
        var story = TestStories.Bundled();

        // A state bound cuts a level at a thread-dependent place, but the levels' sizes do not depend on threads.
        var one = StoryExplorer.Explore(story, new ExplorationOptions { MaxStates = 5_000, MaxDegreeOfParallelism = 1 });
        var two = StoryExplorer.Explore(story, new ExplorationOptions { MaxStates = 5_000, MaxDegreeOfParallelism = 2 });

        Assert.Equal(one.StatesVisited, two.StatesVisited);
        Assert.Equal(one.Depth, two.Depth);
    }

    [Fact]
    public void Explore_MergingDeadVariables_FindsTheSame_WithFewerStates()
    {
        var story = TestStories.Compile(TestStories.Dice + "\n" + """
            title: Again
            ---
            <<declare $spare = 0>>
            <<set $spare to dice(6)>>
            You throw {$spare}.
            -> Throw again
                <<jump Again>>
            -> Stop
                <<jump Win>>
            ===
            """);
        var options = new ExplorationOptions { EntryNodes = ["Start", "Again"] };
        var merged = StoryExplorer.Explore(story, options);
        var full = StoryExplorer.Explore(story, new ExplorationOptions { EntryNodes = ["Start", "Again"], MergeDeadVariables = false });

        Assert.True(merged.IsComplete && full.IsComplete);
        Assert.True(merged.StatesVisited < full.StatesVisited, $"{merged.StatesVisited} vs {full.StatesVisited}");
        Assert.Equal(full.Endings.Select(e => e.Node), merged.Endings.Select(e => e.Node));
        Assert.Equal(full.UnreachedLines, merged.UnreachedLines);
        Assert.Equal(full.SoftLocks.Select(s => (s.Kind, s.Node)), merged.SoftLocks.Select(s => (s.Kind, s.Node)));
    }
}

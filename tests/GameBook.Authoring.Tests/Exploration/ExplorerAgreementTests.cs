using CsCheck;
using GameBook.Authoring.Exploration;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Exploration;

/// <summary>The findings do not depend on the thread count or the storage mode.</summary>
public class ExplorerAgreementTests
{
    public static TheoryData<string> Stories() =>
    [
        TestStories.Dice,
        TestStories.Lantern,
        TestStories.NothingAvailable,
        TestStories.DetourCycle,
        TestStories.Sampled,
        TestStories.LineGroup,
        TestStories.ManyOptions(50),
        BoundedCounters,
    ];

    // Dice and counters with a finite state space of a few thousand states and several soft-lock places.
    private const string BoundedCounters = """
        title: Start
        ---
        <<declare $hp = 6>>
        <<declare $gold = 0>>
        You stand at the crossroads with {$hp} stamina and {$gold} gold.
        -> Fight <<if $hp > 0>>
            <<set $hp to $hp - dice(3)>>
            <<set $gold to $gold + 1>>
            <<if $hp <= 0>>
                <<jump Dead>>
            <<endif>>
            <<jump Start>>
        -> Rest <<if $gold > 0 and $hp < 6>>
            <<set $gold to $gold - 1>>
            <<set $hp to $hp + 1>>
            <<jump Start>>
        -> Buy the key <<if $gold >= 3>>
            <<set $gold to $gold - 3>>
            <<jump Gate>>
        -> Gamble your gold <<if $gold > 0>>
            <<set $gold to 0>>
            <<jump Start>>
        ===
        title: Gate
        ---
        <<if dice(2) == 1>>
            The key breaks.
            <<jump Stuck>>
        <<endif>>
        <<jump Free>>
        ===
        title: Stuck
        ---
        -> Wait
            <<jump Stuck>>
        ===
        title: Dead
        tags: death
        ---
        You fall.
        ===
        title: Free
        tags: ending
        ---
        You are free.
        ===
        """;

    [Theory]
    [MemberData(nameof(Stories))]
    public void Explore_OneAndTwoThreads_FindTheSameThings(string source)
    {
        var story = TestStories.Compile(source);
        var one = StoryExplorer.Explore(story, new ExplorationOptions { MaxDegreeOfParallelism = 1 });
        var two = StoryExplorer.Explore(story, new ExplorationOptions { MaxDegreeOfParallelism = 2 });

        AssertSameFindings(one, two);
        Assert.Equal(2, two.DegreeOfParallelism);
    }

    [Theory]
    [MemberData(nameof(Stories))]
    public void Explore_ExactAndFingerprint_FindTheSameThings(string source)
    {
        var story = TestStories.Compile(source);
        var fingerprint = StoryExplorer.Explore(story);
        var exact = StoryExplorer.Explore(story, new ExplorationOptions { StateStorage = StateStorage.Exact });

        AssertSameFindings(fingerprint, exact);
        Assert.Equal(0, exact.CollisionProbability);
        Assert.True(fingerprint.StatesVisited < 2 ? fingerprint.CollisionProbability == 0 : fingerprint.CollisionProbability is > 0 and < 1e-12);
    }

    [Fact]
    public void Explore_WithoutMerging_VariableRangesAgreeAcrossThreads()
    {
        var story = TestStories.Compile(BoundedCounters);
        var one = StoryExplorer.Explore(story, new ExplorationOptions { MergeDeadVariables = false });
        var two = StoryExplorer.Explore(story, new ExplorationOptions { MergeDeadVariables = false, MaxDegreeOfParallelism = 2 });

        AssertSameFindings(one, two);
        Assert.Equal(one.Variables.Select(v => v.ToString()), two.Variables.Select(v => v.ToString()));
    }

    [Fact]
    public void Explore_BoundedCounters_FindsTheBrokenKey()
    {
        var story = TestStories.Compile(BoundedCounters);
        var report = StoryExplorer.Explore(story);

        Assert.True(report.IsComplete);
        Assert.Equal(["Dead", "Free"], report.Endings.Select(e => e.Node.Name).Order(StringComparer.Ordinal));
        var stuck = Assert.Single(report.SoftLocks);
        Assert.Equal("Stuck", stuck.Node.Name); // the roll in Gate breaks the key; the player waits in Stuck forever
        var transcript = stuck.Witness!.Replay(story);
        Assert.Null(transcript.Mismatch);
        Assert.Contains("The key breaks.", transcript.Lines);
        var hp = report.Variables.Single(v => v.Variable.Name == "$hp");
        Assert.Equal(6, hp.Maximum);
        Assert.True(hp.Minimum <= 0);
    }

    [Fact]
    public void Explore_RandomStories_NeverThrow_AndAgreeAcrossThreads()
    {
        var gen =
            from nodeCount in Gen.Int[1, 5]
            from nodes in Gen.Select(Gen.Int[0, 3], Gen.Int[0, 4], Gen.Int[0, 9].Array[0, 4], Gen.Bool, Gen.Int[0, 2]).Array[nodeCount]
            select (nodeCount, nodes);
        var compared = 0;
        var merges = 0;
        gen.Sample(sample =>
        {
            var (count, nodes) = sample;
            var text = new System.Text.StringBuilder("title: Start\n---\n<<declare $x = 0>>\n<<declare $y = 0>>\n<<jump N0>>\n===\n");
            for (var i = 0; i < count; i++)
            {
                var (lines, kind, targets, ending, dice) = nodes[i];
                text.Append("title: N").Append(i).Append(ending ? "\ntags: ending" : string.Empty).Append("\n---\n");
                for (var l = 0; l < lines; l++)
                {
                    text.Append("Line ").Append(i).Append('.').Append(l).Append(" x is {$x}.\n");
                }

                if (dice > 0)
                {
                    text.Append("<<set $x to ($x + dice(").Append(dice + 1).Append(")) % 5>>\n");
                }

                // A roll read once (often dead afterwards), and a detour whose caller reads it after the return.
                if (lines > 1)
                {
                    text.Append("<<set $y to dice(2)>>\n");
                    text.Append(i % 2 == 0 ? "You rolled {$y}.\n" : "<<detour N" + ((i + 1) % count) + ">>\n<<if $y == 2>>\nTwo.\n<<endif>>\n");
                }

                foreach (var target in targets)
                {
                    var to = target % count;
                    text.Append(kind switch
                    {
                        0 => $"-> Go {to}\n    <<jump N{to}>>\n",
                        1 => $"-> Go {to} <<if $x > {target % 3}>>\n    <<detour N{to}>>\n",
                        // Once-options and items: flags and items that later nodes may or may not read again.
                        3 => $"-> Pick up a key and go {to} <<once>>\n    <<give \"k{target % 2}\">>\n    <<jump N{to}>>\n",
                        4 => $"-> Unlock {to} <<if has(\"k{target % 2}\")>>\n    <<take \"k{target % 2}\">>\n    <<detour N{to}>>\n",
                        _ => $"-> Raise and go {to}\n    <<set $x to $x + 1>>\n    <<jump N{to}>>\n",
                    });
                }
            }

            var result = StoryCompiler.Compile("random.yarn", text.ToString());
            if (result.Story is null)
            {
                return;
            }

            var options = new ExplorationOptions { MaxStates = 20_000, MaxOutcomesPerStep = 1000 };
            var one = StoryExplorer.Explore(result.Story, options);
            var two = StoryExplorer.Explore(result.Story, new ExplorationOptions { MaxStates = 20_000, MaxOutcomesPerStep = 1000, MaxDegreeOfParallelism = 2 });
            Assert.True(one.StopReason is ExplorationStopReason.Completed or ExplorationStopReason.MaxStates, one.StopDetail);
            if (one.IsComplete && two.IsComplete)
            {
                AssertSameFindings(one, two);
            }

            // Dead-variable merging is sound: it finds the same things (in fewer or as many states).
            var unmerged = StoryExplorer.Explore(result.Story, new ExplorationOptions { MaxStates = 20_000, MaxOutcomesPerStep = 1000, MergeDeadVariables = false });
            if (one.IsComplete && unmerged.IsComplete)
            {
                Interlocked.Increment(ref compared);
                if (one.StatesVisited < unmerged.StatesVisited)
                {
                    Interlocked.Increment(ref merges);
                }

                Assert.True(one.StatesVisited <= unmerged.StatesVisited);
                Assert.Equal(unmerged.Endings.Select(e => (e.Node.Index, e.Witness?.Length)), one.Endings.Select(e => (e.Node.Index, e.Witness?.Length)));
                Assert.Equal(unmerged.SoftLocks.Select(s => (s.Kind, s.Node.Index, s.Witness?.Length)), one.SoftLocks.Select(s => (s.Kind, s.Node.Index, s.Witness?.Length)));
                Assert.Equal(unmerged.Errors.Select(e => (e.Error.Kind, e.Error.Node)), one.Errors.Select(e => (e.Error.Kind, e.Error.Node)));
                Assert.Equal(unmerged.UnreachedNodes, one.UnreachedNodes);
                Assert.Equal(unmerged.UnreachedLines, one.UnreachedLines);
                Assert.Equal(unmerged.UnreachedOptions, one.UnreachedOptions);
            }

            foreach (var ending in one.Endings)
            {
                var transcript = ending.Witness!.Replay(result.Story);
                Assert.Null(transcript.Mismatch);
                Assert.Equal(ending.Node, transcript.FinalNode);
            }
        }, iter: 100);

        // The property was checked on complete explorations, some of which merging made smaller.
        Assert.True(compared >= 5, $"only {compared} complete explorations compared");
        Assert.True(merges > 0, "no generated story had a dead variable to merge");
    }

    internal static void AssertSameFindings(ExplorationReport expected, ExplorationReport actual)
    {
        Assert.Equal(expected.StopReason, actual.StopReason);
        Assert.Equal(expected.StatesVisited, actual.StatesVisited);
        Assert.Equal(expected.Transitions, actual.Transitions);
        Assert.Equal(expected.Depth, actual.Depth);
        Assert.Equal(expected.Endings.Select(e => e.Node.Index), actual.Endings.Select(e => e.Node.Index));
        Assert.Equal(expected.Endings.Select(e => e.Witness?.Length), actual.Endings.Select(e => e.Witness?.Length));
        Assert.Equal(expected.SoftLocks.Select(s => (s.Kind, s.Node.Index, s.Count, s.Witness?.Length)), actual.SoftLocks.Select(s => (s.Kind, s.Node.Index, s.Count, s.Witness?.Length)));
        Assert.Equal(expected.Errors.Select(e => (e.Error.Kind, e.Error.Node, e.Count, e.Witness?.Length)), actual.Errors.Select(e => (e.Error.Kind, e.Error.Node, e.Count, e.Witness?.Length)));
        Assert.Equal(expected.UnreachedNodes, actual.UnreachedNodes);
        Assert.Equal(expected.UnreachedLines, actual.UnreachedLines);
        Assert.Equal(expected.UnreachedOptions, actual.UnreachedOptions);
        Assert.Equal(expected.IsSampled, actual.IsSampled);
    }
}

using GameBook.Authoring.Playtesting;
using GameBook.Compilation;
using GameBook.Runtime;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>The test command's batch submission of playtest slices to the worker pool.</summary>
public class PlaytestJobsTests
{
    private static readonly Story Fork = StoryCompiler.Compile("fork.yarn", """
        title: Start
        ---
        -> Left
            <<jump End>>
        -> Right
            <<jump End>>
        ===
        title: End
        tags: ending
        ---
        Done.
        ===
        """, new CompileOptions()).Story!;

    private static readonly SliceSpec[] Slices = [new(0, 3), new(3, 5), new(8, 7)];

    private static PlaytestOptions Options(SliceSpec s) => new()
    {
        MasterSeed = 7,
        FirstPlaythrough = s.First,
        Playthroughs = s.Count,
        MaxDegreeOfParallelism = 1,
    };

    [Fact]
    public async Task Each_slice_report_is_at_its_index_and_together_they_cover_the_run()
    {
        await using var host = await ToolHost.StartAsync(2, Slices.Length, CancellationToken.None);

        var reports = await new PlaytestJobs(host.Pool!).Submit(Fork, Slices, Options, _ => new Progress<PlaytestProgress>(), CancellationToken.None);

        Assert.Equal([3L, 5L, 7L], reports.Select(r => r!.PlaythroughsCompleted));
        Assert.Equal(15, PlaytestReport.Merge(reports.Select(r => r!).ToList()).PlaythroughsCompleted);
    }

    [Fact]
    public async Task A_cancelled_run_completes_with_no_report_for_slices_not_started_instead_of_cancelling()
    {
        await using var host = await ToolHost.StartAsync(2, Slices.Length, CancellationToken.None);
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();

        var batch = new PlaytestJobs(host.Pool!).Submit(Fork, Slices, Options, _ => new Progress<PlaytestProgress>(), interrupt.Token);
        var reports = await batch;

        Assert.True(batch.IsCompletedSuccessfully);
        Assert.All(reports, Assert.Null);
    }

    [Fact]
    public async Task A_slice_that_throws_fails_the_batch_with_its_exception()
    {
        await using var host = await ToolHost.StartAsync(1, Slices.Length, CancellationToken.None);
        var broken = new InvalidOperationException("slice 2 is broken");

        var batch = new PlaytestJobs(host.Pool!).Submit(Fork, Slices, s => s.First == 3 ? throw broken : Options(s), _ => new Progress<PlaytestProgress>(), CancellationToken.None);

        Assert.Same(broken, await Assert.ThrowsAsync<InvalidOperationException>(() => batch));
    }
}

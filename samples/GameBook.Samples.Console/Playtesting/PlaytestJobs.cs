using GameBook.Authoring.Playtesting;
using GameBook.Runtime;
using GameBook.Workers;

namespace GameBook.Samples.Console;

/// <summary>One slice of a playtest: playthroughs <c>First</c> to <c>First + Count - 1</c> of the run.</summary>
internal readonly record struct SliceSpec(long First, int Count);

/// <summary>
/// Submits playtest slices to the worker pool, one job per slice, each running GameBook.Authoring's
/// <see cref="Playtester"/> on one thread (the pool supplies the parallelism). The only place the tool submits
/// work, so moving to a batch submission API is a change here alone. Thread-safe.
/// </summary>
internal sealed class PlaytestJobs(WorkerPool pool)
{
    public Task<PlaytestReport>[] Submit(Story story, IReadOnlyList<SliceSpec> slices, Func<SliceSpec, PlaytestOptions> options, Func<int, IProgress<PlaytestProgress>> progress, CancellationToken cancellationToken)
    {
        var tasks = new Task<PlaytestReport>[slices.Count];
        for (var i = 0; i < slices.Count; i++)
        {
            var sliceOptions = options(slices[i]);
            var sliceProgress = progress(i);
            tasks[i] = pool.SubmitAsync(
                ct => Playtester.RunAsync(story, sliceOptions, sliceProgress, ct),
                new JobOptions { Priority = JobPriority.Normal, WhenFull = QueueFullMode.Wait },
                cancellationToken);
        }

        return tasks;
    }
}

using GameBook.Authoring.Playtesting;
using GameBook.Runtime;
using GameBook.Workers;

namespace GameBook.Samples.Console;

/// <summary>One slice of a playtest: playthroughs <c>First</c> to <c>First + Count - 1</c> of the run.</summary>
internal readonly record struct SliceSpec(long First, int Count);

/// <summary>
/// Submits playtest slices to the worker pool as one batch (<see cref="WorkerPool.SubmitBatchAsync{TItem, TResult}(IReadOnlyList{TItem}, Func{TItem, CancellationToken, Task{TResult}}, JobOptions, CancellationToken)"/>),
/// each slice running GameBook.Authoring's <see cref="Playtester"/> on one thread (the pool supplies the
/// parallelism). The only place the tool submits work. Thread-safe.
/// </summary>
internal sealed class PlaytestJobs(WorkerPool pool)
{
    /// <summary>
    /// Runs every slice; the result has each slice's report at its index, or null for a slice that had not started
    /// when <paramref name="cancellationToken"/> fired. A cancelled batch would drop the reports of the slices that
    /// finished, and Ctrl+C must print a partial report, so the token is not the batch's: each slice watches it (a
    /// running slice returns its partial report, a slice not started yet returns null at once) and the batch
    /// completes with what was done. A slice that throws fails the batch, as the pool's batches do.
    /// </summary>
    public Task<PlaytestReport?[]> Submit(Story story, IReadOnlyList<SliceSpec> slices, Func<SliceSpec, PlaytestOptions> options, Func<int, IProgress<PlaytestProgress>> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var items = new (SliceSpec Slice, int Index)[slices.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (slices[i], i);
        }

        return pool.SubmitBatchAsync<(SliceSpec Slice, int Index), PlaytestReport?>(
            items,
            async (item, jobToken) =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return null;
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobToken, cancellationToken);
                return await Playtester.RunAsync(story, options(item.Slice), progress(item.Index), stop.Token).ConfigureAwait(false);
            },
            new JobOptions { Priority = JobPriority.Normal, WhenFull = QueueFullMode.Wait },
            CancellationToken.None);
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GameBook.Hosting;
using GameBook.Samples.Web.Sessions;
using GameBook.Samples.Web.Stories;
using GameBook.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Playtests;

/// <summary>
/// Starts playtest batches on the worker pool (split into slices that run in parallel at low priority and refuse
/// rather than wait when the queue is full), keeps them for polling, merges their reports and cancels them.
/// Thread-safe.
/// </summary>
internal sealed partial class PlaytestService(
    IStoryCatalog catalog,
    WorkerPool pool,
    IPlaytestRunner runner,
    StoryServerLifetime lifetime,
    TimeProvider time,
    IOptions<StoryServerOptions> options,
    ILogger<PlaytestService> logger)
{
    private readonly ConcurrentDictionary<string, PlaytestBatch> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly PlaytestOptions _options = options.Value.Playtests;

    public Results<Accepted<PlaytestStartedDto>, ProblemHttpResult> Start(string storyName, StartPlaytestRequest request)
    {
        if (lifetime.IsStopping)
        {
            return StoryServerProblems.Stopping();
        }

        if (!StoryLookup.TryGet(catalog, storyName, out var story, out var missing))
        {
            return missing;
        }

        if (request.Playthroughs is not { } total || total < 1 || total > _options.MaxPlaythroughs)
        {
            return StoryServerProblems.Invalid($"'playthroughs' is required, from 1 to {_options.MaxPlaythroughs} (StoryServer:Playtests:MaxPlaythroughs).");
        }

        var maxSteps = request.MaxSteps ?? _options.DefaultMaxSteps;
        if (maxSteps < 1 || maxSteps > _options.MaxStepsLimit)
        {
            return StoryServerProblems.Invalid($"'maxSteps' must be from 1 to {_options.MaxStepsLimit} (StoryServer:Playtests:MaxStepsLimit).");
        }

        if (!story.ContainsNode(SessionService.StartNode))
        {
            return StoryServerProblems.Invalid($"Story '{storyName}' has no node '{SessionService.StartNode}' to start at.");
        }

        if (!MakeRoom())
        {
            return StoryServerProblems.PoolBusy($"{_options.MaxBatches} playtests are running (StoryServer:Playtests:MaxBatches)");
        }

        var seed = request.Seed ?? RandomSeed();
        var batch = new PlaytestBatch(SessionSecrets.NewId(), storyName, total, time);
        var slices = new PlaytestSlice[Math.Min(_options.Slices, total)];
        var first = 0;
        for (var s = 0; s < slices.Length; s++)
        {
            var count = (total / slices.Length) + (s < total % slices.Length ? 1 : 0);
            slices[s] = new PlaytestSlice(seed, first, count, maxSteps);
            first += count;
        }

        // One batch on the pool: refused whole (nothing runs) when it cannot be queued whole, and a failing slice
        // stops the others.
        var reports = pool.SubmitBatchAsync(
            slices,
            (slice, ct) => runner.RunAsync(story, slice, batch, ct),
            new JobOptions { Priority = JobPriority.Low, WhenFull = QueueFullMode.Reject },
            batch.Cancellation.Token);
        if (reports.IsFaulted && reports.Exception?.InnerException is WorkRejectedException rejected)
        {
            batch.Dispose();
            return StoryServerProblems.PoolBusy(rejected.Reason.ToString());
        }

        _batches[batch.Id] = batch;
        _order.Enqueue(batch.Id);
        batch.Completion = FinishAsync(batch, reports);
        return TypedResults.Accepted($"/api/playtests/{batch.Id}", new PlaytestStartedDto(batch.Id));
    }

    public Results<Ok<PlaytestStatusDto>, ProblemHttpResult> Get(string id) =>
        _batches.TryGetValue(id, out var batch) ? TypedResults.Ok(batch.ToDto()) : StoryServerProblems.PlaytestNotFound();

    public Results<ContentHttpResult, ProblemHttpResult> GetReport(string id)
    {
        if (!_batches.TryGetValue(id, out var batch))
        {
            return StoryServerProblems.PlaytestNotFound();
        }

        return batch.ReportJson is { } json ? TypedResults.Text(json, "application/json") : StoryServerProblems.NotFinished(batch.ToDto().State);
    }

    public Results<NoContent, ProblemHttpResult> Cancel(string id)
    {
        if (!_batches.TryGetValue(id, out var batch))
        {
            return StoryServerProblems.PlaytestNotFound();
        }

        if (!batch.IsFinished)
        {
            try
            {
                batch.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Finished meanwhile.
            }
        }

        return TypedResults.NoContent();
    }

    /// <summary>
    /// Waits until every running batch finished, at most <paramref name="timeout"/> (on the registered
    /// <see cref="TimeProvider"/>); then cancels what still runs. The host's stop calls it before the server stops
    /// listening, so players and pollers are answered while playtests drain. Returns how many batches were canceled.
    /// </summary>
    public async Task<int> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var running = _batches.Values.Where(static b => !b.IsFinished).ToArray();
        if (running.Length == 0)
        {
            return 0;
        }

        Log.Draining(logger, running.Length, timeout);
        var finished = Task.WhenAll(running.Select(static b => b.Completion));
        try
        {
            await Task.WhenAny(finished, Task.Delay(timeout, time, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: cancel below.
        }

        var canceled = 0;
        foreach (var batch in running)
        {
            if (!batch.IsFinished)
            {
                canceled++;
                try
                {
                    batch.Cancellation.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Finished meanwhile.
                }
            }
        }

        if (canceled > 0)
        {
            Log.DrainTimedOut(logger, canceled, timeout);
        }

        return canceled;
    }

    /// <summary>Waits for every slice, then completes the batch with the merged report, or marks it canceled or failed.</summary>
    private async Task FinishAsync(PlaytestBatch batch, Task<IPlaytestReport[]> slices)
    {
        try
        {
            var reports = await slices.ConfigureAwait(false);
            var merged = reports[0];
            for (var i = 1; i < reports.Length; i++)
            {
                merged = merged.Merge(reports[i]);
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                merged.WriteTo(writer);
            }

            batch.Complete(Encoding.UTF8.GetString(buffer.WrittenSpan));
            Log.PlaytestCompleted(logger, batch.Id, batch.Story, batch.Total);
        }
        catch (OperationCanceledException)
        {
            batch.Canceled();
            Log.PlaytestCanceled(logger, batch.Id, batch.Story);
        }
#pragma warning disable CA1031 // A failing slice fails its batch with a message; the server goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            batch.Fail(ex is WorkRejectedException w ? $"The worker pool refused a slice ({w.Reason})." : $"{ex.GetType().Name}: {ex.Message}");
            Log.PlaytestFailed(logger, ex, batch.Id, batch.Story);
        }
    }

    /// <summary>Drops the oldest finished batches while the registry is full; false when every kept batch still runs.</summary>
    private bool MakeRoom()
    {
        var attempts = _order.Count;
        while (_batches.Count >= _options.MaxBatches && attempts-- > 0 && _order.TryDequeue(out var oldest))
        {
            if (_batches.TryGetValue(oldest, out var batch) && !batch.IsFinished)
            {
                _order.Enqueue(oldest);
                continue;
            }

            if (_batches.TryRemove(oldest, out var removed))
            {
                removed.Dispose();
            }
        }

        return _batches.Count < _options.MaxBatches;
    }

    private static ulong RandomSeed()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Playtest {Id} of story {Story} completed ({Total} playthroughs).")]
        public static partial void PlaytestCompleted(ILogger logger, string id, string story, int total);

        [LoggerMessage(21, LogLevel.Information, "Playtest {Id} of story {Story} was canceled.")]
        public static partial void PlaytestCanceled(ILogger logger, string id, string story);

        [LoggerMessage(22, LogLevel.Error, "Playtest {Id} of story {Story} failed.")]
        public static partial void PlaytestFailed(ILogger logger, Exception exception, string id, string story);

        [LoggerMessage(23, LogLevel.Information, "Shutting down: waiting up to {Timeout} for {Count} running playtest(s) to finish; the server answers meanwhile.")]
        public static partial void Draining(ILogger logger, int count, TimeSpan timeout);

        [LoggerMessage(24, LogLevel.Warning, "Shutting down: {Count} playtest(s) did not finish within {Timeout} and were canceled.")]
        public static partial void DrainTimedOut(ILogger logger, int count, TimeSpan timeout);
    }
}

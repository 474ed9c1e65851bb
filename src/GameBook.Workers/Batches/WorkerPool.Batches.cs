using System.Diagnostics;
using System.Threading.Channels;
using GameBook.Workers.Batches;
using GameBook.Workers.Diagnostics;

namespace GameBook.Workers;

// Batch submission: many items, one call, one task. Each item takes its own place in the queue (priorities,
// capacity and backpressure apply per item) and is counted and timed like a job, but the items share one
// completion, one cancellation registration and one results array, so a batch costs the submitter and the
// thread pool one task instead of one per item.
#pragma warning disable RS0026 // As SubmitAsync: each overload takes a different delegate type.
public sealed partial class WorkerPool
{
    /// <summary>
    /// Queues <paramref name="work"/> once per item of <paramref name="items"/>; the task completes when every item has run.
    /// The items are started in list order, each on whichever worker is free, so several run at the same time.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The items; read from the workers, so the list must not change until the task completes.</param>
    /// <param name="work">Runs one item; its token fires on the caller's cancellation, the item's timeout, shutdown, or another item's failure.</param>
    /// <param name="options">Priority, per-item timeout and what to do when the queue is full, for every item.</param>
    /// <param name="cancellationToken">Cancels the items not started yet (they never run) and signals the running ones.</param>
    /// <returns>A task that completes when every item has run, or fails or is cancelled as a whole as described in <c>docs/workers.md</c> ("Batches").</returns>
    /// <remarks>
    /// The batch is one unit. When an item throws or times out, the items not started yet are not run and the
    /// running ones are signalled through their token; the task fails, once they have stopped, with every exception
    /// the items threw (awaiting it rethrows the first). Memory pressure and shutdown refuse a batch as a whole at
    /// submission (<see cref="WorkRejectedException"/>); with <see cref="QueueFullMode.Reject"/>, so does a queue
    /// without room for every item. Each item is counted and timed in the pool's metrics as one job.
    /// </remarks>
    public Task SubmitBatchAsync<TItem>(IReadOnlyList<TItem> items, Action<TItem, CancellationToken> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        var batch = new ActionBatch<TItem>(items, work);
        SubmitBatch(batch, options, cancellationToken);
        return batch.Task;
    }

    /// <summary>
    /// Queues <paramref name="work"/> once per item of <paramref name="items"/>; the task completes with the results in
    /// item order. The items are started in list order, each on whichever worker is free.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="items">The items; read from the workers, so the list must not change until the task completes.</param>
    /// <param name="work">Runs one item; its token fires on the caller's cancellation, the item's timeout, shutdown, or another item's failure.</param>
    /// <param name="options">Priority, per-item timeout and what to do when the queue is full, for every item.</param>
    /// <param name="cancellationToken">Cancels the items not started yet (they never run) and signals the running ones.</param>
    /// <returns>A task with one result per item, at the item's index; failed or cancelled as a whole as on <see cref="SubmitBatchAsync{TItem}(IReadOnlyList{TItem}, Action{TItem, CancellationToken}, JobOptions, CancellationToken)"/>.</returns>
    public Task<TResult[]> SubmitBatchAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, TResult> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        var batch = new FuncBatch<TItem, TResult>(items, work);
        SubmitBatch(batch, options, cancellationToken);
        return batch.TypedTask;
    }

    /// <summary>
    /// Queues the asynchronous <paramref name="work"/> once per item of <paramref name="items"/>; the task completes when
    /// every item's task has completed. An item holds its worker until its task completes, as an asynchronous job does.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The items; read from the workers, so the list must not change until the task completes.</param>
    /// <param name="work">Runs one item; its token fires on the caller's cancellation, the item's timeout, shutdown, or another item's failure.</param>
    /// <param name="options">Priority, per-item timeout and what to do when the queue is full, for every item.</param>
    /// <param name="cancellationToken">Cancels the items not started yet (they never run) and signals the running ones.</param>
    /// <returns>A task that completes when every item has run; failed or cancelled as a whole as on <see cref="SubmitBatchAsync{TItem}(IReadOnlyList{TItem}, Action{TItem, CancellationToken}, JobOptions, CancellationToken)"/>.</returns>
    public Task SubmitBatchAsync<TItem>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        var batch = new AsyncActionBatch<TItem>(items, work);
        SubmitBatch(batch, options, cancellationToken);
        return batch.Task;
    }

    /// <summary>
    /// Queues the asynchronous <paramref name="work"/> once per item of <paramref name="items"/>; the task completes with
    /// the results in item order. An item holds its worker until its task completes, as an asynchronous job does.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="items">The items; read from the workers, so the list must not change until the task completes.</param>
    /// <param name="work">Runs one item; its token fires on the caller's cancellation, the item's timeout, shutdown, or another item's failure.</param>
    /// <param name="options">Priority, per-item timeout and what to do when the queue is full, for every item.</param>
    /// <param name="cancellationToken">Cancels the items not started yet (they never run) and signals the running ones.</param>
    /// <returns>A task with one result per item, at the item's index; failed or cancelled as a whole as on <see cref="SubmitBatchAsync{TItem}(IReadOnlyList{TItem}, Action{TItem, CancellationToken}, JobOptions, CancellationToken)"/>.</returns>
    public Task<TResult[]> SubmitBatchAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        var batch = new AsyncFuncBatch<TItem, TResult>(items, work);
        SubmitBatch(batch, options, cancellationToken);
        return batch.TypedTask;
    }

    private static void OnBatchCallerCancelled(object? state)
    {
        var batch = (Batch)state!;
        batch.Owner.StopBatch(batch, BatchStop.Caller);
    }

    private static void OnBatchShutdown(object? state)
    {
        var batch = (Batch)state!;
        batch.Owner.StopBatch(batch, BatchStop.Shutdown);
    }

    /// <summary>Admits the batch: refused or cancelled as a whole, or its items queued (waiting for room as needed).</summary>
    private void SubmitBatch(Batch batch, JobOptions options, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(options);
        var priority = options.Priority;
        batch.Owner = this;
        batch.Priority = priority;
        batch.Timeout = options.Timeout ?? _defaultTimeout;
        var count = batch.Count;
        if (count == 0)
        {
            _ = batch.TrySetResult();
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            _instrumentation.JobsCancelled.Add(
                count, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)), new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonCaller));
            _ = batch.TrySetCanceled(cancellationToken);
            return;
        }

        // Refusals of the whole batch, before anything is queued: the same rules as for a job, and in Reject mode a
        // queue without room for every item (a moment's reading; see AdmitBatchItems for a race with other submitters).
        RejectionReason? refusal = _stopping ? RejectionReason.ShuttingDown
            : RefusedByMemory(priority) ? RejectionReason.MemoryPressure
            : options.WhenFull == QueueFullMode.Reject && _slots.Reader.Count > Capacity - count ? RejectionReason.QueueFull
            : null;
        if (refusal is { } reason)
        {
            _instrumentation.JobsRejected.Add(
                count, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)), new(GameBookWorkersNames.ReasonTag, ReasonName(reason)));
            _ = batch.TrySetException([new WorkRejectedException(Name, reason, priority)]);
            return;
        }

        if (_instrumentation.QueueWait.Enabled)
        {
            batch.EnqueuedAt = new long[count];
        }

        if (WorkersInstrumentation.ActivitySource.HasListeners())
        {
            batch.Parent = Activity.Current;
        }

        batch.CallerToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            batch.OnCaller = cancellationToken.UnsafeRegister(OnBatchCallerCancelled, batch);
        }

        batch.OnShutdown = _jobsCancellation.Token.UnsafeRegister(OnBatchShutdown, batch);
        AdmitBatchItems(batch, 0, options.WhenFull);
    }

    /// <summary>Queues one entry per item from <paramref name="from"/> on while there is room; then waits for room, or stops the batch.</summary>
    private void AdmitBatchItems(Batch batch, int from, QueueFullMode whenFull)
    {
        for (var i = from; i < batch.Count; i++)
        {
            if (batch.IsStopped)
            {
                return;
            }

            if (_slots.Writer.TryWrite(0))
            {
                EnqueueBatchItem(batch, i);
            }
            else if (_stopping)
            {
                StopBatch(batch, BatchStop.ShuttingDown);
                return;
            }
            else if (whenFull == QueueFullMode.Reject)
            {
                // Another submitter took the room the batch was admitted on: it cannot be admitted whole.
                StopBatch(batch, BatchStop.QueueFull);
                return;
            }
            else
            {
                _ = AdmitBatchItemsAsync(batch, i);
                return;
            }
        }
    }

    private async Task AdmitBatchItemsAsync(Batch batch, int from)
    {
        for (var i = from; i < batch.Count; i++)
        {
            if (batch.IsStopped)
            {
                return;
            }

            if (!_slots.Writer.TryWrite(0))
            {
                try
                {
                    // The batch's token: a cancellation, a failed item or shutdown ends the wait (the batch has stopped).
                    await _slots.Writer.WriteAsync(0, batch.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (batch.Token.IsCancellationRequested)
                {
                    return;
                }
                catch (ChannelClosedException)
                {
                    StopBatch(batch, BatchStop.ShuttingDown);
                    return;
                }
            }

            EnqueueBatchItem(batch, i);
        }
    }

    private void EnqueueBatchItem(Batch batch, int index)
    {
        if (batch.EnqueuedAt is { } enqueuedAt)
        {
            enqueuedAt[index] = _time.GetTimestamp();
        }

        _queue.Enqueue(batch);
    }

    /// <summary>Stops the batch (first reason wins): the items not claimed yet are counted under the reason and settled.</summary>
    private void StopBatch(Batch batch, BatchStop reason)
    {
        var unclaimed = batch.TryStop(reason);
        if (unclaimed > 0)
        {
            CountNotStarted(batch, unclaimed);
            SettleBatchItems(batch, unclaimed);
        }
    }

    /// <summary>Counts items that will never start, under the reason their batch stopped for.</summary>
    private void CountNotStarted(Batch batch, int items)
    {
        batch.GiveUp(items);
        var priorityTag = new KeyValuePair<string, object?>(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(batch.Priority));
        switch (batch.StopReason)
        {
            case BatchStop.QueueFull:
                _instrumentation.JobsRejected.Add(items, _poolTag, priorityTag, new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonQueueFull));
                break;
            case BatchStop.ShuttingDown:
                _instrumentation.JobsRejected.Add(items, _poolTag, priorityTag, new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonShuttingDown));
                break;
            case BatchStop.Shutdown:
                _instrumentation.JobsCancelled.Add(items, _poolTag, priorityTag, new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonShutdown));
                _ = Interlocked.Add(ref _cancelledAtShutdown, items);
                break;
            case BatchStop.Caller:
                _instrumentation.JobsCancelled.Add(items, _poolTag, priorityTag, new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonCaller));
                break;
            default:
                _instrumentation.JobsCancelled.Add(items, _poolTag, priorityTag, new(GameBookWorkersNames.ReasonTag, GameBookWorkersNames.ReasonBatchFailed));
                break;
        }
    }

    private void SettleBatchItems(Batch batch, int items)
    {
        if (batch.Settle(items))
        {
            batch.Complete(Name, _jobsCancellation.Token);
        }
    }

    /// <summary>A batch entry taken off the queue at shutdown: the item it would have run is cancelled.</summary>
    private void DiscardBatchEntry(Batch batch)
    {
        StopBatch(batch, BatchStop.Shutdown);
        if (batch.TryClaim(out _))
        {
            CountNotStarted(batch, 1);
            SettleBatchItems(batch, 1);
        }
    }

    /// <summary>Claims and runs the next item of the batch a worker took an entry of; never throws.</summary>
    private ValueTask RunBatchItemAsync(Batch batch)
    {
        if (!batch.TryClaim(out var index))
        {
            return default; // The batch stopped: its unclaimed items were settled then.
        }

        if (batch.IsStopped || _jobsCancellation.IsCancellationRequested)
        {
            // Claimed just as the batch stopped, or the pool is cancelling its work: this item never starts.
            if (!batch.IsStopped)
            {
                StopBatch(batch, BatchStop.Shutdown);
            }

            CountNotStarted(batch, 1);
            SettleBatchItems(batch, 1);
            return default;
        }

        return RunClaimedItemAsync(batch, index);
    }

    /// <summary>Runs one claimed item: instrumented as a job, its failure stopping the batch; never throws.</summary>
    private async ValueTask RunClaimedItemAsync(Batch batch, int index)
    {
        var priority = batch.Priority;
        var priorityTag = new KeyValuePair<string, object?>(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority));
        var started = _instrumentation.QueueWait.Enabled || _instrumentation.RunDuration.Enabled ? _time.GetTimestamp() : 0;
        if (batch.EnqueuedAt is { } enqueuedAt && enqueuedAt[index] != 0 && started != 0 && _instrumentation.QueueWait.Enabled)
        {
            _instrumentation.QueueWait.Record(_time.GetElapsedTime(enqueuedAt[index], started).TotalSeconds, _poolTag, priorityTag);
        }

        _ = Interlocked.Increment(ref _busy);
        var activity = WorkersInstrumentation.ActivitySource.HasListeners()
            ? WorkersInstrumentation.ActivitySource.StartActivity(GameBookWorkersNames.JobActivity, ActivityKind.Internal, batch.Parent?.Context ?? default)
            : null;
        if (activity is not null)
        {
            _ = activity.SetTag(GameBookWorkersNames.PoolTag, Name);
            _ = activity.SetTag(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority));
        }

        var batchToken = batch.Token;
        CancellationTokenSource? timeout = null;
        CancellationTokenRegistration onBatch = default;
        var token = batchToken;
        if (batch.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout = new CancellationTokenSource(batch.Timeout, _time);
            onBatch = batchToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
            token = timeout.Token;
        }

        var failed = false;
        try
        {
            await batch.RunItemAsync(index, token).ConfigureAwait(false);
            if (_instrumentation.JobsCompleted.Enabled)
            {
                _instrumentation.JobsCompleted.Add(1, _poolTag, priorityTag);
            }
        }
        catch (OperationCanceledException ex) when (token.IsCancellationRequested)
        {
            if (batchToken.IsCancellationRequested)
            {
                // The batch stopped (cancelled, shut down, or another item failed) and this item stopped with it.
                var reason = BatchStopName(batch.StopReason);
                batch.GiveUp(1);
                CountCancelled(priority, reason);
                _ = activity?.SetStatus(ActivityStatusCode.Error, reason);
            }
            else
            {
                failed = true;
                batch.AddFailure(new TimeoutException($"An item of a {priority} priority batch in worker pool '{Name}' ran longer than its timeout of {batch.Timeout} and was cancelled.", ex));
                CountFailed(priority, GameBookWorkersNames.ReasonTimeout);
                _ = activity?.SetStatus(ActivityStatusCode.Error, GameBookWorkersNames.ReasonTimeout);
            }
        }
#pragma warning disable CA1031 // The item's exception goes to the batch's caller; the worker must go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failed = true;
            batch.AddFailure(ex);
            CountFailed(priority, GameBookWorkersNames.ReasonException);
            if (activity is not null)
            {
                _ = activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                _ = activity.AddException(ex);
            }
        }
        finally
        {
            if (timeout is not null)
            {
                onBatch.Dispose();
                timeout.Dispose();
            }

            _ = Interlocked.Decrement(ref _busy);
            if (started != 0 && _instrumentation.RunDuration.Enabled)
            {
                _instrumentation.RunDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _poolTag, priorityTag);
            }

            if (_stopping)
            {
                _ = Interlocked.Increment(ref _finishedWhileDraining);
            }

            activity?.Dispose();
        }

        if (failed)
        {
            StopBatch(batch, BatchStop.Failed);
        }

        SettleBatchItems(batch, 1);
    }

    /// <summary>The cancellation reason of a running item its batch stopped: a refusal during admission is the batch failing.</summary>
    private static string BatchStopName(BatchStop reason) => reason switch
    {
        BatchStop.Caller => GameBookWorkersNames.ReasonCaller,
        BatchStop.Shutdown => GameBookWorkersNames.ReasonShutdown,
        _ => GameBookWorkersNames.ReasonBatchFailed,
    };
}
#pragma warning restore RS0026

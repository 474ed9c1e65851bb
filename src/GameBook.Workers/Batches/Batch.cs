using System.Collections.Concurrent;
using System.Diagnostics;
using GameBook.Workers.Jobs;

namespace GameBook.Workers.Batches;

/// <summary>Why a batch stopped before every item ran (the first reason wins).</summary>
internal enum BatchStop
{
    None = 0,

    /// <summary>An item threw or timed out.</summary>
    Failed,

    /// <summary>The submitter's token was cancelled.</summary>
    Caller,

    /// <summary>The pool cancelled its work after the drain timeout.</summary>
    Shutdown,

    /// <summary>Admission ran out of room in <see cref="QueueFullMode.Reject"/> mode.</summary>
    QueueFull,

    /// <summary>The pool stopped taking work while the batch was being admitted.</summary>
    ShuttingDown,
}

/// <summary>
/// The shared state of one batch submission: the items are claimed by index from one cursor, each queue entry of
/// the batch letting one worker claim one item. Every item is settled exactly once (it ran, or it was counted as
/// not started under the reason the batch stopped for); the batch's task completes when the last one is settled.
/// Thread-safe: workers, the admission loop and cancellation callbacks race only through the interlocked fields.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability", "CA2213:Disposable fields should be disposed", Justification = "See Complete: the token source owns no timer and may be cancelled after the batch completes.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable", Justification = "See Complete: the token source owns no timer and may be cancelled after the batch completes.")]
internal abstract class Batch : QueuedWork
{
    private readonly CancellationTokenSource _cancellation = new();
    private ConcurrentQueue<Exception>? _failures;
    private int _next;
    private int _remaining;
    private int _givenUp;
    private int _stop;

    protected Batch(int count)
    {
        Count = count;
        _remaining = count;
    }

    /// <summary>How many items the batch has.</summary>
    public int Count { get; }

    /// <summary>Fires when the batch stops (an item failed, the submitter cancelled, shutdown): given to every item.</summary>
    public CancellationToken Token => _cancellation.Token;

    public TimeSpan Timeout;
    public CancellationToken CallerToken;
    public Activity? Parent;

    /// <summary>When each item's queue entry went in, for the queue-wait histogram; null when nobody listens.</summary>
    public long[]? EnqueuedAt;

    public CancellationTokenRegistration OnCaller;
    public CancellationTokenRegistration OnShutdown;

    public BatchStop StopReason => (BatchStop)Volatile.Read(ref _stop);

    public bool IsStopped => Volatile.Read(ref _stop) != 0;

    public abstract Task Task { get; }

    /// <summary>Claims the next item; false when every item was claimed already (a stale entry after a stop).</summary>
    public bool TryClaim(out int index)
    {
        index = Interlocked.Increment(ref _next) - 1;
        return index < Count;
    }

    /// <summary>
    /// Records the first stop reason, signals running items and takes every unclaimed item away from the workers.
    /// Returns how many items were unclaimed (the caller counts and settles them), or -1 if the batch had stopped already.
    /// </summary>
    public int TryStop(BatchStop reason)
    {
        if (Interlocked.CompareExchange(ref _stop, (int)reason, 0) != 0)
        {
            return -1;
        }

        // The cursor moves past the end first, so no worker starts another item, then running items are signalled.
        var claimed = Interlocked.Exchange(ref _next, Count);
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException)
        {
            // An item's own cancellation callback threw: the batch still settles; the item reports its own outcome.
        }

        return Count - Math.Min(claimed, Count);
    }

    /// <summary>Notes <paramref name="items"/> items that did not run to the end because the batch stopped.</summary>
    public void GiveUp(int items) => Interlocked.Add(ref _givenUp, items);

    /// <summary>Settles <paramref name="items"/> items; true for the call that settled the last one.</summary>
    public bool Settle(int items) => Interlocked.Add(ref _remaining, -items) == 0;

    public void AddFailure(Exception exception)
    {
        var failures = Volatile.Read(ref _failures) ?? Interlocked.CompareExchange(ref _failures, new(), null) ?? _failures!;
        failures.Enqueue(exception);
    }

    /// <summary>
    /// Completes the task from what happened: failures first, then a refusal or cancellation that gave up items, else
    /// the results (a cancellation that came after every item had started, none stopping because of it, changes nothing,
    /// as for a job that completes although its token was cancelled).
    /// </summary>
    public void Complete(string poolName, CancellationToken shutdownToken)
    {
        _ = OnCaller.Unregister();
        _ = OnShutdown.Unregister();

        // The batch's token source is not disposed: it owns no timer, and a cancellation callback may still be
        // about to call TryStop on it (which then finds the batch stopped).
        if (Volatile.Read(ref _failures) is { } failures)
        {
            _ = TrySetException(failures);
            return;
        }

        var reason = Volatile.Read(ref _givenUp) == 0 ? BatchStop.None : StopReason;
        _ = reason switch
        {
            BatchStop.None => TrySetResult(),
            BatchStop.Caller => TrySetCanceled(CallerToken),
            BatchStop.Shutdown => TrySetCanceled(shutdownToken),
            BatchStop.QueueFull => TrySetException([new WorkRejectedException(poolName, RejectionReason.QueueFull, Priority)]),
            _ => TrySetException([new WorkRejectedException(poolName, RejectionReason.ShuttingDown, Priority)]),
        };
    }

    /// <summary>Runs item <paramref name="index"/> with <paramref name="token"/> and keeps its result; its exception propagates.</summary>
    public abstract ValueTask RunItemAsync(int index, CancellationToken token);

    public abstract bool TrySetResult();

    public abstract bool TrySetCanceled(CancellationToken token);

    public abstract bool TrySetException(IEnumerable<Exception> exceptions);
}

/// <summary>A batch whose task has no result.</summary>
internal abstract class VoidBatch(int count) : Batch(count)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Task => _completion.Task;

    public override bool TrySetResult() => _completion.TrySetResult();

    public override bool TrySetCanceled(CancellationToken token) => _completion.TrySetCanceled(token);

    public override bool TrySetException(IEnumerable<Exception> exceptions) => _completion.TrySetException(exceptions);
}

/// <summary>A batch whose task has the items' results, in item order.</summary>
internal abstract class ResultBatch<TResult>(int count) : Batch(count)
{
    private readonly TaskCompletionSource<TResult[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult[]> TypedTask => _completion.Task;

    public override Task Task => _completion.Task;

    protected TResult[] Results { get; } = count == 0 ? [] : new TResult[count];

    public override bool TrySetResult() => _completion.TrySetResult(Results);

    public override bool TrySetCanceled(CancellationToken token) => _completion.TrySetCanceled(token);

    public override bool TrySetException(IEnumerable<Exception> exceptions) => _completion.TrySetException(exceptions);
}

internal sealed class ActionBatch<TItem>(IReadOnlyList<TItem> items, Action<TItem, CancellationToken> work) : VoidBatch(items.Count)
{
    public override ValueTask RunItemAsync(int index, CancellationToken token)
    {
        work(items[index], token);
        return default;
    }
}

internal sealed class FuncBatch<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, TResult> work) : ResultBatch<TResult>(items.Count)
{
    public override ValueTask RunItemAsync(int index, CancellationToken token)
    {
        Results[index] = work(items[index], token);
        return default;
    }
}

internal sealed class AsyncActionBatch<TItem>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task> work) : VoidBatch(items.Count)
{
    public override ValueTask RunItemAsync(int index, CancellationToken token) => new(work(items[index], token));
}

internal sealed class AsyncFuncBatch<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work) : ResultBatch<TResult>(items.Count)
{
    public override async ValueTask RunItemAsync(int index, CancellationToken token) => Results[index] = await work(items[index], token).ConfigureAwait(false);
}

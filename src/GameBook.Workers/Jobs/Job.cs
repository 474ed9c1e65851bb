using System.Diagnostics;

namespace GameBook.Workers.Jobs;

/// <summary>
/// One submitted job: the delegate, its completion source and what the pool needs to schedule and report it.
/// Completed exactly once through the <c>Try*</c> methods (the completion source arbitrates races between a
/// worker, the caller's cancellation and shutdown).
/// </summary>
internal abstract class Job : QueuedWork
{
    public TimeSpan Timeout;
    public CancellationToken CallerToken;
    public long EnqueuedAt;
    public Activity? Parent;
    public CancellationTokenRegistration QueuedCancellation;

    public abstract Task Task { get; }

    public bool IsCompleted => Task.IsCompleted;

    /// <summary>Runs the delegate with <paramref name="token"/> and keeps its result; a thrown exception propagates to the worker.</summary>
    public abstract ValueTask RunAsync(CancellationToken token);

    /// <summary>Completes the task with the kept result (after the worker's bookkeeping, so observers see it done).</summary>
    public abstract bool TrySetResult();

    public abstract bool TrySetCanceled(CancellationToken token);

    public abstract bool TrySetException(Exception exception);
}

/// <summary>A job whose task has no result.</summary>
internal abstract class VoidJob : Job
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Task => _completion.Task;

    public override bool TrySetCanceled(CancellationToken token) => _completion.TrySetCanceled(token);

    public override bool TrySetException(Exception exception) => _completion.TrySetException(exception);

    public override bool TrySetResult() => _completion.TrySetResult();
}

/// <summary>A job whose task has a result.</summary>
internal abstract class ResultJob<T> : Job
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Task => _completion.Task;

    public Task<T> TypedTask => _completion.Task;

    public override bool TrySetCanceled(CancellationToken token) => _completion.TrySetCanceled(token);

    public override bool TrySetException(Exception exception) => _completion.TrySetException(exception);

    public override bool TrySetResult() => _completion.TrySetResult(Result!);

    protected T? Result { get; set; }
}

internal sealed class ActionJob(Action<CancellationToken> work) : VoidJob
{
    public override ValueTask RunAsync(CancellationToken token)
    {
        work(token);
        return default;
    }
}

internal sealed class FuncJob<T>(Func<CancellationToken, T> work) : ResultJob<T>
{
    public override ValueTask RunAsync(CancellationToken token)
    {
        Result = work(token);
        return default;
    }
}

internal sealed class AsyncJob(Func<CancellationToken, Task> work) : VoidJob
{
    public override async ValueTask RunAsync(CancellationToken token)
    {
        await work(token).ConfigureAwait(false);
    }
}

internal sealed class AsyncFuncJob<T>(Func<CancellationToken, Task<T>> work) : ResultJob<T>
{
    public override async ValueTask RunAsync(CancellationToken token) => Result = await work(token).ConfigureAwait(false);
}

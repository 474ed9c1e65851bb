using System.Diagnostics;
using System.Threading.Channels;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using GameBook.Workers.Batches;
using GameBook.Workers.Diagnostics;
using GameBook.Workers.Jobs;
using GameBook.Workers.Scaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameBook.Workers;

/// <summary>
/// A pool of worker loops fed by a bounded priority queue. Jobs (sync or async delegates, with or without a
/// result) are submitted with a priority, an optional run timeout and a cancellation token, and their task
/// completes with the job's result, its exception (unchanged), a <see cref="TimeoutException"/>, a cancellation,
/// or a <see cref="WorkRejectedException"/> when the pool refused the job. A failing job never stops a worker. Many
/// small items go in one call, with one task, through <c>SubmitBatchAsync</c> (each item still queued, counted and
/// timed as a job).
/// A controller on the <see cref="TimeProvider"/> scales the workers between <see cref="WorkerPoolOptions.MinWorkers"/>
/// and <see cref="WorkerPoolOptions.MaxWorkers"/> to keep CPU under <see cref="WorkerPoolOptions.TargetCpuUtilization"/>.
/// </summary>
/// <remarks>
/// Obtain pools from dependency injection (<c>AddGameBookWorkers</c>, then <see cref="WorkerPool"/>,
/// <see cref="IWorkerPoolProvider"/> or a keyed service); the host stops them gracefully. Thread-safe: submit from
/// any number of threads. Each worker is a dedicated background thread (so CPU-bound jobs never starve the
/// thread pool); an asynchronous job holds its worker until it completes, its continuations running on the thread
/// pool. <c>AsyncLocal</c> values of the submitter do not flow into jobs, but the submitter's
/// <see cref="Activity"/> is the parent of the job's activity.
/// </remarks>
// RS0026: each SubmitAsync overload takes a different delegate type (as Task.Run's do), so their optional
// parameters cannot make a call ambiguous; they keep the common call short: pool.SubmitAsync(ct => Work(ct)).
#pragma warning disable RS0026
public sealed partial class WorkerPool : IAsyncDisposable, IDisposable
{
    private readonly Channel<byte> _slots;
    private readonly PriorityJobQueue _queue = new();
    private readonly TimeProvider _time;
    private readonly IResourceReader? _reader;
    private readonly IMemoryPressure? _memory;
    private readonly WorkersInstrumentation _instrumentation;
    private readonly bool _ownsInstrumentation;
    private readonly ILogger _logger;
    private readonly ScalingController _controller;
    private readonly TimeSpan _defaultTimeout;
    private readonly TimeSpan _drainTimeout;
    private readonly KeyValuePair<string, object?> _poolTag;
    private readonly CancellationTokenSource _jobsCancellation = new();
    private readonly CancellationTokenSource _controllerCancellation = new();
    private readonly TaskCompletionSource _allWorkersExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _scaleLock = new();
    private readonly Task _controllerLoop;
    private CancellationTokenSource _retireSignal = new();
    private Task? _stopTask;
    private int _workers;
    private int _desiredWorkers;
    private int _busy;
    private volatile bool _stopping;
    private long _finishedWhileDraining;
    private int _cancelledAtShutdown;
    private int _disposed;

    internal WorkerPool(
        string name,
        WorkerPoolOptions options,
        IResourceReader? resourceReader,
        IMemoryPressure? memoryPressure,
        TimeProvider? timeProvider,
        WorkersInstrumentation? instrumentation,
        ILogger? logger,
        TimeSpan? cpuRefreshPeriod = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new WorkerPoolOptionsValidator().Validate(name, options);
        if (validation.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(name, typeof(WorkerPoolOptions), validation.Failures);
        }

        Name = name;
        _time = timeProvider ?? TimeProvider.System;
        _reader = resourceReader;
        _memory = memoryPressure;
        _ownsInstrumentation = instrumentation is null;
        _instrumentation = instrumentation ?? new WorkersInstrumentation(null);
        _logger = logger ?? NullLogger.Instance;
        _poolTag = new KeyValuePair<string, object?>(GameBookWorkersNames.PoolTag, name);
        _defaultTimeout = options.DefaultTimeout ?? Timeout.InfiniteTimeSpan;
        _drainTimeout = options.DrainTimeout;
        Capacity = options.Capacity;

        var refresh = cpuRefreshPeriod is { } r && r > TimeSpan.Zero ? r : WorkerPoolDefaults.CpuRefreshPeriod;
        ScaleInterval = Max(options.ScaleInterval ?? refresh, refresh);
        Cooldown = Max(options.Cooldown ?? ScaleInterval, refresh);
        _controller = new ScalingController(ScalingSettings.From(options, Cooldown));

        _slots = Channel.CreateBounded<byte>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
            // Only this class waits on the channel (workers for a slot, WaitForRoomAsync for room), and what runs
            // inline is short: waking a blocked worker thread, or enqueuing a job. Inline, a worker's wake-up does
            // not depend on a free thread-pool thread.
            AllowSynchronousContinuations = true,
        });

        _instrumentation.Register(this);
        if (_memory is not null)
        {
            _memory.LevelChanged += OnMemoryLevelChanged;
        }

        lock (_scaleLock)
        {
            _desiredWorkers = options.MinWorkers;
            for (var i = 0; i < options.MinWorkers; i++)
            {
                StartWorker();
            }
        }

        Log.PoolStarted(_logger, name, options.MinWorkers, options.MaxWorkers, options.Capacity, options.TargetCpuUtilization, ScaleInterval, Cooldown);
        using (ExecutionContext.SuppressFlow())
        {
            _controllerLoop = Task.Run(() => RunControllerAsync(_controllerCancellation.Token));
        }
    }

    /// <summary>The pool's name (<c>default</c> for the pool registered without one).</summary>
    public string Name { get; }

    /// <summary>Most jobs that may wait in the queue, all priorities together.</summary>
    public int Capacity { get; }

    /// <summary>The worker loops running now.</summary>
    public int WorkerCount => Volatile.Read(ref _workers);

    /// <summary>The workers running a job now.</summary>
    public int BusyWorkers => Volatile.Read(ref _busy);

    /// <summary>Jobs waiting in the queue now, all priorities together.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Whether the pool has stopped taking work (<see cref="StopAsync"/> was called).</summary>
    public bool IsStopping => _stopping;

    /// <summary>How often the controller decides (the configured interval, at least the CPU reading's refresh period).</summary>
    public TimeSpan ScaleInterval { get; }

    /// <summary>Least time between two changes of the worker count (at least the CPU reading's refresh period).</summary>
    public TimeSpan Cooldown { get; }

    /// <summary>Raised by the controller loop after each decision; for tests.</summary>
    internal event Action<ScalingInputs, ScalingDecision>? Decided;

    /// <summary>Queues <paramref name="work"/>; the task completes when it has run.</summary>
    /// <param name="work">The job; its token fires on the caller's cancellation, the job's timeout or shutdown.</param>
    /// <param name="options">Priority, timeout, what to do when the queue is full.</param>
    /// <param name="cancellationToken">Cancels the job while it waits for room or in the queue, and signals it while it runs.</param>
    /// <returns>A task that completes when the job has run, or fails as described on <see cref="WorkerPool"/>.</returns>
    public Task SubmitAsync(Action<CancellationToken> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new ActionJob(work);
        Submit(job, options, cancellationToken);
        return job.Task;
    }

    /// <summary>Queues <paramref name="work"/>; the task completes with its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The job; its token fires on the caller's cancellation, the job's timeout or shutdown.</param>
    /// <param name="options">Priority, timeout, what to do when the queue is full.</param>
    /// <param name="cancellationToken">Cancels the job while it waits for room or in the queue, and signals it while it runs.</param>
    /// <returns>A task with the job's result, or failed as described on <see cref="WorkerPool"/>.</returns>
    public Task<TResult> SubmitAsync<TResult>(Func<CancellationToken, TResult> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new FuncJob<TResult>(work);
        Submit(job, options, cancellationToken);
        return job.TypedTask;
    }

    /// <summary>Queues the asynchronous <paramref name="work"/>; the task completes when the task it returns completes.</summary>
    /// <param name="work">The job; its token fires on the caller's cancellation, the job's timeout or shutdown.</param>
    /// <param name="options">Priority, timeout, what to do when the queue is full.</param>
    /// <param name="cancellationToken">Cancels the job while it waits for room or in the queue, and signals it while it runs.</param>
    /// <returns>A task that completes when the job has run, or fails as described on <see cref="WorkerPool"/>.</returns>
    public Task SubmitAsync(Func<CancellationToken, Task> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new AsyncJob(work);
        Submit(job, options, cancellationToken);
        return job.Task;
    }

    /// <summary>Queues the asynchronous <paramref name="work"/>; the task completes with its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The job; its token fires on the caller's cancellation, the job's timeout or shutdown.</param>
    /// <param name="options">Priority, timeout, what to do when the queue is full.</param>
    /// <param name="cancellationToken">Cancels the job while it waits for room or in the queue, and signals it while it runs.</param>
    /// <returns>A task with the job's result, or failed as described on <see cref="WorkerPool"/>.</returns>
    public Task<TResult> SubmitAsync<TResult>(Func<CancellationToken, Task<TResult>> work, JobOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new AsyncFuncJob<TResult>(work);
        Submit(job, options, cancellationToken);
        return job.TypedTask;
    }

    /// <summary>
    /// Stops the pool: new submissions are refused (<see cref="RejectionReason.ShuttingDown"/>), queued and
    /// running work may finish within <see cref="WorkerPoolOptions.DrainTimeout"/>; then the jobs still queued are
    /// cancelled, running jobs' tokens are cancelled, and the pool waits up to the drain timeout again (or until
    /// <paramref name="cancellationToken"/>) for them to stop. Every job's task completes; the counts are logged.
    /// Idempotent: later calls return the first call's task.
    /// </summary>
    /// <param name="cancellationToken">The host's shutdown deadline: when it fires, draining ends at once.</param>
    /// <returns>A task that completes when the pool has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_scaleLock)
        {
            if (_stopTask is null)
            {
                // Intake closes before this returns: a submission after StopAsync is always refused.
                _stopping = true;
                _ = _slots.Writer.TryComplete();
                _stopTask = StopCoreAsync(cancellationToken);
            }

            return _stopTask;
        }
    }

    /// <summary>Stops the pool (see <see cref="StopAsync"/>) and releases its instruments.</summary>
    /// <returns>A task that completes when the pool has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsInstrumentation)
        {
            _instrumentation.Dispose();
        }
    }

    /// <summary>
    /// Stops the pool at once, without draining, for callers that cannot dispose asynchronously (a container disposed
    /// with <c>Dispose()</c>): intake closes, queued jobs are cancelled, running jobs' tokens are cancelled, and this
    /// returns once that is done (a job that ignores its token may still be running). If a graceful
    /// <see cref="StopAsync"/> is already under way, this waits for it instead. Prefer <see cref="DisposeAsync"/>.
    /// </summary>
    public void Dispose()
    {
        using (var immediately = new CancellationTokenSource())
        {
            immediately.Cancel();

            // On the thread pool: a caller's synchronization context must not be needed to finish the stop.
            Task.Run(() => StopAsync(immediately.Token)).GetAwaiter().GetResult();
        }

        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsInstrumentation)
        {
            _instrumentation.Dispose();
        }
    }

    /// <summary>Jobs waiting at <paramref name="priority"/>.</summary>
    internal int QueueLengthOf(JobPriority priority) => _queue.CountOf(priority);

    /// <summary>One controller tick: read, decide, apply, report. The controller loop calls it every <see cref="ScaleInterval"/>.</summary>
    internal ScalingDecision ScaleOnce()
    {
        double cpu;
        DateTimeOffset cpuAt;
        try
        {
            var reading = _reader?.Read();
            cpu = reading?.CpuUtilization ?? double.NaN;
            cpuAt = reading?.Timestamp ?? _time.GetUtcNow();
        }
#pragma warning disable CA1031 // A failed reading is "unknown"; the controller must go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CpuReadingFailed(_logger, ex, Name);
            cpu = double.NaN;
            cpuAt = _time.GetUtcNow();
        }

        var inputs = new ScalingInputs(_time.GetUtcNow(), cpu, cpuAt, WorkerCount, BusyWorkers, QueueLength, _memory?.Level ?? MemoryLevel.Normal);
        ScalingDecision decision;
        lock (_scaleLock)
        {
            decision = _controller.Decide(inputs);
            // A hold keeps the wanted count: workers asked to retire may not have left yet, and the count the
            // controller saw still includes them.
            if (!_stopping && decision.Direction != ScalingDirection.Hold)
            {
                Apply(decision.TargetWorkers);
            }
        }

        _instrumentation.ScalingDecisions.Add(1, _poolTag, new(GameBookWorkersNames.DirectionTag, DirectionName(decision.Direction)));
        Log.ScalingDecision(
            _logger, Name, decision.Direction, decision.Reason, inputs.Workers, decision.TargetWorkers, cpu, decision.SmoothedCpu, decision.FreshReading,
            decision.CpuPerWorker, inputs.BusyWorkers, decision.SmoothedBusy, inputs.QueueLength, inputs.MemoryLevel);
        Decided?.Invoke(inputs, decision);
        return decision;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string DirectionName(ScalingDirection direction) => direction switch
    {
        ScalingDirection.Up => GameBookWorkersNames.DirectionUp,
        ScalingDirection.Down => GameBookWorkersNames.DirectionDown,
        _ => GameBookWorkersNames.DirectionHold,
    };

    private static string ReasonName(RejectionReason reason) => reason switch
    {
        RejectionReason.QueueFull => GameBookWorkersNames.ReasonQueueFull,
        RejectionReason.MemoryPressure => GameBookWorkersNames.ReasonMemoryPressure,
        _ => GameBookWorkersNames.ReasonShuttingDown,
    };

    private static void OnQueuedJobCancelled(object? state, CancellationToken token)
    {
        var job = (Job)state!;
        if (job.TrySetCanceled(token))
        {
            job.Owner.CountCancelled(job.Priority, GameBookWorkersNames.ReasonCaller);
        }
    }

    /// <summary>Throws for an undefined priority or a non-positive timeout (programmer errors).</summary>
    private static void ThrowIfInvalid(JobOptions options)
    {
        var priority = options.Priority;
        if ((uint)priority > (uint)JobPriority.Low)
        {
            throw new ArgumentOutOfRangeException(nameof(options), priority, "JobOptions.Priority must be High, Normal or Low.");
        }

        if (options.Timeout is { } t && t != Timeout.InfiniteTimeSpan && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, "JobOptions.Timeout must be positive, Timeout.InfiniteTimeSpan, or null for the pool's default.");
        }
    }

    /// <summary>Whether the memory level refuses new work of <paramref name="priority"/> now.</summary>
    private bool RefusedByMemory(JobPriority priority)
    {
        if (_memory is not { } memory)
        {
            return false;
        }

        var level = memory.Level;
        return level >= MemoryLevel.Maximum || (level >= MemoryLevel.Critical && priority == JobPriority.Low);
    }

    private void Submit(Job job, JobOptions options, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(options);
        var priority = options.Priority;
        job.Owner = this;
        job.Priority = priority;
        job.Timeout = options.Timeout ?? _defaultTimeout;
        if (cancellationToken.IsCancellationRequested)
        {
            if (job.TrySetCanceled(cancellationToken))
            {
                CountCancelled(priority, GameBookWorkersNames.ReasonCaller);
            }

            return;
        }

        if (_stopping)
        {
            Reject(job, RejectionReason.ShuttingDown);
            return;
        }

        if (RefusedByMemory(priority))
        {
            Reject(job, RejectionReason.MemoryPressure);
            return;
        }

        if (_slots.Writer.TryWrite(0))
        {
            Enqueue(job, cancellationToken);
        }
        else if (_stopping)
        {
            Reject(job, RejectionReason.ShuttingDown);
        }
        else if (options.WhenFull == QueueFullMode.Reject)
        {
            Reject(job, RejectionReason.QueueFull);
        }
        else
        {
            _ = WaitForRoomAsync(job, cancellationToken);
        }
    }

    private async Task WaitForRoomAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.Writer.WriteAsync(0, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (job.TrySetCanceled(cancellationToken))
            {
                CountCancelled(job.Priority, GameBookWorkersNames.ReasonCaller);
            }

            return;
        }
        catch (ChannelClosedException)
        {
            Reject(job, RejectionReason.ShuttingDown);
            return;
        }

        Enqueue(job, cancellationToken);
    }

    /// <summary>Puts the job in its queue. The caller has already written its slot to the channel.</summary>
    private void Enqueue(Job job, CancellationToken cancellationToken)
    {
        // Timestamps only for listeners: nobody measuring, nothing read (0 = not taken).
        job.EnqueuedAt = _instrumentation.QueueWait.Enabled ? _time.GetTimestamp() : 0;
        if (WorkersInstrumentation.ActivitySource.HasListeners())
        {
            job.Parent = Activity.Current;
        }

        if (cancellationToken.CanBeCanceled)
        {
            job.CallerToken = cancellationToken;
            job.QueuedCancellation = cancellationToken.UnsafeRegister(OnQueuedJobCancelled, job);
        }

        _queue.Enqueue(job);
    }

    private void Reject(Job job, RejectionReason reason)
    {
        if (job.TrySetException(new WorkRejectedException(Name, reason, job.Priority)))
        {
            _instrumentation.JobsRejected.Add(
                1, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(job.Priority)), new(GameBookWorkersNames.ReasonTag, ReasonName(reason)));
        }
    }

    private void CountCancelled(JobPriority priority, string reason) =>
        _instrumentation.JobsCancelled.Add(
            1, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)), new(GameBookWorkersNames.ReasonTag, reason));

    private void CountFailed(JobPriority priority, string reason) =>
        _instrumentation.JobsFailed.Add(
            1, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)), new(GameBookWorkersNames.ReasonTag, reason));

    /// <summary>
    /// Takes the job a slot was read for. Its submitter writes the slot just before enqueuing the job, so the job
    /// may be a moment late: spin until it is there.
    /// </summary>
    private QueuedWork TakeNext()
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (_queue.TryTake(out var work))
            {
                return work;
            }

            spinner.SpinOnce();
        }
    }

    private void StartWorker()
    {
        _ = Interlocked.Increment(ref _workers);

        // A dedicated thread per worker: CPU-bound jobs would otherwise hold thread-pool threads for as long as
        // work is queued, starving everything else in the process (a game server's request handling, the jobs'
        // own continuations) until the thread pool injects more threads. A new thread also starts without the
        // starter's execution context, so its AsyncLocals (and Activity.Current) do not leak into jobs.
        var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"GameBook.Workers {Name}" };
        thread.UnsafeStart();
    }

    private void WorkerLoop()
    {
        var reader = _slots.Reader;
        var retired = false;
        try
        {
            while (true)
            {
                if (reader.TryRead(out _))
                {
                    var work = TakeNext();
                    var run = work is Job job ? RunJobAsync(job) : RunBatchItemAsync((Batch)work);
                    if (!run.IsCompleted)
                    {
                        // An asynchronous job holds its worker until it completes (its continuations run on the
                        // thread pool meanwhile); RunJobAsync never throws.
                        run.AsTask().GetAwaiter().GetResult();
                    }

                    if (TryRetire())
                    {
                        retired = true;
                        return;
                    }

                    continue;
                }

                bool more;
                try
                {
                    var wait = reader.WaitToReadAsync(Volatile.Read(ref _retireSignal).Token);
                    more = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    if (TryRetire())
                    {
                        retired = true;
                        return;
                    }

                    continue;
                }

                if (!more)
                {
                    return;
                }
            }
        }
        finally
        {
            if (!retired && Interlocked.Decrement(ref _workers) == 0 && _stopping)
            {
                _ = _allWorkersExited.TrySetResult();
            }
        }
    }

    /// <summary>Leaves the pool if there are more workers than the controller wants (never while stopping).</summary>
    private bool TryRetire()
    {
        while (!_stopping)
        {
            var current = Volatile.Read(ref _workers);
            if (current <= Volatile.Read(ref _desiredWorkers))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _workers, current - 1, current) == current)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs one job and completes its task; never throws.</summary>
    private async ValueTask RunJobAsync(Job job)
    {
        _ = job.QueuedCancellation.Unregister();
        if (job.IsCompleted)
        {
            return; // Cancelled by its submitter while queued (already counted).
        }

        var priority = job.Priority;
        var callerToken = job.CallerToken;
        var jobsToken = _jobsCancellation.Token;
        if (callerToken.IsCancellationRequested || jobsToken.IsCancellationRequested)
        {
            var byCaller = callerToken.IsCancellationRequested;
            if (job.TrySetCanceled(byCaller ? callerToken : jobsToken))
            {
                CountCancelled(priority, byCaller ? GameBookWorkersNames.ReasonCaller : GameBookWorkersNames.ReasonShutdown);
                if (!byCaller)
                {
                    _ = Interlocked.Increment(ref _cancelledAtShutdown);
                }
            }

            return;
        }

        var started = _instrumentation.QueueWait.Enabled || _instrumentation.RunDuration.Enabled ? _time.GetTimestamp() : 0;
        if (job.EnqueuedAt != 0 && started != 0 && _instrumentation.QueueWait.Enabled)
        {
            _instrumentation.QueueWait.Record(
                _time.GetElapsedTime(job.EnqueuedAt, started).TotalSeconds, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)));
        }

        _ = Interlocked.Increment(ref _busy);
        var activity = WorkersInstrumentation.ActivitySource.HasListeners()
            ? WorkersInstrumentation.ActivitySource.StartActivity(GameBookWorkersNames.JobActivity, ActivityKind.Internal, job.Parent?.Context ?? default)
            : null;
        if (activity is not null)
        {
            _ = activity.SetTag(GameBookWorkersNames.PoolTag, Name);
            _ = activity.SetTag(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority));
        }

        CancellationTokenSource? linked = null;
        CancellationTokenRegistration onShutdown = default, onCaller = default;
        var token = jobsToken;
        var hasTimeout = job.Timeout != Timeout.InfiniteTimeSpan;
        if (hasTimeout || callerToken.CanBeCanceled)
        {
            linked = hasTimeout ? new CancellationTokenSource(job.Timeout, _time) : new CancellationTokenSource();
            onShutdown = jobsToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), linked);
            onCaller = callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), linked);
            token = linked.Token;
        }

        // The task completes last, after the counters, histograms and activity: whoever sees it done sees them too.
        Exception? failure = null;
        var cancelledBy = default(CancellationToken);
        var cancelled = false;
        try
        {
            await job.RunAsync(token).ConfigureAwait(false);
            if (_instrumentation.JobsCompleted.Enabled)
            {
                _instrumentation.JobsCompleted.Add(1, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)));
            }
        }
        catch (OperationCanceledException ex) when (token.IsCancellationRequested)
        {
            if (callerToken.IsCancellationRequested || jobsToken.IsCancellationRequested)
            {
                var byCaller = callerToken.IsCancellationRequested;
                cancelled = true;
                cancelledBy = byCaller ? callerToken : jobsToken;
                var reason = byCaller ? GameBookWorkersNames.ReasonCaller : GameBookWorkersNames.ReasonShutdown;
                CountCancelled(priority, reason);
                _ = activity?.SetStatus(ActivityStatusCode.Error, reason);
            }
            else
            {
                failure = new TimeoutException($"A {priority} priority job in worker pool '{Name}' ran longer than its timeout of {job.Timeout} and was cancelled.", ex);
                CountFailed(priority, GameBookWorkersNames.ReasonTimeout);
                _ = activity?.SetStatus(ActivityStatusCode.Error, GameBookWorkersNames.ReasonTimeout);
            }
        }
#pragma warning disable CA1031 // The job's exception goes to its caller; the worker must go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
            CountFailed(priority, GameBookWorkersNames.ReasonException);
            if (activity is not null)
            {
                _ = activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                _ = activity.AddException(ex);
            }
        }
        finally
        {
            if (linked is not null)
            {
                onShutdown.Dispose();
                onCaller.Dispose();
                linked.Dispose();
            }

            _ = Interlocked.Decrement(ref _busy);
            if (started != 0 && _instrumentation.RunDuration.Enabled)
            {
                _instrumentation.RunDuration.Record(
                    _time.GetElapsedTime(started).TotalSeconds, _poolTag, new(GameBookWorkersNames.PriorityTag, WorkersInstrumentation.PriorityName(priority)));
            }

            if (_stopping)
            {
                _ = Interlocked.Increment(ref _finishedWhileDraining);
            }

            activity?.Dispose();
        }

        _ = cancelled ? job.TrySetCanceled(cancelledBy) : failure is not null ? job.TrySetException(failure) : job.TrySetResult();
    }

    /// <summary>Sets the wanted worker count: starts workers, or wakes idle ones so the extra ones retire. Under <see cref="_scaleLock"/>.</summary>
    private void Apply(int target)
    {
        _desiredWorkers = target;
        var current = Volatile.Read(ref _workers);
        if (target > current)
        {
            for (var i = current; i < target; i++)
            {
                StartWorker();
            }
        }
        else if (target < current)
        {
            var previous = _retireSignal;
            Volatile.Write(ref _retireSignal, new CancellationTokenSource());
            previous.Cancel();
        }
    }

    private async Task RunControllerAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ScaleInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    _ = ScaleOnce();
                }
#pragma warning disable CA1031 // The controller must survive a failed tick.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.ControllerFailed(_logger, ex, Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await _controllerCancellation.CancelAsync().ConfigureAwait(false);
        await _controllerLoop.ConfigureAwait(false);
        if (_memory is not null)
        {
            _memory.LevelChanged -= OnMemoryLevelChanged;
        }

        Log.ShutdownStarted(_logger, Name, QueueLength, BusyWorkers, _drainTimeout);
        if (Volatile.Read(ref _workers) == 0)
        {
            _ = _allWorkersExited.TrySetResult();
        }

        var drained = await WaitForWorkersAsync(cancellationToken).ConfigureAwait(false);
        if (!drained)
        {
            var running = BusyWorkers;
            await _jobsCancellation.CancelAsync().ConfigureAwait(false);

            // Workers blocked in a job that ignores its token cannot take the rest: cancel what is queued here.
            while (_slots.Reader.TryRead(out _))
            {
                var work = TakeNext();
                if (work is not Job job)
                {
                    DiscardBatchEntry((Batch)work);
                    continue;
                }

                _ = job.QueuedCancellation.Unregister();
                if (job.TrySetCanceled(_jobsCancellation.Token))
                {
                    CountCancelled(job.Priority, GameBookWorkersNames.ReasonShutdown);
                    _ = Interlocked.Increment(ref _cancelledAtShutdown);
                }
            }

            var cancelledQueued = Volatile.Read(ref _cancelledAtShutdown);
            Log.ShutdownCancelledJobs(_logger, Name, cancelledQueued, running);
            _ = await WaitForWorkersAsync(cancellationToken).ConfigureAwait(false);
        }

        var finished = Interlocked.Read(ref _finishedWhileDraining);
        var cancelled = Volatile.Read(ref _cancelledAtShutdown);
        Log.ShutdownCompleted(_logger, Name, finished, cancelled, BusyWorkers);
        _instrumentation.Unregister(this);
    }

    /// <summary>Waits up to the drain timeout (or the host's deadline) for every worker to exit.</summary>
    private async Task<bool> WaitForWorkersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _allWorkersExited.Task.WaitAsync(_drainTimeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void OnMemoryLevelChanged(object? sender, MemoryLevelChangedEventArgs e)
    {
        var policy = e.Level switch
        {
            MemoryLevel.Maximum => "refusing all new work, not growing",
            MemoryLevel.Critical => "refusing new Low priority work, not growing",
            _ => "accepting all work",
        };
        Log.MemoryLevelChanged(_logger, Name, e.Level, policy);
    }
}
#pragma warning restore RS0026

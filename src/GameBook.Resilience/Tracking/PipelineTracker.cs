using GameBook.Resilience.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// Failure tracking and breaker bookkeeping of one named pipeline; outlives the pipeline instances that
/// configuration reloads create. Thread-safe. Recording a call is lock-free and allocation-free unless the call
/// failed: one clock read, one Interlocked increment of the total and one of the current one-second bucket. A bucket is reset
/// (under a lock, once per second at most) when the clock first moves into the second it now stands for.
/// </summary>
/// <remarks>
/// Rolling counts are exact except for a thread that stalls longer than the whole window between reading the
/// clock and incrementing: its call then lands in a later bucket. Totals are always exact.
/// </remarks>
internal sealed class PipelineTracker
{
    internal const int OutcomeCount = 9;

    private readonly long[] _totals = new long[OutcomeCount];
    private readonly long[] _buckets;
    private readonly long[] _bucketSeconds;
    private readonly int _windowSeconds;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly long _frequency;
    private readonly bool _useTickCount;
    private readonly Lock _rotateLock = new();
    private readonly Lock _breakerLock = new();
    private readonly Queue<BreakerTransition> _transitions = new();
    private readonly int _historySize;
    private readonly ResilienceInstrumentation _instrumentation;
    private readonly ILogger _logger;
    private bool _isBuilt;
    private bool _hasBreaker;
    private long _packedSecond;
    private long _retries;
    private long _fallbacks;
    private FailureInfo? _lastFailure;
    private CircuitBreakerStateProvider? _stateProvider;
    private CircuitState _lastState;
    private DateTimeOffset? _stateSince;
    private DateTimeOffset? _breakEndsAt;
    private long _transitionCount;

    public PipelineTracker(string name, GameBookResilienceOptions options, TimeProvider time, ResilienceInstrumentation instrumentation, ILogger logger)
    {
        Name = name;
        _time = time;
        _windowSeconds = options.RollingWindowSeconds;
        _historySize = options.TransitionHistorySize;
        _buckets = new long[_windowSeconds * OutcomeCount];
        _bucketSeconds = new long[_windowSeconds];
        Array.Fill(_bucketSeconds, -1);
        // On the system clock, Environment.TickCount64 (milliseconds, a coarse monotonic clock) is several times
        // cheaper than a high-resolution timestamp and exact enough for one-second buckets.
        _useTickCount = ReferenceEquals(time, TimeProvider.System);
        _startTimestamp = _useTickCount ? Environment.TickCount64 : time.GetTimestamp();
        _frequency = _useTickCount ? 1000 : time.TimestampFrequency;
        _instrumentation = instrumentation;
        _logger = logger;
        PipelineTag = new KeyValuePair<string, object?>(GameBookResilienceNames.PipelineTag, name);
    }

    public string Name { get; }

    /// <summary>Whether a pipeline of this name has been built (set while composing it).</summary>
    public bool IsBuilt { get => Volatile.Read(ref _isBuilt); set => Volatile.Write(ref _isBuilt, value); }

    /// <summary>Whether the last built pipeline has a circuit breaker.</summary>
    public bool HasBreaker { get => Volatile.Read(ref _hasBreaker); set => Volatile.Write(ref _hasBreaker, value); }

    public KeyValuePair<string, object?> PipelineTag { get; }

    /// <summary>One manual control per name, reused by every rebuilt breaker so isolation survives reloads.</summary>
    public CircuitBreakerManualControl ManualControl { get; } = new();

    /// <summary>Serializes operator isolate/close calls (Polly's manual control is not meant for concurrent use).</summary>
    public SemaphoreSlim ControlGate { get; } = new(1, 1);

    /// <summary>The breaker's state; null without a breaker or once the pipeline is disposed (during shutdown).</summary>
    public CircuitState? CurrentState
    {
        get
        {
            try
            {
                return Volatile.Read(ref _stateProvider)?.CircuitState;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }

    public long TotalOf(CallOutcome outcome) => Volatile.Read(ref _totals[(int)outcome]);

    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Records one call's final outcome. <paramref name="exception"/> is null for a success.</summary>
    public void Record(Exception? exception, CancellationToken callerToken)
    {
        if (exception is null)
        {
            Count(CallOutcome.Success);
            return;
        }

        RecordFailure(exception, callerToken);
    }

    public void RecordRetry() => Interlocked.Increment(ref _retries);

    public void RecordFallback() => Interlocked.Increment(ref _fallbacks);

    /// <summary>Records one call's final outcome; a result <paramref name="isFailedResult"/> marks counts as a failure.</summary>
    public void Record<TResult>(Outcome<TResult> outcome, Func<TResult, bool>? isFailedResult, CancellationToken callerToken)
    {
        if (outcome.Exception is null && isFailedResult is not null && isFailedResult(outcome.Result!))
        {
            RecordFailedResult(outcome.Result);
            return;
        }

        Record(outcome.Exception, callerToken);
    }

    /// <summary>Records a call of a typed pipeline whose final result counts as a failure.</summary>
    public void RecordFailedResult(object? result)
    {
        Count(CallOutcome.Failure);
        Volatile.Write(ref _lastFailure, new FailureInfo(CallOutcome.Failure, "result", $"The result counts as a failure: {result}", _time.GetUtcNow()));
    }

    public static CallOutcome Classify(Exception exception, CancellationToken callerToken) => exception switch
    {
        TimeoutRejectedException => CallOutcome.Timeout,
        IsolatedCircuitException => CallOutcome.RejectedIsolated,
        BrokenCircuitException => CallOutcome.RejectedCircuitOpen,
        RateLimiterRejectedException => CallOutcome.RejectedConcurrencyLimit,
        LoadSheddingRejectedException => CallOutcome.RejectedLoadShedding,
        ExecutionRejectedException => CallOutcome.RejectedOther,
        OperationCanceledException when callerToken.IsCancellationRequested => CallOutcome.Canceled,
        _ => CallOutcome.Failure,
    };

    public PipelineStatus Snapshot()
    {
        var now = _time.GetUtcNow();
        var second = CurrentSecond();
        Span<long> totals = stackalloc long[OutcomeCount];
        Span<long> window = stackalloc long[OutcomeCount];
        for (var i = 0; i < OutcomeCount; i++)
        {
            totals[i] = Volatile.Read(ref _totals[i]);
        }

        for (var b = 0; b < _windowSeconds; b++)
        {
            var s = Volatile.Read(ref _bucketSeconds[b]);
            if (s > second - _windowSeconds && s <= second)
            {
                for (var i = 0; i < OutcomeCount; i++)
                {
                    window[i] += Volatile.Read(ref _buckets[(b * OutcomeCount) + i]);
                }
            }
        }

        BreakerTransition[] transitions;
        DateTimeOffset? since;
        DateTimeOffset? breakEndsAt;
        long transitionCount;
        lock (_breakerLock)
        {
            transitions = [.. _transitions];
            since = _stateSince;
            breakEndsAt = _breakEndsAt;
            transitionCount = _transitionCount;
        }

        var hasBreaker = HasBreaker;
        var state = hasBreaker ? CurrentState : null;
        return new PipelineStatus(Name)
        {
            Timestamp = now,
            Totals = PipelineCounts.From(totals),
            Window = PipelineCounts.From(window),
            WindowLength = TimeSpan.FromSeconds(_windowSeconds),
            Retries = Retries,
            Fallbacks = Volatile.Read(ref _fallbacks),
            LastFailure = Volatile.Read(ref _lastFailure),
            HasCircuitBreaker = hasBreaker,
            BreakerState = state,
            BreakerStateSince = state is null ? null : since,
            BreakEndsAt = state == CircuitState.Open ? breakEndsAt : null,
            Transitions = transitions,
            TransitionCount = transitionCount,
        };
    }

    /// <summary>A fresh state provider for a newly built breaker (Polly binds a provider to one breaker).</summary>
    public CircuitBreakerStateProvider NewStateProvider()
    {
        var provider = new CircuitBreakerStateProvider();
        Volatile.Write(ref _stateProvider, provider);
        lock (_breakerLock)
        {
            _lastState = CircuitState.Closed;
            _stateSince = _time.GetUtcNow();
            _breakEndsAt = null;
        }

        return provider;
    }

    public ValueTask OnOpened<TResult>(OnCircuitOpenedArguments<TResult> args)
    {
        var to = args.IsManual ? CircuitState.Isolated : CircuitState.Open;
        var now = _time.GetUtcNow();
        var from = Transition(to, now, args.IsManual, args.IsManual ? null : args.BreakDuration);
        if (args.IsManual)
        {
            Log.BreakerIsolated(_logger, Name);
        }
        else
        {
            Log.BreakerOpened(_logger, Name, from, args.BreakDuration, args.Outcome.Exception?.GetType().FullName, args.Outcome.Exception);
        }

        return default;
    }

    public ValueTask OnHalfOpened()
    {
        var from = Transition(CircuitState.HalfOpen, _time.GetUtcNow(), isManual: false, breakDuration: null);
        Log.BreakerHalfOpened(_logger, Name, from);
        return default;
    }

    public ValueTask OnClosed<TResult>(OnCircuitClosedArguments<TResult> args)
    {
        var from = Transition(CircuitState.Closed, _time.GetUtcNow(), args.IsManual, breakDuration: null);
        Log.BreakerClosed(_logger, Name, from, args.IsManual);
        return default;
    }

    private CircuitState Transition(CircuitState to, DateTimeOffset now, bool isManual, TimeSpan? breakDuration)
    {
        CircuitState from;
        lock (_breakerLock)
        {
            from = _lastState;
            _lastState = to;
            _stateSince = now;
            _breakEndsAt = breakDuration is { } d ? now + d : null;
            _transitionCount++;
            _transitions.Enqueue(new BreakerTransition(from, to, now, isManual, breakDuration));
            while (_transitions.Count > _historySize)
            {
                _ = _transitions.Dequeue();
            }
        }

        _instrumentation.BreakerTransitions.Add(1, PipelineTag, new KeyValuePair<string, object?>(GameBookResilienceNames.StateTag, ResilienceInstrumentation.StateName(to)));
        return from;
    }

    private void RecordFailure(Exception exception, CancellationToken callerToken)
    {
        var outcome = Classify(exception, callerToken);
        Count(outcome);
        if (outcome != CallOutcome.Canceled)
        {
            Volatile.Write(ref _lastFailure, new FailureInfo(outcome, exception.GetType().FullName ?? exception.GetType().Name, exception.Message, _time.GetUtcNow()));
        }
    }

    private void Count(CallOutcome outcome)
    {
        var index = (int)outcome;
        _ = Interlocked.Increment(ref _totals[index]);
        var (second, bucket) = CurrentSecondAndBucket();
        if (Volatile.Read(ref _bucketSeconds[bucket]) != second)
        {
            Rotate(bucket, second);
        }

        _ = Interlocked.Increment(ref _buckets[(bucket * OutcomeCount) + index]);
    }

    /// <summary>
    /// The current second since the tracker started and its bucket. The last result is cached packed in one long
    /// (second &lt;&lt; 16 | bucket; windows are at most 3600 buckets), so the common case is a multiplication and a
    /// compare, not two 64-bit divisions.
    /// </summary>
    private (long Second, int Bucket) CurrentSecondAndBucket()
    {
        var timestamp = Now();
        var packed = Volatile.Read(ref _packedSecond);
        var second = packed >> 16;
        if ((ulong)(timestamp - (_startTimestamp + (second * _frequency))) < (ulong)_frequency)
        {
            return (second, (int)(packed & 0xFFFF));
        }

        second = (timestamp - _startTimestamp) / _frequency;
        var bucket = (int)(second % _windowSeconds);
        Volatile.Write(ref _packedSecond, (second << 16) | (long)bucket);
        return (second, bucket);
    }

    private long CurrentSecond() => (Now() - _startTimestamp) / _frequency;

    private long Now() => _useTickCount ? Environment.TickCount64 : _time.GetTimestamp();

    private void Rotate(int bucket, long second)
    {
        lock (_rotateLock)
        {
            if (_bucketSeconds[bucket] < second)
            {
                Array.Clear(_buckets, bucket * OutcomeCount, OutcomeCount);
                Volatile.Write(ref _bucketSeconds[bucket], second);
            }
        }
    }
}

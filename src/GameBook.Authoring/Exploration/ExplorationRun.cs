using System.Collections.Frozen;
using System.Globalization;
using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>
/// One exploration: level-synchronous breadth-first search over the story's states. The coordinator (the caller's
/// async flow) hands each level to the worker threads, which claim chunks of it; new states go to each worker's
/// next-level list; when every worker is done the lists become the next level. Because all states of depth d are
/// found before any of depth d + 1, the first witness of anything is a shortest one, whatever the thread count.
/// Not thread-safe as a whole: the coordinator drives it; workers use only the members documented as shared.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphores hold no wait handle; an abandoned worker stuck in a host function may still release them after the run returns, so they are never disposed.")]
internal sealed partial class ExplorationRun
{
    private readonly ExplorationOptions _options;
    private readonly SessionOptions _sessionOptions;
    private readonly IProgress<ExplorationProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly FrozenDictionary<string, int> _lineIndex;
    private readonly List<int> _levelEnds = [];
    private readonly List<string> _entries = [];
    private readonly List<int> _startNodes = [];
    private ExplorationWorker[] _workers = [];
    private SemaphoreSlim[] _starts = [];
    private int _stateCount;
    private int _stopped;
    private int _remaining;
    private int _levelDone;
    private int _claimIndex;
    private int _chunk;
    private long _frontierPeak;
    private int _stopReason = -1;
    private string? _stopDetail;
    private long _start;

    public ExplorationRun(Story story, ExplorationOptions options, IProgress<ExplorationProgress>? progress, CancellationToken cancellationToken)
    {
        Story = story;
        _options = options;
        _sessionOptions = options.SessionOptions ?? new SessionOptions();
        _progress = progress;
        _cancellationToken = cancellationToken;
        _time = options.TimeProvider;
        Samples = [.. options.RandomSamples];
        Storage = options.StateStorage;
        Encoding = options.MergeDeadVariables ? StateEncoding.LiveVariablesOnly : StateEncoding.Full;
        FindSoftLocks = options.FindSoftLocks;
        MaxOutcomesPerStep = options.MaxOutcomesPerStep;
        MaxOutcomesPerDecision = options.MaxOutcomesPerDecision;
        Budget = new MemoryBudget(options.MaxMemoryBytes);
        Visited = Storage == StateStorage.Exact ? new ExactStateSet(Budget) : new FingerprintSet(Budget, keepIds: FindSoftLocks);
        Graph = new ExplorationGraph(Budget, options.RecordWitnesses, FindSoftLocks);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in story.Lines)
        {
            lines.TryAdd(line.Id, line.Index);
        }

        _lineIndex = lines.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------- shared with workers

    public Story Story { get; }

    public double[] Samples { get; }

    public StateStorage Storage { get; }

    public StateEncoding Encoding { get; }

    public bool FindSoftLocks { get; }

    public long MaxOutcomesPerStep { get; }

    public long MaxOutcomesPerDecision { get; }

    public MemoryBudget Budget { get; }

    public VisitedSet Visited { get; }

    public ExplorationGraph Graph { get; }

    public LabelTable Labels { get; } = new();

    public FrontierEntry[] Level { get; private set; } = [];

    public int CurrentDepth { get; private set; }

    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    public bool Finished { get; private set; }

    public int LineIndex(string id) => _lineIndex.TryGetValue(id, out var index) ? index : -1;

    /// <summary>A new state id, or -1 once <see cref="ExplorationOptions.MaxStates"/> is reached.</summary>
    public int NextId()
    {
        var id = Interlocked.Increment(ref _stateCount) - 1;
        if (id >= _options.MaxStates)
        {
            Interlocked.Decrement(ref _stateCount);
            return -1;
        }

        return id;
    }

    public (int From, int To) ClaimChunk()
    {
        var to = Interlocked.Add(ref _claimIndex, _chunk);
        var from = to - _chunk;
        return (Math.Min(from, Level.Length), Math.Min(to, Level.Length));
    }

    /// <summary>Asks the coordinator to stop; the first reason wins.</summary>
    public void RequestStop(ExplorationStopReason reason, string? detail)
    {
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, -1) == -1)
        {
            _stopDetail = detail;
        }

        Interlocked.Exchange(ref _stopped, 1);
        _wake.Release();
    }

    public void WorkerDone()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Volatile.Write(ref _levelDone, 1);
            _wake.Release();
        }
    }

    public void WorkerFailed(Exception exception) =>
        RequestStop(ExplorationStopReason.Faulted, $"the explorer failed: {exception.GetType().Name}: {exception.Message}");

    // ---------------------------------------------------------------- coordinator

    public async Task<ExplorationReport> RunAsync()
    {
        try
        {
            return await RunCoreAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            // A bug in the explorer (or the process running out of memory) becomes a report, never an exception.
            Interlocked.Exchange(ref _stopped, 1);
            Finished = true;
            foreach (var start in _starts)
            {
                start.Release();
            }

            return new ExplorationReport
            {
                StopReason = ExplorationStopReason.Faulted,
                StopDetail = $"the explorer failed: {ex.GetType().Name}: {ex.Message}",
                StatesVisited = Volatile.Read(ref _stateCount),
                Elapsed = _time.GetElapsedTime(_start),
                StateStorage = Storage,
                DegreeOfParallelism = _workers.Length,
            };
        }
    }

    private async Task<ExplorationReport> RunCoreAsync()
    {
        _start = _time.GetTimestamp();
        foreach (var entry in _options.EntryNodes)
        {
            if (entry is null || !Story.ContainsNode(entry))
            {
                return EntryMissing(entry);
            }

            if (!_entries.Contains(entry))
            {
                _entries.Add(entry);
            }
        }

        var level = new List<FrontierEntry>();
        var buffer = new StateBuffer();
        for (var e = 0; e < _entries.Count; e++)
        {
            var session = Story.CreateSession(Sessions.WithStart(_sessionOptions, _entries[e]));
            buffer.ResetWrittenCount();
            session.WriteState(buffer, Encoding);
            var result = Visited.Add(VisitedSet.Fingerprint(buffer.WrittenSpan), buffer.WrittenSpan, NextId, out var id);
            if (result == AddResult.Refused || !Graph.TryAdd(id, -1, e, session.CurrentNode?.Index ?? -1))
            {
                RequestStop(Budget.Exhausted ? ExplorationStopReason.MaxMemory : ExplorationStopReason.MaxStates, null);
                break;
            }

            if (result == AddResult.Added)
            {
                if (session.CurrentNode is { } node)
                {
                    _startNodes.Add(node.Index);
                }

                var bytes = ExplorationWorker.FrontierEstimate(buffer.WrittenCount);
                Budget.TryReserve(bytes);
                level.Add(new FrontierEntry(id, session, bytes));
            }
        }

        _levelEnds.Add(_stateCount);
        var parallelism = _options.ResolveParallelism();
        _workers = new ExplorationWorker[parallelism];
        _starts = new SemaphoreSlim[parallelism];
        for (var i = 0; i < parallelism; i++)
        {
            var worker = _workers[i] = new ExplorationWorker(this, i);
            var start = _starts[i] = new SemaphoreSlim(0);
            var thread = new Thread(() => worker.Run(start))
            {
                IsBackground = true,
                Name = $"GameBook explorer {i + 1}",
            };
            thread.Start();
        }

        using var registration = _cancellationToken.Register(static state => ((SemaphoreSlim)state!).Release(), _wake);
        using var deadline = _options.Timeout is { } timeout
            ? _time.CreateTimer(static state => ((SemaphoreSlim)state!).Release(), _wake, timeout, Timeout.InfiniteTimeSpan)
            : null;
        using var ticker = _progress is null
            ? null
            : _time.CreateTimer(static state => ((SemaphoreSlim)state!).Release(), _wake, _options.ProgressInterval, _options.ProgressInterval);
        var lastProgress = _start;
        var remainingFrontier = 0L;
        while (!Stopped)
        {
            if (level.Count == 0)
            {
                break;
            }

            _frontierPeak = Math.Max(_frontierPeak, level.Count);
            Level = [.. level];
            level.Clear();
            _claimIndex = 0;
            _chunk = Math.Clamp(Level.Length / (parallelism * 8), 1, 64);
            _remaining = parallelism;
            Volatile.Write(ref _levelDone, 0);
            foreach (var start in _starts)
            {
                start.Release();
            }

            while (true)
            {
                await _wake.WaitAsync().ConfigureAwait(false);
                if (Volatile.Read(ref _levelDone) != 0)
                {
                    break;
                }

                if (CheckExternalBounds())
                {
                    break;
                }

                if (_progress is not null && _time.GetElapsedTime(lastProgress) >= _options.ProgressInterval)
                {
                    lastProgress = _time.GetTimestamp();
                    _progress.Report(Progress(Level.Length - Math.Min(Volatile.Read(ref _claimIndex), Level.Length)));
                }
            }

            if (Stopped)
            {
                StopAndQuiesce();
                remainingFrontier = Level.LongCount(e => e.Session is not null) + _workers.Sum(w => (long)w.Next.Count);
                break;
            }

            foreach (var worker in _workers)
            {
                level.AddRange(worker.Next);
                worker.Next.Clear();
            }

            CurrentDepth++;
            _levelEnds.Add(_stateCount);
            _frontierPeak = Math.Max(_frontierPeak, level.Count);
            if (CheckExternalBounds())
            {
                StopAndQuiesce();
                remainingFrontier = level.Count;
                break;
            }

            if (_progress is not null && _time.GetElapsedTime(lastProgress) >= _options.ProgressInterval)
            {
                lastProgress = _time.GetTimestamp();
                _progress.Report(Progress(level.Count));
            }
        }

        if (Stopped && remainingFrontier == 0)
        {
            remainingFrontier = level.Count;
        }

        Finished = true;
        foreach (var start in _starts)
        {
            start.Release();
        }

        var report = BuildReport(remainingFrontier);

        // Unexpanded sessions end their accounting (the active-sessions metric); a stuck worker keeps its own.
        foreach (var entry in Level.Concat(level).Concat(_workers.SelectMany(w => w.Next)))
        {
            entry.Session?.Dispose();
        }

        _progress?.Report(new ExplorationProgress(report.StatesVisited, report.Transitions, report.Depth, report.FrontierRemaining, Budget.Used, report.Elapsed));
        return report;
    }

    /// <summary>Cancellation and the deadline; true when one of them (or a worker) stopped the run.</summary>
    private bool CheckExternalBounds()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            RequestStop(ExplorationStopReason.Cancelled, null);
        }
        else if (_options.Timeout is { } timeout && _time.GetElapsedTime(_start) >= timeout)
        {
            RequestStop(ExplorationStopReason.Timeout, null);
        }

        return Stopped;
    }

    /// <summary>
    /// Waits until no worker is publishing. Workers only publish after checking <see cref="Stopped"/> with a full fence, so
    /// afterwards none touches shared data again; a worker stuck in a host function stays stuck (its thread is abandoned).
    /// </summary>
    private void StopAndQuiesce()
    {
        Interlocked.Exchange(ref _stopped, 1);
        foreach (var worker in _workers)
        {
            var spin = default(SpinWait);
            while (worker.Phase == ExplorationWorker.Publishing)
            {
                spin.SpinOnce();
            }
        }
    }

    private ExplorationProgress Progress(long frontier) => new(
        Volatile.Read(ref _stateCount),
        _workers.Sum(w => w.Transitions),
        CurrentDepth,
        frontier + _workers.Sum(w => (long)w.Next.Count),
        Budget.Used,
        _time.GetElapsedTime(_start));

    private ExplorationReport EntryMissing(string? entry) => new()
    {
        StopReason = ExplorationStopReason.EntryNodeMissing,
        StopDetail = $"the story has no node named '{entry}' to start from: name an existing node in {nameof(ExplorationOptions.EntryNodes)}",
        Elapsed = _time.GetElapsedTime(_start),
        StateStorage = Storage,
        DegreeOfParallelism = _options.ResolveParallelism(),
        UnreachedNodes = Story.Nodes,
        UnreachedLines = [.. Story.Lines.Where(l => l.Kind == StoryLineKind.Line)],
        UnreachedOptions = [.. Story.Lines.Where(l => l.Kind == StoryLineKind.Option)],
    };

    private string Describe(ExplorationStopReason reason, long frontier)
    {
        var inv = CultureInfo.InvariantCulture;
        var where = string.Create(inv, $"{_stateCount} states to depth {CurrentDepth}, {frontier} left in the frontier");
        return reason switch
        {
            ExplorationStopReason.Completed => string.Create(inv, $"every reachable state was explored ({_stateCount} states, depth {CurrentDepth})"),
            ExplorationStopReason.MaxStates => string.Create(inv, $"stopped at MaxStates ({_options.MaxStates}) after {where}"),
            ExplorationStopReason.MaxMemory => string.Create(inv, $"stopped at MaxMemoryBytes ({_options.MaxMemoryBytes} B) after {where}"),
            ExplorationStopReason.Timeout => string.Create(inv, $"stopped at the timeout ({_options.Timeout}) after {where}"),
            ExplorationStopReason.Cancelled => $"cancelled after {where}",
            ExplorationStopReason.MaxOutcomesPerStep => $"stopped at MaxOutcomesPerStep ({_options.MaxOutcomesPerStep}): {_stopDetail}; after {where}",
            _ => $"{_stopDetail}; after {where}",
        };
    }
}

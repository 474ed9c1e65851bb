namespace GameBook.Samples.Web.Playtests;

/// <summary>The life of a playtest batch.</summary>
internal enum PlaytestState
{
    Queued,
    Running,
    Completed,
    Canceled,
    Failed,
}

/// <summary>
/// One playtest batch: its progress (counted with <see cref="Interlocked"/> by the slices that report to it), its
/// state and, once completed, its report JSON. Thread-safe.
/// </summary>
internal sealed class PlaytestBatch : IProgress<PlaytestProgress>, IDisposable
{
    private readonly TimeProvider _time;
    private long _done;
    private long _selections;
    private long _startedTicks;
    private long _finishedTicks;
    private int _state;

    public PlaytestBatch(string id, string story, int total, TimeProvider time)
    {
        Id = id;
        Story = story;
        Total = total;
        _time = time;
    }

    public string Id { get; }

    public string Story { get; }

    public int Total { get; }

    /// <summary>Completes once the batch finished (completed, canceled or failed) and its state is set.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Cancels the batch's slices.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public PlaytestState State => (PlaytestState)Volatile.Read(ref _state);

    public bool IsFinished => State is PlaytestState.Completed or PlaytestState.Canceled or PlaytestState.Failed;

    /// <summary>The report as JSON once <see cref="PlaytestState.Completed"/>.</summary>
    public string? ReportJson { get; private set; }

    /// <summary>Why the batch failed.</summary>
    public string? Error { get; private set; }

    public void Report(PlaytestProgress value)
    {
        if (Interlocked.CompareExchange(ref _state, (int)PlaytestState.Running, (int)PlaytestState.Queued) == (int)PlaytestState.Queued)
        {
            Interlocked.Exchange(ref _startedTicks, _time.GetTimestamp());
        }

        Interlocked.Add(ref _done, value.Playthroughs);
        Interlocked.Add(ref _selections, value.Selections);
    }

    public void Complete(string reportJson)
    {
        ReportJson = reportJson;
        Finish(PlaytestState.Completed);
    }

    public void Fail(string error)
    {
        Error = error;
        Finish(PlaytestState.Failed);
    }

    public void Canceled() => Finish(PlaytestState.Canceled);

    public PlaytestStatusDto ToDto()
    {
        var started = Interlocked.Read(ref _startedTicks);
        var finished = Interlocked.Read(ref _finishedTicks);
        var selections = Interlocked.Read(ref _selections);
        double perSecond = 0;
        if (started != 0)
        {
            var elapsed = _time.GetElapsedTime(started, finished != 0 ? finished : _time.GetTimestamp()).TotalSeconds;
            perSecond = elapsed > 0 ? selections / elapsed : 0;
        }

        return new PlaytestStatusDto(Id, Story, StateName(State), Interlocked.Read(ref _done), Total, Math.Round(perSecond, 1), Error);
    }

    public void Dispose() => Cancellation.Dispose();

    private void Finish(PlaytestState state)
    {
        Interlocked.Exchange(ref _finishedTicks, _time.GetTimestamp());
        Volatile.Write(ref _state, (int)state);
    }

    private static string StateName(PlaytestState state) => state switch
    {
        PlaytestState.Queued => "queued",
        PlaytestState.Running => "running",
        PlaytestState.Completed => "completed",
        PlaytestState.Canceled => "canceled",
        _ => "failed",
    };
}

using GameBook.Telemetry.Memory;

namespace GameBook.Workers.Scaling;

/// <summary>Direction of a scaling decision.</summary>
internal enum ScalingDirection
{
    Hold = 0,
    Up = 1,
    Down = 2,
}

/// <summary>Why the controller decided what it did (logged with every decision).</summary>
internal enum ScalingReason
{
    /// <summary>The worker count was outside MinWorkers..MaxWorkers.</summary>
    Bounds,

    /// <summary>Work is waiting and the predicted CPU after adding stays at or under the target.</summary>
    Backlog,

    /// <summary>The smoothed CPU is above the target plus the margin.</summary>
    CpuAboveTarget,

    /// <summary>Nothing queued and workers idle on two ticks in a row.</summary>
    Idle,

    /// <summary>Within the cooldown after the last change.</summary>
    Cooldown,

    /// <summary>No CPU value yet (NaN), or only one reading: never grow beyond MinWorkers.</summary>
    CpuUnknown,

    /// <summary>The reading's timestamp did not advance: it is not new information.</summary>
    StaleReading,

    /// <summary>Memory is at Critical or above: do not grow.</summary>
    MemoryPressure,

    /// <summary>Adding a worker would take the predicted CPU over the target (or the pool is at MaxWorkers).</summary>
    AtTarget,

    /// <summary>Nothing is waiting.</summary>
    NoBacklog,
}

/// <summary>What the pool observed at one controller tick.</summary>
internal readonly record struct ScalingInputs(
    DateTimeOffset Now,
    double CpuUtilization,
    DateTimeOffset CpuTimestamp,
    int Workers,
    int BusyWorkers,
    int QueueLength,
    MemoryLevel MemoryLevel);

/// <summary>The controller's answer: the worker count to have, and why.</summary>
internal readonly record struct ScalingDecision(
    int TargetWorkers,
    ScalingDirection Direction,
    ScalingReason Reason,
    double SmoothedCpu,
    double SmoothedBusy,
    double CpuPerWorker,
    bool FreshReading);

/// <summary>The controller's fixed settings, from <see cref="WorkerPoolOptions"/> and the CPU refresh period.</summary>
internal sealed record ScalingSettings(
    int MinWorkers,
    int MaxWorkers,
    double Target,
    double ScaleDownMargin,
    double Smoothing,
    int MaxUpStep,
    int MaxDownStep,
    TimeSpan Cooldown)
{
    public static ScalingSettings From(WorkerPoolOptions options, TimeSpan cooldown) => new(
        options.MinWorkers,
        options.MaxWorkers,
        options.TargetCpuUtilization,
        options.ScaleDownMargin,
        options.CpuSmoothing,
        options.MaxScaleUpStep,
        options.MaxScaleDownStep,
        cooldown);
}

/// <summary>
/// The scaling decision logic, free of clocks and threads: each <see cref="Decide"/> takes one tick's inputs and
/// returns the worker count to have. It keeps an exponentially weighted moving average of the CPU reading and of
/// the busy workers, both updated only by readings whose timestamp advanced (and acted on from the second one);
/// estimates each busy worker's CPU share as smoothed CPU / smoothed busy workers; adds workers (at most
/// <c>MaxUpStep</c>) only while work waits and the predicted CPU with every worker busy plus the added ones stays
/// at or under the target; removes one (at most <c>MaxDownStep</c>) when
/// the smoothed CPU is above target + margin or workers sat idle on two ticks in a row; and changes nothing
/// within <c>Cooldown</c> of the last change. Not thread-safe: one caller (the pool's controller loop).
/// </summary>
/// <remarks>
/// Why the prediction: on two cores one busy worker costs about 50 % and two about 100 %, so "add while below
/// 70 %" would flap between one and two workers. Predicting 50 % + 50 % = 100 % &gt; 70 % keeps one.
/// </remarks>
internal sealed class ScalingController(ScalingSettings settings)
{
    private double _smoothedCpu = double.NaN;
    private double _smoothedBusy = double.NaN;
    private DateTimeOffset? _lastReadingAt;
    private DateTimeOffset? _lastChangeAt;
    private bool _idleLastTick;
    private int _freshReadings;

    public ScalingSettings Settings { get; } = settings;

    public double SmoothedCpu => _smoothedCpu;

    public ScalingDecision Decide(ScalingInputs inputs)
    {
        var fresh = !double.IsNaN(inputs.CpuUtilization) && (_lastReadingAt is not { } last || inputs.CpuTimestamp > last);
        if (fresh)
        {
            var alpha = Settings.Smoothing;
            _smoothedCpu = double.IsNaN(_smoothedCpu) ? inputs.CpuUtilization : (alpha * inputs.CpuUtilization) + ((1 - alpha) * _smoothedCpu);
            _smoothedBusy = double.IsNaN(_smoothedBusy) ? inputs.BusyWorkers : (alpha * inputs.BusyWorkers) + ((1 - alpha) * _smoothedBusy);
            _lastReadingAt = inputs.CpuTimestamp;
            _freshReadings++;
        }

        var idle = inputs.QueueLength == 0 && inputs.BusyWorkers < inputs.Workers;
        var idleTwice = idle && _idleLastTick;
        _idleLastTick = idle;

        var workers = inputs.Workers;
        var perWorker = double.IsNaN(_smoothedCpu) ? double.NaN : _smoothedCpu / Math.Max(_smoothedBusy, 1);
        ScalingDecision Make(int target, ScalingReason reason)
        {
            var direction = target > workers ? ScalingDirection.Up : target < workers ? ScalingDirection.Down : ScalingDirection.Hold;
            if (direction != ScalingDirection.Hold)
            {
                _lastChangeAt = inputs.Now;
                _idleLastTick = false;
            }

            return new ScalingDecision(target, direction, reason, _smoothedCpu, _smoothedBusy, perWorker, fresh);
        }

        if (workers < Settings.MinWorkers)
        {
            return Make(Settings.MinWorkers, ScalingReason.Bounds);
        }

        if (workers > Settings.MaxWorkers)
        {
            return Make(Settings.MaxWorkers, ScalingReason.Bounds);
        }

        if (_lastChangeAt is { } changed && inputs.Now - changed < Settings.Cooldown)
        {
            return Make(workers, ScalingReason.Cooldown);
        }

        if (idleTwice && workers > Settings.MinWorkers)
        {
            var target = Math.Max(Settings.MinWorkers, Math.Max(inputs.BusyWorkers, workers - Settings.MaxDownStep));
            if (target < workers)
            {
                return Make(target, ScalingReason.Idle);
            }
        }

        if (double.IsNaN(_smoothedCpu) || _freshReadings < 2)
        {
            // Unknown, or a single reading (not yet an average): do not act on it.
            return Make(workers, ScalingReason.CpuUnknown);
        }

        if (!fresh)
        {
            return Make(workers, ScalingReason.StaleReading);
        }

        if (_smoothedCpu > Settings.Target + Settings.ScaleDownMargin)
        {
            // At MinWorkers this is a hold: the rest of the load is not the pool's to shed.
            return Make(Math.Max(Settings.MinWorkers, workers - Settings.MaxDownStep), ScalingReason.CpuAboveTarget);
        }

        if (inputs.QueueLength == 0)
        {
            return Make(workers, ScalingReason.NoBacklog);
        }

        if (inputs.MemoryLevel >= MemoryLevel.Critical)
        {
            return Make(workers, ScalingReason.MemoryPressure);
        }

        // With a backlog every worker will be busy: predict the CPU of all of them plus the added ones, at the
        // estimated share of each (the busy count, not the lagging average, so a recent increase is counted).
        var add = 0;
        while (add < Settings.MaxUpStep
            && workers + add < Settings.MaxWorkers
            && add < inputs.QueueLength
            && Math.Max(_smoothedCpu, perWorker * workers) + (perWorker * (add + 1)) <= Settings.Target)
        {
            add++;
        }

        return add > 0 ? Make(workers + add, ScalingReason.Backlog) : Make(workers, ScalingReason.AtTarget);
    }
}

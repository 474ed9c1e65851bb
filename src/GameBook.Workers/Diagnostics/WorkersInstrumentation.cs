using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GameBook.Workers.Diagnostics;

/// <summary>
/// The instruments of GameBook.Workers on one meter from an <see cref="IMeterFactory"/>, shared by every pool of
/// a container (each measurement is tagged with its pool). Thread-safe: pools register and unregister for the
/// observable instruments at any time.
/// </summary>
internal sealed class WorkersInstrumentation : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(GameBookWorkersNames.MeterName);

    private static readonly string[] PriorityNames = ["high", "normal", "low"];

    private readonly Lock _lock = new();
    private readonly bool _ownsMeter;
    private WorkerPool[] _pools = [];

    public WorkersInstrumentation(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(GameBookWorkersNames.MeterName) ?? new Meter(GameBookWorkersNames.MeterName);
        JobsCompleted = Meter.CreateCounter<long>(GameBookWorkersNames.JobsCompleted, "{job}", "Jobs that ran to completion.");
        JobsFailed = Meter.CreateCounter<long>(GameBookWorkersNames.JobsFailed, "{job}", "Jobs that threw or timed out.");
        JobsRejected = Meter.CreateCounter<long>(GameBookWorkersNames.JobsRejected, "{job}", "Jobs refused at submission.");
        JobsCancelled = Meter.CreateCounter<long>(GameBookWorkersNames.JobsCancelled, "{job}", "Jobs cancelled while queued or running.");
        QueueWait = Meter.CreateHistogram<double>(GameBookWorkersNames.QueueWait, "s", "Time from submission to a worker starting the job.");
        RunDuration = Meter.CreateHistogram<double>(GameBookWorkersNames.RunDuration, "s", "Time a job ran.");
        ScalingDecisions = Meter.CreateCounter<long>(GameBookWorkersNames.ScalingDecisions, "{decision}", "Scaling controller decisions.");
        _ = Meter.CreateObservableUpDownCounter(GameBookWorkersNames.QueueLength, ObserveQueues, "{job}", "Jobs waiting in the queue.");
        _ = Meter.CreateObservableUpDownCounter(GameBookWorkersNames.Workers, () => Observe(static p => p.WorkerCount), "{worker}", "Worker loops.");
        _ = Meter.CreateObservableUpDownCounter(GameBookWorkersNames.BusyWorkers, () => Observe(static p => p.BusyWorkers), "{worker}", "Workers running a job.");
    }

    public Meter Meter { get; }

    public Counter<long> JobsCompleted { get; }

    public Counter<long> JobsFailed { get; }

    public Counter<long> JobsRejected { get; }

    public Counter<long> JobsCancelled { get; }

    public Histogram<double> QueueWait { get; }

    public Histogram<double> RunDuration { get; }

    public Counter<long> ScalingDecisions { get; }

    public static string PriorityName(JobPriority priority) => PriorityNames[(int)priority];

    public void Register(WorkerPool pool)
    {
        lock (_lock)
        {
            _pools = [.. _pools, pool];
        }
    }

    public void Unregister(WorkerPool pool)
    {
        lock (_lock)
        {
            _pools = [.. _pools.Where(p => !ReferenceEquals(p, pool))];
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private Measurement<long>[] Observe(Func<WorkerPool, int> value)
    {
        var pools = Volatile.Read(ref _pools);
        var result = new Measurement<long>[pools.Length];
        for (var i = 0; i < pools.Length; i++)
        {
            result[i] = new Measurement<long>(value(pools[i]), new KeyValuePair<string, object?>(GameBookWorkersNames.PoolTag, pools[i].Name));
        }

        return result;
    }

    private List<Measurement<long>> ObserveQueues()
    {
        var pools = Volatile.Read(ref _pools);
        var result = new List<Measurement<long>>(pools.Length * 3);
        foreach (var pool in pools)
        {
            for (var priority = JobPriority.High; priority <= JobPriority.Low; priority++)
            {
                result.Add(new Measurement<long>(
                    pool.QueueLengthOf(priority),
                    new KeyValuePair<string, object?>(GameBookWorkersNames.PoolTag, pool.Name),
                    new KeyValuePair<string, object?>(GameBookWorkersNames.PriorityTag, PriorityName(priority))));
            }
        }

        return result;
    }
}

using System.Collections.Concurrent;
using GameBook.Workers.Jobs;

namespace GameBook.Workers;

/// <summary>
/// The pool's queued work (jobs and batch entries), one lock-free FIFO per <see cref="JobPriority"/>. <see cref="TryTake"/> serves the highest
/// priority first, except that a lower priority passed over <see cref="WorkerPoolDefaults.MaxPassOvers"/> times in a
/// row while it had work goes next, so a steady stream of urgent work cannot starve it. Unbounded: the pool's slot
/// channel bounds it. Thread-safe; the pass-over counts are approximate under concurrent takes, which can only make
/// a lower priority wait a take or two longer or shorter.
/// </summary>
internal sealed class PriorityJobQueue
{
    private const int PriorityCount = 3;

    private readonly ConcurrentQueue<QueuedWork>[] _queues = [new(), new(), new()];
    private readonly int[] _passOvers = new int[PriorityCount];

    /// <summary>Queued jobs of every priority (a moment's snapshot).</summary>
    public int Count => _queues[0].Count + _queues[1].Count + _queues[2].Count;

    /// <summary>Queued jobs of one priority (a moment's snapshot).</summary>
    public int CountOf(JobPriority priority) => _queues[(int)priority].Count;

    public void Enqueue(QueuedWork work) => _queues[(int)work.Priority].Enqueue(work);

    /// <summary>Takes the next job by priority and anti-starvation rule; false when every queue is empty.</summary>
    public bool TryTake(out QueuedWork job)
    {
        for (var p = (int)JobPriority.Low; p > (int)JobPriority.High; p--)
        {
            if (Volatile.Read(ref _passOvers[p]) >= WorkerPoolDefaults.MaxPassOvers && _queues[p].TryDequeue(out job!))
            {
                Volatile.Write(ref _passOvers[p], 0);
                return true;
            }
        }

        for (var p = 0; p < PriorityCount; p++)
        {
            if (_queues[p].TryDequeue(out job!))
            {
                CountPassOversBelow(p);
                return true;
            }
        }

        job = null!;
        return false;
    }

    /// <summary>A job of priority <paramref name="taken"/> went first: every lower priority with work was passed over.</summary>
    private void CountPassOversBelow(int taken)
    {
        for (var lower = taken + 1; lower < PriorityCount; lower++)
        {
            if (!_queues[lower].IsEmpty)
            {
                _ = Interlocked.Increment(ref _passOvers[lower]);
            }
            else if (Volatile.Read(ref _passOvers[lower]) != 0)
            {
                Volatile.Write(ref _passOvers[lower], 0);
            }
        }
    }
}

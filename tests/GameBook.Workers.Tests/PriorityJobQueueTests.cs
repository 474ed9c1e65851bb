using GameBook.Workers.Jobs;

namespace GameBook.Workers.Tests;

public sealed class PriorityJobQueueTests
{
    [Fact]
    public void Empty_TakesNothing()
    {
        var queue = new PriorityJobQueue();

        Assert.False(queue.TryTake(out _));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void HigherPriorityGoesFirst_AndEachPriorityIsFifo()
    {
        var queue = new PriorityJobQueue();
        Job low = Job(JobPriority.Low);
        Job normal1 = Job(JobPriority.Normal);
        Job normal2 = Job(JobPriority.Normal);
        Job high = Job(JobPriority.High);
        foreach (var job in new[] { low, normal1, normal2, high })
        {
            queue.Enqueue(job);
        }

        Assert.Equal((4, 1, 2, 1), (queue.Count, queue.CountOf(JobPriority.High), queue.CountOf(JobPriority.Normal), queue.CountOf(JobPriority.Low)));
        Assert.Equal([high, normal1, normal2, low], TakeAll(queue));
    }

    [Fact]
    public void ALowerPriorityPassedOverTheLimit_GoesNext_ThenWaitsItsTurnAgain()
    {
        var queue = new PriorityJobQueue();
        queue.Enqueue(Job(JobPriority.Low));
        queue.Enqueue(Job(JobPriority.Low));
        var order = new List<JobPriority>();
        for (var i = 0; i < (2 * WorkerPoolDefaults.MaxPassOvers) + 2; i++)
        {
            queue.Enqueue(Job(JobPriority.High)); // a steady stream of urgent work
            Assert.True(queue.TryTake(out var job));
            order.Add(job.Priority);
        }

        var lowAt = order.Select((p, i) => (p, i)).Where(x => x.p == JobPriority.Low).Select(x => x.i).ToList();
        Assert.Equal([WorkerPoolDefaults.MaxPassOvers, (2 * WorkerPoolDefaults.MaxPassOvers) + 1], lowAt);
    }

    [Fact]
    public void PassOversAreForgotten_WhenTheLowerQueueRunsEmpty()
    {
        var queue = new PriorityJobQueue();
        queue.Enqueue(Job(JobPriority.Low));
        for (var i = 0; i < WorkerPoolDefaults.MaxPassOvers - 1; i++)
        {
            queue.Enqueue(Job(JobPriority.High));
            Assert.True(queue.TryTake(out _));
        }

        Assert.True(queue.TryTake(out var low)); // the queue had nothing else
        Assert.Equal(JobPriority.Low, low.Priority);
        queue.Enqueue(Job(JobPriority.High)); // Low is empty now: no pass-over counted
        Assert.True(queue.TryTake(out _));

        queue.Enqueue(Job(JobPriority.Low));
        for (var i = 0; i < WorkerPoolDefaults.MaxPassOvers; i++)
        {
            queue.Enqueue(Job(JobPriority.High));
            Assert.True(queue.TryTake(out var next));
            Assert.Equal(JobPriority.High, next.Priority); // the count restarted from zero: Low waits the full limit
        }

        queue.Enqueue(Job(JobPriority.High));
        Assert.True(queue.TryTake(out var last));
        Assert.Equal(JobPriority.Low, last.Priority);
    }

    [Fact]
    public async Task ConcurrentProducersAndConsumers_TakeEveryJobExactlyOnce()
    {
        var queue = new PriorityJobQueue();
        const int perProducer = 5_000;
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                queue.Enqueue(Job((JobPriority)(i % 3)));
            }
        })).ToArray();
        var taken = new System.Collections.Concurrent.ConcurrentBag<QueuedWork>();
        var consumers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (taken.Count < 4 * perProducer)
            {
                if (queue.TryTake(out var job))
                {
                    taken.Add(job);
                }
                else
                {
                    await Task.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4 * perProducer, taken.Count);
        Assert.Equal(4 * perProducer, taken.Distinct().Count());
        Assert.Equal(0, queue.Count);
    }

    private static ActionJob Job(JobPriority priority) => new(_ => { }) { Priority = priority };

    private static List<QueuedWork> TakeAll(PriorityJobQueue queue)
    {
        var jobs = new List<QueuedWork>();
        while (queue.TryTake(out var job))
        {
            jobs.Add(job);
        }

        return jobs;
    }
}

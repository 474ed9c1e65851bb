using GameBook.Workers;

namespace GameBook.Benchmarks.Workers;

/// <summary>A pool fixed at one worker per processor (the controller never acts within a run), as both baselines use.</summary>
internal static class FixedWorkerPool
{
    public static WorkerPool Create(int capacity)
    {
        var workers = Environment.ProcessorCount;
        return new WorkerPool(
            "bench",
            new WorkerPoolOptions { MinWorkers = workers, MaxWorkers = workers, Capacity = capacity, ScaleInterval = TimeSpan.FromHours(1) },
            resourceReader: null,
            memoryPressure: null,
            timeProvider: null,
            instrumentation: null,
            logger: null);
    }
}

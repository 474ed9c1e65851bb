using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using GameBook.Workers;

namespace GameBook.Benchmarks.Workers;

/// <summary>
/// Throughput on CPU-bound jobs of about 20 µs each: the pool fixed at the processor count against
/// <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, Func{TSource, CancellationToken, ValueTask})"/>
/// over the same items (baseline, default degree of parallelism = processor count). The floor: pool
/// throughput &gt;= 0.9 x baseline, i.e. ratio &lt;= 1.11.
/// </summary>
[MemoryDiagnoser]
public class WorkerPoolThroughputBenchmarks
{
    private const int Items = 2_000;
    private static int s_iterations;
    private readonly int[] _items = [.. Enumerable.Range(0, Items)];
    private readonly Task[] _tasks = new Task[Items];
    private WorkerPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        s_iterations = Calibrate(TimeSpan.FromMicroseconds(20));
        var workers = Environment.ProcessorCount;
        _pool = new WorkerPool(
            "bench",
            new WorkerPoolOptions { MinWorkers = workers, MaxWorkers = workers, Capacity = Items, ScaleInterval = TimeSpan.FromHours(1) },
            resourceReader: null,
            memoryPressure: null,
            timeProvider: null,
            instrumentation: null,
            logger: null);
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _pool.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task ParallelForEach() => Parallel.ForEachAsync(_items, static (_, _) =>
    {
        Work();
        return ValueTask.CompletedTask;
    });

    [Benchmark]
    public Task Pool()
    {
        for (var i = 0; i < Items; i++)
        {
            _tasks[i] = _pool.SubmitAsync(static _ => Work());
        }

        return Task.WhenAll(_tasks);
    }

    private static ulong Work() => Spin(s_iterations);

    private static ulong Spin(int iterations)
    {
        var x = 1UL;
        for (var i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        return x;
    }

    /// <summary>The iteration count of <see cref="Spin"/> that takes <paramref name="duration"/> on this machine.</summary>
    private static int Calibrate(TimeSpan duration)
    {
        const int probe = 10_000_000;
        _ = Spin(probe); // warm up
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = Spin(probe);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return (int)(probe * (duration.TotalSeconds / best));
    }
}

using BenchmarkDotNet.Attributes;
using GameBook.Workers;

namespace GameBook.Benchmarks.Workers;

/// <summary>
/// Throughput on CPU-bound jobs of about 20 µs each: the pool fixed at the processor count against
/// <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, Func{TSource, CancellationToken, ValueTask})"/>
/// over the same items (baseline, default degree of parallelism = processor count). The floor: pool
/// throughput &gt;= 0.9 x baseline, i.e. ratio &lt;= 1.11; submitted as one batch, ratio &lt;= 1.05.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class WorkerPoolThroughputBenchmarks
{
    private const int Items = 2_000;

    // A fixed amount of work, about 20 µs on the two-core reference machine. Not calibrated at run time:
    // BenchmarkDotNet runs the global setup once per benchmark, and a calibration taken under different load would
    // give the baseline and the pool different jobs.
    private const int Iterations = 14_000;
    private readonly int[] _items = [.. Enumerable.Range(0, Items)];
    private readonly Task[] _tasks = new Task[Items];
    private readonly ulong[] _results = new ulong[Items];
    private WorkerPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = FixedWorkerPool.Create(Items);
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _pool.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task ParallelForEach() => Parallel.ForEachAsync(_items, (i, _) =>
    {
        // Keep the result, as the pool's task does: a discarded result lets the JIT (tiered PGO) drop most of the
        // work, which made the baseline look 2.5 times faster than the same work in the pool.
        _results[i] = Work();
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

    /// <summary>The same items as one batch: one call, one task, the results in one array (the batch API's floor: ratio &lt;= 1.05).</summary>
    [Benchmark]
    public Task PoolBatch() => _pool.SubmitBatchAsync(_items, static (_, _) => Work());

    private static ulong Work() => Spin(Iterations);

    private static ulong Spin(int iterations)
    {
        var x = 1UL;
        for (var i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        return x;
    }
}

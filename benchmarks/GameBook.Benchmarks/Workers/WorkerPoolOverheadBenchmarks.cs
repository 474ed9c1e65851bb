using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using GameBook.Workers;

namespace GameBook.Benchmarks.Workers;

/// <summary>
/// Per-job overhead on tiny (empty) jobs: the pool with N fixed workers against the bare minimum that does the
/// same work, a bounded <see cref="Channel{T}"/> read by N loops that run each item's delegate and complete its
/// <see cref="TaskCompletionSource"/> (baseline). Same item count, same N (the processor count), both long-lived.
/// The floor: ratio &lt;= 2.0.
/// </summary>
[MemoryDiagnoser]
public class WorkerPoolOverheadBenchmarks
{
    private const int Items = 10_000;
    private static readonly Action<CancellationToken> Empty = static _ => { };
    private readonly Task[] _tasks = new Task[Items];
    private WorkerPool _pool = null!;
    private Channel<BareItem> _channel = null!;
    private Task[] _readers = [];

    [GlobalSetup]
    public void Setup()
    {
        _pool = FixedWorkerPool.Create(Items);
        _channel = Channel.CreateBounded<BareItem>(new BoundedChannelOptions(Items) { SingleReader = false, SingleWriter = false });
        _readers = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(ReadLoopAsync))];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _pool.DisposeAsync();
        _channel.Writer.Complete();
        await Task.WhenAll(_readers);
    }

    [Benchmark(Baseline = true)]
    public Task BareChannel()
    {
        for (var i = 0; i < Items; i++)
        {
            var item = new BareItem(Empty);
            _ = _channel.Writer.TryWrite(item);
            _tasks[i] = item.Completion.Task;
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark]
    public Task Pool()
    {
        for (var i = 0; i < Items; i++)
        {
            _tasks[i] = _pool.SubmitAsync(Empty);
        }

        return Task.WhenAll(_tasks);
    }

    private async Task ReadLoopAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    item.Work(CancellationToken.None);
                    item.Completion.TrySetResult();
                }
                catch (Exception ex)
                {
                    item.Completion.TrySetException(ex);
                }
            }
        }
    }

    private sealed class BareItem(Action<CancellationToken> work)
    {
        public Action<CancellationToken> Work { get; } = work;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using BenchmarkDotNet.Attributes;

namespace GameBook.Benchmarks;

/// <summary>
/// Independent sessions on one shared story: the same number of selections per thread on one thread
/// (baseline) and on two threads at once. Scaling = 2 x baseline time / two-thread time.
/// </summary>
[NeedsSharedStories]
public class ParallelBenchmarks
{
    private const int Selections = 20_000;
    private Player[] _players = [];

    [GlobalSetup]
    public void Setup()
    {
        var story = BenchStories.Compile("gamebook_2000.yarn");
        _players = [new Player(story, 1, composeText: true), new Player(story, 2, composeText: true)];
        foreach (var player in _players)
        {
            player.Play(Selections);
        }
    }

    [Benchmark(Baseline = true)]
    public void OneThread() => _players[0].Play(Selections);

    [Benchmark]
    public void TwoThreads()
    {
        var second = new Thread(() => _players[1].Play(Selections));
        second.Start();
        _players[0].Play(Selections);
        second.Join();
    }
}

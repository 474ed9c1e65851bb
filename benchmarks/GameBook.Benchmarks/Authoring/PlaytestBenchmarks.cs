using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Playtesting;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// Selections per second inside playtesting on gamebook_2000, against the raw session loop of
/// <see cref="PlayBenchmarks"/> (the <see cref="Player"/>, without reading text) making the same number of selections.
/// One operation = one whole run of <see cref="Playthroughs"/> playthroughs, so the ratio of times is the inverse
/// ratio of selections per second. Playtesting adds coverage of every node, line and option, endings, problems and
/// histograms of the story's variables, and builds the report. The two extra raw rows show what running on fresh
/// threads costs on the machine at the time (a loaded machine schedules new threads worse than the benchmark thread).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class PlaytestBenchmarks
{
    private const int Playthroughs = 20_000;
    private Story _story = null!;
    private Player _player = null!;
    private Player _second = null!;
    private PlaytestOptions _oneThread = null!;
    private PlaytestOptions _twoThreads = null!;
    private int _selections;

    [GlobalSetup]
    public void Setup()
    {
        _story = BenchStories.Compile("gamebook_2000.yarn");
        _oneThread = new PlaytestOptions { Playthroughs = Playthroughs, MasterSeed = 1, MaxDegreeOfParallelism = 1 };
        _twoThreads = new PlaytestOptions { Playthroughs = Playthroughs, MasterSeed = 1, MaxDegreeOfParallelism = 2 };
        var report = Playtester.RunAsync(_story, _oneThread).GetAwaiter().GetResult();
        if (report.IsPartial || report.ProblemCounts.Count > 0)
        {
            throw new InvalidOperationException($"The benchmark run should complete cleanly: {report}");
        }

        _selections = checked((int)report.Selections);
        Console.WriteLine($"// {Playthroughs} playthroughs make {_selections} selections ({report.Steps} steps)");
        _player = new Player(_story, 1, composeText: false);
        _player.Play(_selections);
        _second = new Player(_story, 2, composeText: false);
        _second.Play(_selections / 2);
    }

    [Benchmark(Baseline = true)]
    public void RawSessionLoop() => _player.Play(_selections);

    /// <summary>The baseline on a thread of its own, as playtest workers run: separates scheduling from playtesting's own cost.</summary>
    [Benchmark]
    public void RawSessionLoopOnNewThread()
    {
        var thread = new Thread(() => _player.Play(_selections));
        thread.Start();
        thread.Join();
    }

    /// <summary>The same selections split over two raw loops on two threads: what the machine gives two threads at the moment.</summary>
    [Benchmark]
    public void RawSessionLoopTwoThreads()
    {
        var first = new Thread(() => _player.Play(_selections / 2));
        var second = new Thread(() => _second.Play(_selections - (_selections / 2)));
        first.Start();
        second.Start();
        first.Join();
        second.Join();
    }

    [Benchmark]
    public long PlaytestOneThread() => Playtester.RunAsync(_story, _oneThread).GetAwaiter().GetResult().Selections;

    [Benchmark]
    public long PlaytestTwoThreads() => Playtester.RunAsync(_story, _twoThreads).GetAwaiter().GetResult().Selections;
}

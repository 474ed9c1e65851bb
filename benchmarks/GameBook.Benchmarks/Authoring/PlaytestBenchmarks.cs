using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Playtesting;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// Selections per second inside playtesting on gamebook_2000, against the raw session loop of
/// <see cref="PlayBenchmarks"/> (the <see cref="Player"/>, without reading text) making the same number of selections.
/// One operation = one whole run of <see cref="Playthroughs"/> playthroughs, so the ratio of times is the inverse
/// ratio of selections per second. Playtesting adds coverage of every node, line and option, endings, problems and
/// histograms of the story's variables, and builds the report.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PlaytestBenchmarks
{
    private const int Playthroughs = 20_000;
    private Story _story = null!;
    private Player _player = null!;
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
    }

    [Benchmark(Baseline = true)]
    public void RawSessionLoop() => _player.Play(_selections);

    [Benchmark]
    public long PlaytestOneThread() => Playtester.RunAsync(_story, _oneThread).GetAwaiter().GetResult().Selections;

    [Benchmark]
    public long PlaytestTwoThreads() => Playtester.RunAsync(_story, _twoThreads).GetAwaiter().GetResult().Selections;
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GameBook.Authoring.Exploration;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>Generated stories with large state spaces for the explorer.</summary>
internal static class ExplorerStories
{
    /// <summary>
    /// Three counters raised by options (one by a die), each up to <paramref name="limit"/>: about limit³ choice points plus
    /// the states after each roll, all distinct. limit 100 gives well over a million states.
    /// </summary>
    public static Story Counters(int limit) => Compile($$"""
        title: Start
        ---
        <<declare $a = 0>>
        <<declare $b = 0>>
        <<declare $c = 0>>
        Tick.
        -> Roll for a <<if $a < {{limit}}>>
            <<set $a to $a + dice(3)>>
            <<jump Start>>
        -> Raise b <<if $b < {{limit}}>>
            <<set $b to $b + 1>>
            <<jump Start>>
        -> Raise c <<if $c < {{limit}}>>
            <<set $c to $c + 1>>
            <<jump Start>>
        -> Stop <<if $a + $b + $c > {{limit * 2}}>>
            <<jump End>>
        ===
        title: End
        tags: ending
        ---
        The end.
        ===
        """);

    private static Story Compile(string text) =>
        StoryCompiler.Compile("counters.yarn", text).Story ?? throw new InvalidOperationException("The generated story did not compile.");
}

/// <summary>
/// Explorer throughput: new states per second exploring the first 50,000 states of <see cref="ExplorerStories.Counters"/>,
/// on one thread (baseline) and on two. States/s = 50,000 / mean time.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ExplorerBenchmarks
{
    private const int States = 50_000;
    private Story _story = null!;

    [GlobalSetup]
    public void Setup() => _story = ExplorerStories.Counters(100);

    [Benchmark(Baseline = true)]
    public long OneThread() => Run(1);

    [Benchmark]
    public long TwoThreads() => Run(2);

    private long Run(int threads)
    {
        var report = StoryExplorer.Explore(_story, new ExplorationOptions { MaxStates = States, MaxDegreeOfParallelism = threads });
        return report.StopReason == ExplorationStopReason.MaxStates ? report.StatesVisited : throw new InvalidOperationException(report.StopDetail);
    }
}

/// <summary>
/// One exploration of 1,500,000 states of <see cref="ExplorerStories.Counters"/> (one thread): its time, and the visited
/// set's and graph's bytes per state, printed after the run. Fingerprint mode with soft-locks and witnesses on (the
/// defaults) as the baseline, and the visited set alone (no witnesses, no edges).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class ExplorerMemoryBenchmarks
{
    private const int States = 1_500_000;
    private readonly List<string> _figures = [];
    private Story _story = null!;

    [GlobalSetup]
    public void Setup() => _story = ExplorerStories.Counters(100);

    [Benchmark(Baseline = true)]
    public long Defaults() => Run(new ExplorationOptions { MaxStates = States, MaxMemoryBytes = 4L << 30 });

    [Benchmark]
    public long VisitedSetOnly() => Run(new ExplorationOptions { MaxStates = States, MaxMemoryBytes = 4L << 30, RecordWitnesses = false, FindSoftLocks = false });

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var line in _figures)
        {
            Console.WriteLine(line);
        }
    }

    private long Run(ExplorationOptions options)
    {
        var report = StoryExplorer.Explore(_story, options);
        _figures.Add($"// explorer: {report.StatesVisited} states ({report.StopReason}), {report.Transitions} transitions, {report.Elapsed.TotalSeconds:0.0} s, " +
            $"visited set {report.VisitedSetBytesPerState:0.00} B/state, graph {report.GraphBytesPerState:0.00} B/state, peak {report.PeakEstimatedMemoryBytes / 1e6:0} MB, " +
            $"collision probability {report.CollisionProbability:0.0e+0}, witnesses {options.RecordWitnesses}, soft-locks {options.FindSoftLocks}");
        return report.StatesVisited;
    }
}

using BenchmarkDotNet.Attributes;
using GameBook.Compilation;

namespace GameBook.Benchmarks;

/// <summary>Compiling the benchmark gamebooks; the 200-node file is the baseline, so the ratio shows scaling.</summary>
[MemoryDiagnoser]
[NeedsSharedStories]
public class CompileBenchmarks
{
    private string _small = "";
    private string _large = "";

    [GlobalSetup]
    public void Setup()
    {
        _small = BenchStories.ReadText("gamebook_200.yarn");
        _large = BenchStories.ReadText("gamebook_2000.yarn");
    }

    [Benchmark(Baseline = true)]
    public object? Compile200Nodes() => StoryCompiler.Compile("gamebook_200.yarn", _small).Story;

    [Benchmark]
    public object? Compile2000Nodes() => StoryCompiler.Compile("gamebook_2000.yarn", _large).Story;
}

using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// Static analysis of gamebook_2000 (the budget: under 100 ms, since an editor runs it on every save).
/// The baseline is compiling the same story as the engine does by default; the others are compiling it with
/// its outline, analyzing an already compiled story, and the editor's whole save path (compile with outline,
/// then analyze, from the sources).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class AnalysisBenchmarks
{
    private const string FileName = "gamebook_2000.yarn";
    private static readonly CompileOptions WithOutline = new() { IncludeOutline = true };
    private string _text = "";
    private Story _story = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchStories.ReadText(FileName);
        _story = StoryCompiler.Compile(FileName, _text, WithOutline).Story
            ?? throw new InvalidOperationException($"{FileName} did not compile.");
    }

    [Benchmark(Baseline = true)]
    public object? Compile() => StoryCompiler.Compile(FileName, _text).Story;

    [Benchmark]
    public object? CompileWithOutline() => StoryCompiler.Compile(FileName, _text, WithOutline).Story;

    [Benchmark]
    public AnalysisReport AnalyzeCompiledStory() => StoryAnalyzer.Analyze(_story);

    [Benchmark]
    public AnalysisReport AnalyzeSources() => StoryAnalyzer.Analyze([new StorySource(FileName, _text)]);
}

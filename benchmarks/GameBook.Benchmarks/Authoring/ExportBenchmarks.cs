using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Export.Graph;
using GameBook.Authoring.Export.Json;
using GameBook.Authoring.Export.Print;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// Exports of gamebook_2000 (the budget: under 200 ms each) from an already compiled story. The baseline is
/// compiling the story with its outline, which every export needs first, so each ratio says what the export adds
/// to a compile.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class ExportBenchmarks
{
    private const string FileName = "gamebook_2000.yarn";
    private static readonly CompileOptions WithOutline = new() { IncludeOutline = true };
    private static readonly PrintOptions Shuffled = new() { Shuffle = true, Seed = 7, KeepTargetsApart = true };
    private string _text = "";
    private Story _story = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchStories.ReadText(FileName);
        _story = StoryCompiler.Compile(FileName, _text, WithOutline).Story
            ?? throw new InvalidOperationException($"{FileName} did not compile.");
        if (!PrintExporter.ExportPdf(_story).Success)
        {
            throw new InvalidOperationException("No font for the PDF benchmark: install fonts-dejavu-core.");
        }
    }

    [Benchmark(Baseline = true)]
    public object? CompileWithOutline() => StoryCompiler.Compile(FileName, _text, WithOutline).Story;

    [Benchmark]
    public string Dot() => GraphExporter.ToDot(_story);

    [Benchmark]
    public string Mermaid() => GraphExporter.ToMermaid(_story);

    [Benchmark]
    public string? Markdown() => PrintExporter.ExportMarkdown(_story).Text;

    [Benchmark]
    public string? MarkdownShuffledKeptApart() => PrintExporter.ExportMarkdown(_story, Shuffled).Text;

    [Benchmark]
    public string? Html() => PrintExporter.ExportHtml(_story).Text;

    /// <summary>Numbering, composing and writing the PDF (font search included; parsed fonts are cached), from the compiled story.</summary>
    [Benchmark]
    public int Pdf() => PrintExporter.ExportPdf(_story).Bytes.Length;

    [Benchmark]
    public string Json() => StoryJsonExporter.Export(_story);
}

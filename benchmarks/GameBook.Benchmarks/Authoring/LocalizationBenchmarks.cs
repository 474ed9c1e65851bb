using System.Text;
using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Localization;
using GameBook.Compilation;
using GameBook.Localization;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// The line-ID tool on gamebook_2000 (the budget: under 200 ms), with the engine's default compile of the
/// same file as the baseline: tagging the untagged file in memory, the CI check of a tagged file, tagging the file
/// in place on disk (write the untagged copy, then tag it through a temporary file), and the string-table export
/// (compile + rows + CSV text; and from a compiled story, as a host or editor holding one does) and reading that CSV back.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class LineTagBenchmarks
{
    private const string FileName = "gamebook_2000.yarn";
    private static readonly LineTagOptions Check = new() { CheckOnly = true };
    private string _text = "";
    private string _tagged = "";
    private string _csv = "";
    private GameBook.Runtime.Story _taggedStory = null!;
    private string _folder = "";
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchStories.ReadText(FileName);
        _tagged = LineTagger.Tag([new StorySource(FileName, _text)]).Files[0].NewText ?? throw new InvalidOperationException("Nothing was tagged.");
        _csv = StringTableExporter.Export([new StorySource(FileName, _tagged)]).ToCsv();
        _taggedStory = StoryCompiler.Compile(FileName, _tagged).Story ?? throw new InvalidOperationException($"{FileName} did not compile.");
        _folder = Directory.CreateTempSubdirectory("gamebook-tag-bench-").FullName;
        _path = Path.Combine(_folder, FileName);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public object? Compile() => StoryCompiler.Compile(FileName, _text).Story;

    [Benchmark]
    public LineTagResult TagInMemory() => LineTagger.Tag([new StorySource(FileName, _text)]);

    [Benchmark]
    public LineTagResult CheckTaggedFile() => LineTagger.Tag([new StorySource(FileName, _tagged)], Check);

    [Benchmark]
    public LineTagResult TagFileInPlace()
    {
        File.WriteAllText(_path, _text, new UTF8Encoding(false));
        return LineTagger.TagFiles([_path]);
    }

    [Benchmark]
    public string ExportStringTableCsv() => StringTableExporter.Export([new StorySource(FileName, _tagged)]).ToCsv();

    [Benchmark]
    public string ExportCompiledStringTableCsv() => StringTableExporter.ExportCompiled(_taggedStory, [new StorySource(FileName, _tagged)]).ToCsv();

    [Benchmark]
    public StringTableReadResult ReadStringTableCsv() => StringTableCsv.Parse(_csv);
}

/// <summary>
/// Playing gamebook_2000 in a locale costs what playing it in its base text costs: the baseline composes every
/// line and option in the base text; the other does the same with a Polish table (every line translated, so
/// every line goes through a translated template and the CLDR Polish plural rules). One operation = one selection.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class LocalizedPlayBenchmarks
{
    private const int Selections = 10_000;
    private Player _base = null!;
    private Player _localized = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = BenchStories.ReadText("gamebook_2000.yarn");
        var export = StringTableExporter.Export([new StorySource("gamebook_2000.yarn", text)]);
        var story = export.Story ?? throw new InvalidOperationException("The bench story did not compile.");
        var table = StringTable.Create("pl", export.Rows.Select(r => new StringTableEntry(r.Id, r.Text + " (pl)", r.Character.Length > 0 ? "Narrator-pl" : null)));
        var localization = StoryLocalization.Create(story, table);
        if (localization.TranslatedLineCount != story.Lines.Count)
        {
            throw new InvalidOperationException("Some lines were not translated.");
        }

        _base = new Player(story, 1, composeText: true);
        _localized = new Player(story, 1, composeText: true, localization);
        _base.Play(Selections);
        _localized.Play(Selections);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Selections)]
    public long SelectComposingBaseText()
    {
        _base.Play(Selections);
        return _base.Characters;
    }

    [Benchmark(OperationsPerInvoke = Selections)]
    public long SelectComposingPolishText()
    {
        _localized.Play(Selections);
        return _localized.Characters;
    }
}

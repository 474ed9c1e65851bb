using GameBook.Authoring.Analysis;
using GameBook.Authoring.Exploration;
using GameBook.Authoring.Export.Graph;
using GameBook.Authoring.Export.Print;
using GameBook.Authoring.Import;
using GameBook.Authoring.Playtesting;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Docs.Tests.Snippets;

internal static class AuthoringSnippets
{
    public static void Analysis(string text)
    {
        #region doc: docs/authoring.md
        // From the sources: compiler diagnostics and analysis warnings in one list, ordered by file and position.
        var report = StoryAnalyzer.Analyze([new StorySource("book.yarn", File.ReadAllText("book.yarn"))]);
        foreach (var d in report.Diagnostics)
        {
            Console.WriteLine(d); // book.yarn(12,1): warning GB1002: Flow can end here in node 'Cellar' after this line, ...
        }

        Console.WriteLine(report.Sections); // sections 1-120: 117 taken, 3 free (14, 88-89); 2 node(s) unnumbered

        // From a compiled story: compile it with its outline (off by default, so games do not pay for it).
        var story = StoryCompiler.Compile("book.yarn", text, new CompileOptions { IncludeOutline = true }).Story!;
        var warnings = StoryAnalyzer.Analyze(story).Diagnostics;
        #endregion
    }

    public static void AnalysisOptions(IEnumerable<StorySource> sources)
    {
        #region doc: docs/authoring.md
        var options = new AnalysisOptions();
        options.DisabledChecks.Add(AnalysisCodes.MissingSectionNumber);
        options.AdditionalEntryNodes.Add("Epilogue");
        options.HostVariables.Add("$score");
        var report = StoryAnalyzer.Analyze(sources, compileOptions: null, options);
        #endregion
    }

    public static async Task Playtesting(Story story, IProgress<PlaytestProgress>? progress, CancellationToken cancellationToken)
    {
        #region doc: docs/authoring.md
        var options = new PlaytestOptions
        {
            Playthroughs = 10_000,
            MasterSeed = 2026,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            ChoiceStrategy = ChoiceStrategies.AvoidUsedOptions,
        };
        var report = await Playtester.RunAsync(story, options, progress, cancellationToken);

        Console.WriteLine(report.ToText());               // readable summary
        File.WriteAllText("playtest.json", report.ToJson()); // versioned JSON (formatVersion 1)

        foreach (var problem in report.Problems)          // replay any of them step by step
            Console.WriteLine(Playtester.Replay(story, problem.Seed, options).ToText());
        #endregion
    }

    public static void Exploration(Story story)
    {
        #region doc: docs/authoring.md
        var report = StoryExplorer.Explore(story, new ExplorationOptions { MaxStates = 1_000_000, Timeout = TimeSpan.FromMinutes(5) });
        Console.WriteLine(report);                       // one finding a line
        foreach (var ending in report.Endings)
            Console.WriteLine(ending.Witness!.Replay(story)); // the transcript a player would see
        #endregion
    }

    public static void Export()
    {
        #region doc: docs/authoring.md
        var story = StoryCompiler.Compile("book.yarn", File.ReadAllText("book.yarn"), new CompileOptions { IncludeOutline = true }).Story!;
        File.WriteAllText("book.dot", GraphExporter.ToDot(story, new GraphExportOptions { ClusterBy = GraphClustering.File }));

        var options = new PrintOptions { Title = "The Lighthouse", Shuffle = true, Seed = 2026, KeepTargetsApart = true };
        if (File.Exists("book.numbers"))
        {
            options.PreviousNumbers = SectionNumbers.Parse(File.ReadAllText("book.numbers"), out var problems);
        }

        var pdf = PrintExporter.ExportPdf(story, options);
        if (!pdf.Success)
        {
            Console.Error.WriteLine(pdf.Error); // e.g. no font found, with what to install or set
            return;
        }

        File.WriteAllBytes("book.pdf", pdf.Bytes.ToArray());
        File.WriteAllText("book.numbers", pdf.Sections.ToMapText()); // commit it beside the story
        #endregion
    }

    public static void Import()
    {
        #region doc: docs/authoring.md
        var result = GameBookStudioImporter.Import(File.ReadAllBytes("salt-road.json"),
            new GameBookStudioImportOptions { SourcePath = "salt-road.json" });
        foreach (var d in result.Diagnostics) Console.WriteLine(d);
        if (result.Yarn is not null) result.WriteTo("salt-road.yarn"); // temp file + replace: never half written

        var twee = TweeImporter.Import(File.ReadAllText("lighthouse.twee"), new TweeImportOptions { SourcePath = "lighthouse.twee" });

        // And back to the editor's format, from the (possibly edited) Yarn:
        var export = GameBookStudioExporter.Export([new StorySource("salt-road.yarn", File.ReadAllText("salt-road.yarn"))]);
        export.WriteTo("salt-road.json");
        #endregion
    }
}

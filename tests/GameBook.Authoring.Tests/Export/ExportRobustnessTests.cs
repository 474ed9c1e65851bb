using CsCheck;
using GameBook.Authoring.Export.Graph;
using GameBook.Authoring.Export.Json;
using GameBook.Authoring.Export.Print;
using GameBook.Authoring.Tests.Analysis;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Export;

/// <summary>Bad and odd input: every export of every story that compiles finishes without an exception.</summary>
public sealed class ExportRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "title: A\n", "title: B\n", "title: Start\n", "section: 3\n", "section: 1\n", "tags: ending\n", "group: x\n", "---\n", "===\n",
        "Hello {$gold} [b]there[/b]\n", "-> Go \"quoted\" | # \\\n", "    <<jump A>>\n", "    <<jump B>>\n", "<<jump Start>>\n", "<<detour A>>\n",
        "<<if dice(6) > 3>>\n", "<<elseif has(\"lamp\")>>\n", "<<else>>\n", "<<endif>>\n", "<<set $gold to $gold + 1>>\n", "<<declare $gold = 0>>\n",
        "<<give \"lamp\" 2>>\n", "<<take \"lamp\">>\n", "<<stop>>\n", "<<return>>\n", "=> Item <<if $gold > 1>>\n", "<<once>>\n", "<<endonce>>\n",
        "    -> Nested\n", "        <<jump A>>\n", "<<play_sound {$gold}>>\n", "Text with \u0001 control \u0003 marks\n",
    ];

    [Fact]
    public void AllExports_RandomStories_NeverThrow()
    {
        Gen.Int[0, Fragments.Length - 1].Array[1, 40].Sample(picks =>
        {
            var text = string.Concat(picks.Select(i => Fragments[i]));
            var result = StoryCompiler.Compile("fuzz.yarn", text, new CompileOptions { IncludeOutline = true });
            if (result.Story is { } story)
            {
                ExportAll(story);
            }
        }, iter: 300);
    }

    [Fact]
    public void AllExports_CyclesHugeTextsAndOddTitles_Succeed()
    {
        var huge = new string('a', 200_000);
        var story = ExportFixtures.Compile($"""
            title: Start
            ---
            {huge}
            -> Loop
                <<jump Start>>
            -> Odd
                <<jump Weird.Name_1>>
            ===
            title: Weird.Name_1
            ---
            <<jump Start>>
            ===
            """);
        ExportAll(story);
        Assert.Contains(huge, PrintExporter.ExportMarkdown(story).Text!, StringComparison.Ordinal);
    }

    [Fact]
    public void AllExports_EmptyStory_Succeed()
    {
        var result = StoryCompiler.Compile("empty.yarn", "", new CompileOptions { IncludeOutline = true });
        if (result.Story is { } story)
        {
            ExportAll(story);
        }
    }

    [BenchStoryFact]
    public void AllExports_BenchmarkGamebook_Succeed()
    {
        var story = ExportFixtures.Compile(File.ReadAllText(BenchStoryFactAttribute.Path!), "gamebook_2000.yarn");
        var print = PrintExporter.ExportMarkdown(story, new PrintOptions { Shuffle = true, Seed = 7, KeepTargetsApart = true });
        Assert.Equal(story.Outline!.Nodes.Length, print.Sections.Count);
        Assert.Equal(1, print.Sections.NumberOf("Start"));
        StoryJsonExporterTests.AssertValid(StoryJsonExporter.Export(story));
        ExportAll(story);
    }

    private static void ExportAll(Story story)
    {
        Assert.NotNull(GraphExporter.ToDot(story));
        Assert.NotNull(GraphExporter.ToMermaid(story, new GraphExportOptions { ClusterBy = GraphClustering.Header, NodeLabel = GraphNodeLabel.SectionAndTitle }));
        Assert.NotNull(PrintExporter.ExportMarkdown(story, new PrintOptions { Shuffle = true, KeepTargetsApart = true }).Text);
        Assert.NotNull(PrintExporter.ExportHtml(story, new PrintOptions { Phrases = PrintPhrases.Italian }).Text);
        Assert.NotNull(StoryJsonExporter.Export(story));
    }
}

/// <summary>A fact skipped, saying why, when ../shared/bench/gamebook_2000.yarn (beside the repository root) is absent.</summary>
public sealed class BenchStoryFactAttribute : FactAttribute
{
    public BenchStoryFactAttribute()
    {
        if (Path is null)
        {
            Skip = "The benchmark story is absent: expected ../shared/bench/gamebook_2000.yarn beside the repository root (the folder holding GameBookStudio.sln).";
        }
    }

    /// <summary>The benchmark story's path, or null when it is absent.</summary>
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        var root = AnalysisTestHelpers.RepositoryRoot();
        var path = root is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "bench", "gamebook_2000.yarn"));
        return path is not null && File.Exists(path) ? path : null;
    }
}

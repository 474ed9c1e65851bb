using GameBook.Authoring.Export.Graph;
using GameBook.Authoring.Export.Print;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Export;

public sealed class GraphExporterTests
{
    [Fact]
    public void ToDot_TowerStory_MatchesApproved() =>
        ExportFixtures.Approve(GraphExporter.ToDot(ExportFixtures.Compile(ExportFixtures.Tower)), "tower.dot");

    [Fact]
    public void ToMermaid_TowerStoryClusteredByHeader_MatchesApproved()
    {
        var options = new GraphExportOptions { ClusterBy = GraphClustering.Header, NodeLabel = GraphNodeLabel.SectionAndTitle };
        ExportFixtures.Approve(GraphExporter.ToMermaid(ExportFixtures.Compile(ExportFixtures.Tower), options), "tower.mmd");
    }

    [Fact]
    public void ToDot_SameStoryCompiledTwice_GivesTheSameBytes()
    {
        var a = GraphExporter.ToDot(ExportFixtures.Compile(ExportFixtures.Tower));
        var b = GraphExporter.ToDot(ExportFixtures.Compile(ExportFixtures.Tower));
        Assert.Equal(a, b);
        Assert.DoesNotContain('\r', a);
    }

    [Fact]
    public void ToDot_StylesUnreachableDeadEndsEndingsAndEdgeKinds()
    {
        var dot = GraphExporter.ToDot(ExportFixtures.Compile(ExportFixtures.Tower));
        var lines = dot.Split('\n');
        Assert.Contains(lines, l => l.Contains("\"Forgotten\" [", StringComparison.Ordinal) && l.Contains("dashed", StringComparison.Ordinal) && l.Contains("GB1001", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Forgotten\" [", StringComparison.Ordinal) && l.Contains("GB1002", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Top\" [", StringComparison.Ordinal) && l.Contains("peripheries=2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Start\" -> \"Door\" [label=\"Knock on the door\"]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Door\" -> \"Stair\" [style=dashed]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Stair\" -> \"Combat\" [style=dotted", StringComparison.Ordinal));
    }

    [Fact]
    public void ToDot_ShowAnalysisOff_DoesNotStyleFindings()
    {
        var dot = GraphExporter.ToDot(ExportFixtures.Compile(ExportFixtures.Tower), new GraphExportOptions { ShowAnalysis = false });
        Assert.DoesNotContain("GB1001", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_SectionLabels_UseTheNumbersOfThePrintExport()
    {
        var story = ExportFixtures.Compile(ExportFixtures.Tower);
        var print = PrintExporter.ExportMarkdown(story, new PrintOptions { Shuffle = true, Seed = 9 });
        var mermaid = GraphExporter.ToMermaid(story, new GraphExportOptions { NodeLabel = GraphNodeLabel.Section, Sections = print.Sections });
        var ivy = print.Sections.NumberOf("Ivy");
        Assert.Equal(7, ivy);
        Assert.Contains("[\"7\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("n0[\"1\"]", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Exports_ClusterByFile_OneClusterPerFile()
    {
        var story = ExportFixtures.Compile([
            new StorySource("one.yarn", "title: Start\n---\n-> Go\n    <<jump Other>>\n===\n"),
            new StorySource("two.yarn", "title: Other\ntags: ending\n---\nDone.\n===\n"),
        ]);
        var options = new GraphExportOptions { ClusterBy = GraphClustering.File };
        var dot = GraphExporter.ToDot(story, options);
        Assert.Contains("subgraph cluster_0 {\n    label=\"one.yarn\";\n    \"Start\"", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph cluster_1 {\n    label=\"two.yarn\";\n    \"Other\"", dot, StringComparison.Ordinal);
        var mermaid = GraphExporter.ToMermaid(story, options);
        Assert.Contains("subgraph c1 [\"two.yarn\"]", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Exports_HostileOptionText_IsEscapedAndShortened()
    {
        var story = ExportFixtures.Compile("""
            title: Start
            ---
            -> Say "hi" \\ then \# | <b>&amp; `tick` and keep talking for a very long time indeed
                <<jump Start>>
            ===
            """);
        var dot = GraphExporter.ToDot(story);
        Assert.Contains("\"Start\" -> \"Start\" [label=\"Say \\\"hi\\\"", dot, StringComparison.Ordinal);
        Assert.Contains("…\"]", dot, StringComparison.Ordinal);
        var mermaid = GraphExporter.ToMermaid(story);
        var edge = mermaid.Split('\n').Single(l => l.Contains("-->", StringComparison.Ordinal));
        Assert.Contains("#quot;hi#quot;", edge, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", edge, StringComparison.Ordinal);
        Assert.Equal(2, edge.Count(c => c == '|'));
        Assert.Equal(2, edge.Count(c => c == '"'));
    }

    [Theory]
    [InlineData("short", 32, "short")]
    [InlineData("one two three four five six seven", 16, "one two three…")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…")]
    [InlineData("  spaced \t out  ", 32, "spaced out")]
    public void Shorten_CutsAtWordsWithAnEllipsis(string text, int max, string expected)
    {
        var shortened = GameBook.Authoring.Export.Graph.GraphModel.Shorten(text, max);
        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= max);
    }

    [Fact]
    public void ToDot_WithoutOutline_ThrowsArgumentException()
    {
        var story = StoryCompiler.Compile("a.yarn", "title: Start\n---\nHi.\n===\n").Story!;
        Assert.Throws<ArgumentException>(() => GraphExporter.ToDot(story));
    }
}

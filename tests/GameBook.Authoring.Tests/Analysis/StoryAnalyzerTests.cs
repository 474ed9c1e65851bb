using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Analysis;

public class StoryAnalyzerTests
{
    private const string Story = """
        title: Start
        section: x
        ---
        <<declare $unused = 1>>
        Hello.
        ===
        """;

    [Fact]
    public void CompiledStory_WithoutOutline_Throws()
    {
        var story = StoryCompiler.Compile("a.yarn", Story).Story!;

        var ex = Assert.Throws<ArgumentException>(() => StoryAnalyzer.Analyze(story));
        Assert.Contains("IncludeOutline = true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompiledStory_WithOutline_GivesTheAnalysisWarningsOnly()
    {
        var story = StoryCompiler.Compile("a.yarn", Story, new CompileOptions { IncludeOutline = true }).Story!;

        var report = StoryAnalyzer.Analyze(story);

        Assert.Same(story, report.Story);
        Assert.Equal([AnalysisCodes.UnusedVariable, AnalysisCodes.DeadEnd], report.Diagnostics.Select(d => d.Code).ToArray());
    }

    [Fact]
    public void Sources_GiveCompilerAndAnalysisDiagnosticsInOneOrderedList()
    {
        var report = StoryAnalyzer.Analyze([new StorySource("a.yarn", Story)]);

        Assert.False(report.HasErrors);
        Assert.Equal([DiagnosticCodes.InvalidHeader, AnalysisCodes.UnusedVariable, AnalysisCodes.DeadEnd], report.Diagnostics.Select(d => d.Code).ToArray());
        Assert.Equal("a.yarn(5,1): warning GB1002: " + report.Diagnostics[2].Message, report.Diagnostics[2].ToString());
    }

    [Fact]
    public void Sources_SeveralFiles_AreOrderedByFileThenPosition()
    {
        var report = StoryAnalyzer.Analyze(
        [
            new StorySource("b.yarn", "title: Start\n---\n<<jump Other>>\n===\n"),
            new StorySource("a.yarn", "title: Other\n---\nEnd.\n===\ntitle: Lost\n---\n<<stop>>\n===\n"),
        ]);

        Assert.Equal(["a.yarn(3,1) GB1002", "a.yarn(5,8) GB1001"], report.Diagnostics.Select(d => $"{d.File}({d.Range.StartLine},{d.Range.StartColumn}) {d.Code}").ToArray());
    }

    [Fact]
    public void Sources_ThatDoNotCompile_GiveTheCompilerErrorsAndNoStory()
    {
        var report = StoryAnalyzer.Analyze([new StorySource("a.yarn", "title: Start\n---\n<<jump Nowhere>>\n===\n")]);

        Assert.True(report.HasErrors);
        Assert.Null(report.Story);
        Assert.Equal(DiagnosticCodes.UnknownNode, Assert.Single(report.Diagnostics).Code);
        Assert.Equal(AnalysisCodes.Rules.Select(r => r.Code), report.SkippedChecks.Select(s => s.Code));
        Assert.Equal(0, report.Sections.Highest);
    }

    [Fact]
    public void Sources_AreCompiledWithTheCallersLibrary()
    {
        const string text = "title: Start\n---\n-> Try <<if lucky() > 3>>\n    <<stop>>\n-> Go\n    <<stop>>\n===\n";
        var library = new GameBook.Library.FunctionLibrary().AddFunction("lucky", () => true);

        Assert.Empty(StoryAnalyzer.Analyze([new StorySource("a.yarn", text)]).Diagnostics);
        var report = StoryAnalyzer.Analyze([new StorySource("a.yarn", text)], new CompileOptions { Library = library });
        Assert.Equal(DiagnosticCodes.TypeMismatch, Assert.Single(report.Diagnostics).Code);
    }

    [Fact]
    public void NodeNamedLikeAGroupMember_IsAnalyzedAsItsOwnNode()
    {
        // 'Guard.night' is both a node's title and the unique name of group 'Guard''s member with subtitle 'night'.
        var report = StoryAnalyzer.Analyze([new StorySource("a.yarn", """
            title: Start
            ---
            <<jump Guard>>
            ===
            title: Guard
            subtitle: night
            when: always
            ---
            <<stop>>
            ===
            title: Guard.night
            ---
            Alone.
            ===
            """)]);

        Assert.False(report.HasErrors);
        Assert.Equal([AnalysisCodes.UnreachableNode, AnalysisCodes.DeadEnd], report.Diagnostics.Select(d => d.Code).ToArray());
        Assert.Equal([11, 13], report.Diagnostics.Select(d => d.Range.StartLine).ToArray());
    }

    [Fact]
    public void CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => StoryAnalyzer.Analyze([new StorySource("a.yarn", Story)], cancellationToken: cts.Token));
    }

    [Fact]
    public void Rules_AreOneTableWithSequentialCodesNamedLikeTheirConstants()
    {
        var constants = typeof(AnalysisCodes).GetFields().Where(f => f.IsLiteral).ToDictionary(f => (string)f.GetValue(null)!, f => f.Name);

        Assert.Equal(Enumerable.Range(1, constants.Count).Select(i => $"GB{1000 + i}"), AnalysisCodes.Rules.Select(r => r.Code));
        Assert.All(AnalysisCodes.Rules, r => Assert.Equal(constants[r.Code], r.Name));
        Assert.All(AnalysisCodes.Rules, r => Assert.Equal(DiagnosticSeverity.Warning, r.DefaultSeverity));
        Assert.Same(AnalysisCodes.Rules[1], AnalysisCodes.Find("gb1002"));
        Assert.Null(AnalysisCodes.Find("GB0001"));
    }
}

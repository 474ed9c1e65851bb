using System.Diagnostics;
using GameBook.Compilation;
using GameBook.Diagnostics;
using GameBook.Runtime;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Core.Tests.Compilation;

public class StoryCompilerTests
{
    private const string Gamebook = """
        title: Start
        section: 1
        ---
        <<give "gold coin" 5>>
        <<give "lamp">>
        You have {count("gold coin")} coins.
        <<take "gold coin" 2>>
        -> Light the lamp <<if has("lamp")>>
            <<jump Cave>>
        -> Wait
        ===
        title: Cave
        section: 2
        tags: ending
        ---
        Now {count("gold coin")} coins and a roll of {roll("1d1+2")}.
        ===
        """;

    [Fact]
    public void Compile_GamebookStory_RunsWithInventoryAndDice()
    {
        var result = StoryCompiler.Compile("book.yarn", Gamebook);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));

        using var session = result.Story!.CreateSession(new SessionOptions { Seed = 3 });
        Assert.Equal("You have 5 coins.", session.Next().Line.Text);
        var options = session.Next();
        Assert.Equal(StepKind.Options, options.Kind);
        Assert.True(options.Options[0].IsAvailable);
        session.Choose(0);
        Assert.Equal("Now 3 coins and a roll of 3.", session.Next().Line.Text);
        Assert.Equal(StepKind.End, session.Next().Kind);
    }

    [Fact]
    public void Compile_SeveralFiles_FormOneStory()
    {
        var result = StoryCompiler.Compile([
            new StorySource("a.yarn", "title: Start\n---\n<<declare $n = 1>>\n<<jump Other>>\n===\n"),
            new StorySource("b.yarn", "title: Other\n---\nn is {$n}\n===\n"),
        ]);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["a.yarn", "b.yarn"], result.Story!.Program.Nodes.Select(n => n.File));
        using var session = result.Story.CreateSession();
        Assert.Equal("n is 1", session.Next().Line.Text);
    }

    [Fact]
    public void Compile_DuplicateTitleAcrossFiles_ReportsGB0014InTheSecondFile()
    {
        var result = StoryCompiler.Compile([new StorySource("a.yarn", "title: Start\n---\na\n===\n"), new StorySource("b.yarn", "\ntitle: Start\n---\nb\n===\n")]);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.DuplicateNode, "b.yarn", 2), (d.Code, d.File, d.Range.StartLine));
        Assert.Contains("a.yarn(1)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DuplicateLineIdAcrossFiles_ReportsGB0015()
    {
        var result = StoryCompiler.Compile([new StorySource("a.yarn", "title: A\n---\nx #line:same\n===\n"), new StorySource("b.yarn", "title: B\n---\ny #line:same\n===\n")]);

        Assert.Equal(DiagnosticCodes.DuplicateLineId, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Compile_UnknownJumpTarget_ReportsGB0016()
    {
        var d = Assert.Single(StoryCompiler.Compile("a.yarn", "title: Start\n---\n<<jump Nowhere>>\n===\n").Diagnostics);

        Assert.Equal(DiagnosticCodes.UnknownNode, d.Code);
        Assert.Equal("a.yarn(3,1): error GB0016: There is no node titled 'Nowhere': check the spelling or add a node with 'title: Nowhere'.", d.ToString());
    }

    [Fact]
    public void Compile_Fingerprint_IsHexSha256OfPathsAndTexts()
    {
        var a = StoryCompiler.Compile("a.yarn", "title: Start\n---\nx\n===\n").Story!.Fingerprint;
        var again = StoryCompiler.Compile("a.yarn", "title: Start\n---\nx\n===\n").Story!.Fingerprint;
        var renamed = StoryCompiler.Compile("b.yarn", "title: Start\n---\nx\n===\n").Story!.Fingerprint;

        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.Equal(a, again);
        Assert.NotEqual(a, renamed);
    }

    [Fact]
    public void Compile_Diagnostics_AreOrderedByFileAndPosition()
    {
        var result = StoryCompiler.Compile("a.yarn", "title: Start\n---\n<<set $a = true + 1>>\n<<jump X>>\n{$unknown}\n===\n");

        var lines = result.Diagnostics.Select(d => d.Range.StartLine).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.True(lines.Count >= 3);
    }

    [Fact]
    public void Compile_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => StoryCompiler.Compile(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => StoryCompiler.Compile("a", null!));
        Assert.Throws<ArgumentNullException>(() => StoryCompiler.Compile((IEnumerable<StorySource>)null!));
    }

    [Fact]
    public void Compile_RecordsDurationWithOutcome()
    {
        using var meterFactory = new TestMeterFactory();
        var options = new CompileOptions { MeterFactory = meterFactory };
        using var collector = new MetricCollector<double>(meterFactory, GameBookCoreTelemetry.Name, GameBookCoreTelemetry.CompileDuration);

        StoryCompiler.Compile("a.yarn", "title: Start\n---\nx\n===\n", options);
        StoryCompiler.Compile("a.yarn", "title: Start\n---\n<<jump X>>\n===\n", options);

        var outcomes = collector.GetMeasurementSnapshot().Select(m => m.Tags[GameBookCoreTelemetry.OutcomeTag]).ToList();
        Assert.Equal(["success", "failure"], outcomes);
        Assert.All(collector.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public void Compile_WithAListener_StartsACompileActivity()
    {
        var names = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GameBookCoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => { lock (names) { names.Add(a.OperationName); } },
        };
        ActivitySource.AddActivityListener(listener);

        StoryCompiler.Compile("a.yarn", "title: Start\n---\nx\n===\n");

        lock (names)
        {
            Assert.Contains(GameBookCoreTelemetry.CompileActivity, names);
        }
    }

    [Fact]
    public void Compile_EmptyText_GivesAnEmptyStory()
    {
        var result = StoryCompiler.Compile("empty.yarn", "");

        Assert.False(result.HasErrors);
        Assert.Empty(result.Story!.Program.Nodes);
    }

    [Fact]
    public void Compile_SectionThatIsNotANumber_WarnsButCompiles()
    {
        var result = StoryCompiler.Compile("a.yarn", "title: Start\nsection: twelve\n---\nx\n===\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, DiagnosticCodes.InvalidHeader), (d.Severity, d.Code));
        Assert.NotNull(result.Story);
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        // Like the DI factory: one meter per name, so every compilation records on the same instrument.
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var existing = _meters.Find(m => m.Name == options.Name);
            if (existing is not null)
            {
                return existing;
            }

            var meter = new System.Diagnostics.Metrics.Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var m in _meters)
            {
                m.Dispose();
            }
        }
    }
}

public class SourceTextEdgeTests
{
    [Fact]
    public void Compile_TextWithALeadingByteOrderMark_IgnoresIt()
    {
        var result = StoryCompiler.Compile("bom.yarn", "\uFEFFtitle: Start\n---\nHello.\n===\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("Hello.", result.Story!.CreateSession().Next().Line.Text);
    }

    [Fact]
    public void Compile_CarriageReturnOnlyLineEnds_AreLineBreaks()
    {
        var result = StoryCompiler.Compile("mac.yarn", "title: Start\r---\rHello.\rSecond {$x}\r===\r");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(4, error.Range.StartLine);
        var fixedResult = StoryCompiler.Compile("mac.yarn", "title: Start\r---\rHello.\rWorld.\r===\r");
        var session = fixedResult.Story!.CreateSession();
        Assert.Equal("Hello.", session.Next().Line.Text);
        Assert.Equal("World.", session.Next().Line.Text);
    }
}

public class SectionNumberTests
{
    [Fact]
    public void DuplicateSectionNumbers_AreAnError_NamingBothPositions()
    {
        var result = StoryCompiler.Compile("book.yarn", "title: Start\nsection: 7\n---\nA.\n===\ntitle: Other\nsection: 7\n---\nB.\n===\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.DuplicateSection, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(new SourceRange(7, 1, 7, 11), error.Range);
        Assert.Contains("Section 7 is already the number of node 'Start' (book.yarn(2,1))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeGroupMembers_MayShareTheirSectionNumber()
    {
        var result = StoryCompiler.Compile("book.yarn", "title: Start\nsection: 1\nwhen: always\n---\nA.\n===\ntitle: Start\nsection: 1\nwhen: once\n---\nB.\n===\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.DuplicateSection);
    }
}

public class ConstantDiceTests
{
    [Theory]
    [InlineData("roll(\"2x6\")", "roll(\"2x6\") cannot be rolled")]
    [InlineData("roll(\"0d6\")", "roll(\"0d6\") cannot be rolled")]
    [InlineData("dice(0)", "dice(0) cannot be rolled")]
    public void ConstantDiceThatCannotRoll_AreCompileErrors(string call, string message)
    {
        var result = StoryCompiler.Compile("dice.yarn", $"title: Start\n---\n<<declare $x = 0>>\n<<set $x to {call}>>\n===\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidDice, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Range.StartLine);
    }

    [Theory]
    [InlineData("roll(\"2d6+1\")")]
    [InlineData("roll(\"d%\")")]
    [InlineData("dice(20)")]
    public void ConstantDiceThatRoll_Compile(string call) =>
        Assert.Empty(StoryCompiler.Compile("dice.yarn", $"title: Start\n---\n<<declare $x = 0>>\n<<set $x to {call}>>\n===\n").Diagnostics);
}

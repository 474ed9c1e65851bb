namespace GameBook.Core.Tests.Conformance;

public class TestPlanParserTests
{
    [Fact]
    public void Parse_AllStepKinds_ProducesTypedSteps()
    {
        var plan = TestPlan.Parse("""
            saliency: first
            set: $a = true
            set: $n = 15
            node: Other
            line: `Hello`
            line: *
            option: `One`
            option: `Two` [disabled]
            select: 1
            command: `wait 1`
            stop
            """);

        var steps = Assert.Single(plan.Runs).Steps;
        Assert.Equal(
            new TestStep[]
            {
                new SaliencyStep(1, "first"),
                new SetStep(2, "$a", true, null),
                new SetStep(3, "$n", null, 15),
                new NodeStep(4, "Other"),
                new LineStep(5, "Hello"),
                new LineStep(6, null),
                new OptionStep(7, "One", false),
                new OptionStep(8, "Two", true),
                new SelectStep(9, 1),
                new CommandStep(10, "wait 1"),
                new StopStep(11),
            },
            steps.ToArray());
    }

    [Fact]
    public void Parse_SeparatorSplitsRuns()
    {
        var plan = TestPlan.Parse("line: `a`\nstop\n---\nline: `b`\n---\nnode: X");

        Assert.Equal(3, plan.Runs.Length);
        Assert.Equal(new[] { 1, 2, 3 }, plan.Runs.Select(r => r.Number).ToArray());
        Assert.Equal(new LineStep(4, "b"), Assert.Single(plan.Runs[1].Steps));
    }

    [Fact]
    public void Parse_HashAfterStep_IsCommentEvenBeforeDisabled()
    {
        // The lexer's COMMENT rule wins by longest match, so "[disabled]" after a hashtag is commented out.
        var plan = TestPlan.Parse("option: `A` #tag [disabled]\nline: `B` #line:source\nselect: 1");

        Assert.Equal(
            new TestStep[] { new OptionStep(1, "A", false), new LineStep(2, "B"), new SelectStep(3, 1) },
            plan.Runs[0].Steps.ToArray());
    }

    [Fact]
    public void Parse_StepsMayShareALineAndTextMaySpanLines()
    {
        var plan = TestPlan.Parse("line: `a` line: `b\nc` stop");

        Assert.Equal(new TestStep[] { new LineStep(1, "a"), new LineStep(1, "b\nc"), new StopStep(2) }, plan.Runs[0].Steps.ToArray());
    }

    [Fact]
    public void Parse_TextKeepsBackslashesAndSpacesVerbatim()
    {
        var plan = TestPlan.Parse(@"line: `Mae: \o/  `");

        Assert.Equal(new LineStep(1, @"Mae: \o/  "), Assert.Single(plan.Runs[0].Steps));
    }

    [Fact]
    public void Parse_StopWithoutTrailingNewline_IsAccepted()
    {
        var plan = TestPlan.Parse("line: `x`\nstop");

        Assert.IsType<StopStep>(plan.Runs[0].Steps[^1]);
    }

    [Theory]
    [InlineData("", "run 1 has no steps")]
    [InlineData("line: `a`\n---\n", "run 2 has no steps")]
    [InlineData("line: `open", "unterminated")]
    [InlineData("select: x", "expected an option number")]
    [InlineData("set: a = true", "expected a $variable")]
    [InlineData("set: $a = `s`", "expected true, false or a number")]
    [InlineData("line : `a`", "unexpected character ':'")]
    [InlineData("stopped", "expected a step")]
    [InlineData("line: `a` @", "unexpected character '@'")]
    public void Parse_MalformedPlan_ThrowsWithPositionAndReason(string text, string expected)
    {
        var error = Assert.Throws<TestPlanFormatException>(() => TestPlan.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1 && error.Column >= 1);
    }

    [Fact]
    public void Parse_ErrorPosition_PointsAtOffendingToken()
    {
        var error = Assert.Throws<TestPlanFormatException>(() => TestPlan.Parse("line: `a`\n  select: nope"));

        Assert.Equal((2, 11), (error.Line, error.Column));
    }

    [ConformanceFact]
    public void Parse_EveryShippedPlan_MatchesReadmeTotals()
    {
        var plans = Directory.EnumerateFiles(ConformanceSuite.TestCasesDirectory, "*.testplan")
            .Select(TestPlan.FromFile)
            .ToList();
        var steps = plans.SelectMany(p => p.Runs).SelectMany(r => r.Steps).ToList();

        Assert.Equal(32, plans.Count);
        Assert.Equal(48, plans.Sum(p => p.Runs.Length));
        Assert.Equal(485, steps.Count);
        Assert.Equal(246, steps.Count(s => s is LineStep));
        Assert.Equal(117, steps.Count(s => s is OptionStep));
        Assert.Equal(28, steps.Count(s => s is SelectStep));
        Assert.Equal(29, steps.Count(s => s is CommandStep));
        Assert.Equal(45, steps.Count(s => s is StopStep));
        Assert.Equal(14, steps.Count(s => s is SetStep));
        Assert.Equal(3, steps.Count(s => s is SaliencyStep));
        Assert.Equal(3, steps.Count(s => s is NodeStep));
    }

    [ConformanceFact]
    public void Parse_ExamplePlan_HasOneRunOf14Steps()
    {
        var plan = TestPlan.FromFile(Path.Combine(ConformanceSuite.Directory!, "extra", "Example.testplan"));

        Assert.Equal(14, Assert.Single(plan.Runs).Steps.Length);
    }
}

using System.Text;
using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Core.Tests.Runtime;

/// <summary>What a host plugs in (functions, commands, plural rules, options) never breaks a session: failures are error steps or clear exceptions.</summary>
public class HostBoundaryTests
{
    private static Story Compile(string body, FunctionLibrary? library = null)
    {
        var result = StoryCompiler.Compile("host.yarn", "title: Start\n---\n" + body + "\n===\ntitle: Other\n---\nOther.\n===\n", new CompileOptions { Library = library ?? new FunctionLibrary() });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    private static StoryError NextError(StorySession session)
    {
        var step = session.Next();
        Assert.Equal(StepKind.Error, step.Kind);
        return step.Error!;
    }

    [Theory]
    [InlineData("<<jump {f()}>>")]
    [InlineData("<<if visited(f())>>\nyes\n<<endif>>")]
    [InlineData("<<give f()>>")]
    [InlineData("Value {f()}.")]
    public void HostFunction_DeclaredStringReturningNumber_FailsTheStepNamingTheFunction(string body)
    {
        var library = new FunctionLibrary().AddFunction("f", StoryType.String, [], _ => StoryValue.FromNumber(3));
        var session = Compile(body, library).CreateSession();

        var error = NextError(session);

        Assert.Equal(StoryErrorKind.HostFunctionFailed, error.Kind);
        Assert.Contains("The function f is declared to return a String but returned the Number 3", error.Message, StringComparison.Ordinal);
        Assert.Equal("host.yarn", error.File);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void HostFunction_DeclaredNumberReturningString_FailsInsteadOfMisreading()
    {
        var library = new FunctionLibrary().AddFunction("f", StoryType.Number, [], _ => StoryValue.FromString("12"));
        var error = NextError(Compile("Total {f() + 1}.", library).CreateSession());
        Assert.Contains("declared to return a Number but returned the String 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostFunction_DeclaredBoolReturningNumber_Fails()
    {
        var library = new FunctionLibrary().AddFunction("f", StoryType.Bool, [], _ => StoryValue.FromNumber(0.5));
        var error = NextError(Compile("<<if f()>>\nyes\n<<endif>>", library).CreateSession());
        Assert.Equal(StoryErrorKind.HostFunctionFailed, error.Kind);
    }

    [Fact]
    public void PluralRules_ThatThrow_FailTheStep()
    {
        var story = Compile("<<declare $n = 2>>\nYou have {$n} [plural value={$n} one=\"apple\" other=\"apples\" /].");
        var session = story.CreateSession(new SessionOptions { PluralRules = new ThrowingPluralRules() });

        var error = NextError(session);

        Assert.Equal(StoryErrorKind.HostFunctionFailed, error.Kind);
        Assert.Contains("plural rules failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_FromInsideItsOwnHostFunction_IsRefused()
    {
        StorySession? session = null;
        var library = new FunctionLibrary().AddFunction("reenter", () =>
        {
            session!.Next();
            return true;
        });
        session = Compile("<<if reenter()>>\nyes\n<<endif>>", library).CreateSession();

        var error = NextError(session);

        Assert.Equal(StoryErrorKind.HostFunctionFailed, error.Kind);
        Assert.Contains("cannot be advanced from inside its own host call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JumpTo_FromInsideACommandHandler_IsRefused_AndTheSessionStaysUsable()
    {
        StorySession? session = null;
        var library = new FunctionLibrary().AddCommand("warp", [], _ => session!.JumpTo("Other"));
        session = Compile("<<warp>>\nAfter.", library).CreateSession();

        var error = NextError(session);
        Assert.Equal(StoryErrorKind.CommandFailed, error.Kind);
        Assert.Contains("from inside its own host call", error.Message, StringComparison.Ordinal);

        session.JumpTo("Other");
        Assert.Equal("Other.", session.Next().Line.Text);
    }

    [Fact]
    public void SmartVariableChain_LongerThan64_Evaluates()
    {
        var body = new StringBuilder("<<declare $v0 = 1>>\n");
        for (var i = 1; i <= 100; i++)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<<declare $v{i} = $v{i - 1} + 1>>\n");
        }

        body.Append("Value {$v100}.");
        Assert.Equal("Value 101.", Compile(body.ToString()).CreateSession().Next().Line.Text);
    }

    [Fact]
    public void SmartVariableChain_DeeperThanTheEngineEvaluates_IsACompileError()
    {
        var body = new StringBuilder("title: Start\n---\n<<declare $v0 = 1>>\n");
        for (var i = 1; i <= SmartVariableCycles.MaxDepth + 1; i++)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<<declare $v{i} = $v{i - 1} + 1>>\n");
        }

        body.Append("Value {$v513}.\n===\n");
        var result = StoryCompiler.Compile("deep.yarn", body.ToString());

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.SmartVariableCycle, error.Code);
        Assert.Contains("chain of 513 smart variables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmartVariable_WhoseFunctionFails_DoesNotPoisonLaterReads()
    {
        var calls = 0;
        var library = new FunctionLibrary().AddFunction("flaky", () => ++calls % 2 == 0 ? 1 : throw new InvalidOperationException("odd call"));
        var session = Compile("<<declare $x = flaky() + 1>>\nDone.", library).CreateSession();

        for (var i = 0; i < 300; i++)
        {
            if (i % 2 == 0)
            {
                Assert.Throws<InvalidOperationException>(() => session.GetVariable("$x"));
            }
            else
            {
                Assert.Equal(2, session.GetVariable("$x").AsNumber);
            }
        }

        Assert.Equal(300, calls);
    }

    [Fact]
    public void DetourIntoItself_FaultsWithItsOwnKind()
    {
        var error = NextError(Compile("<<detour Start>>").CreateSession());

        Assert.Equal(StoryErrorKind.DetourTooDeep, error.Kind);
        Assert.Contains("detours into Start forever", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void SessionOptions_WithoutAnInstructionBudget_AreRefusedOnCreation(int budget)
    {
        var story = Compile("Hello.");
        var options = new SessionOptions { MaxInstructionsPerStep = budget };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => story.CreateSession(options));
        Assert.Contains("at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => story.Restore(story.CreateSession().Save(), options));
    }

    [Fact]
    public void GetVariable_OfASmartVariableThatRollsDice_DoesNotChangeTheGame()
    {
        var story = Compile("<<declare $luck = dice(6)>>\n<<declare $roll = 0>>\n<<set $roll to dice(1000000)>>\nRolled {$roll}.");
        var watched = story.CreateSession(new SessionOptions { Seed = 42 });
        var plain = story.CreateSession(new SessionOptions { Seed = 42 });

        for (var i = 0; i < 10; i++)
        {
            watched.GetVariable("$luck");
        }

        Assert.Equal(plain.Next().Line.Text, watched.Next().Line.Text);
        Assert.Equal(plain.Save().ToJson(), watched.Save().ToJson());
    }

    private sealed class ThrowingPluralRules : IPluralRules
    {
        public PluralCategory GetCardinalCategory(double value) => throw new InvalidOperationException("no rules for this locale");

        public PluralCategory GetOrdinalCategory(double value) => throw new InvalidOperationException("no rules for this locale");
    }
}

/// <summary>The step budget stops runaway loops, not large content.</summary>
public class StepBudgetTests
{
    private static Story Compile(string text)
    {
        var result = StoryCompiler.Compile("budget.yarn", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Take(3)));
        return result.Story!;
    }

    [Fact]
    public void AMenuOf100000Options_IsDelivered()
    {
        var text = new StringBuilder("title: Start\n---\n<<declare $open = true>>\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"-> Door {i} <<if $open>>\n");
        }

        text.Append("===\n");
        var step = Compile(text.ToString()).CreateSession().Next();

        Assert.Equal(StepKind.Options, step.Kind);
        Assert.Equal(100_000, step.Options.AvailableCount);
    }

    [Fact]
    public void ALineGroupOf100000Items_ShowsOne()
    {
        var text = new StringBuilder("title: Start\n---\n<<declare $x = 1>>\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"=> Item {i} <<if $x > 0>>\n");
        }

        text.Append("===\n");
        var step = Compile(text.ToString()).CreateSession().Next();

        Assert.Equal(StepKind.Line, step.Kind);
        Assert.StartsWith("Item ", step.Line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AChainOfJumpsLongerThanTheBudget_Runs_AndTheNextStepHasAFreshBudget()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"title: {(i == 0 ? "Start" : "N" + i)}\n---\n<<set $steps to $steps + 1>>\n<<jump N{i + 1}>>\n===\n");
        }

        text.Append("title: N3000\n---\n<<declare $steps = 0>>\nArrived after {$steps}.\n<<jump Start>>\n===\n");
        var session = Compile(text.ToString()).CreateSession(new SessionOptions { MaxInstructionsPerStep = 1_000 });

        Assert.Equal("Arrived after 3000.", session.Next().Line.Text);
        Assert.Equal("Arrived after 6000.", session.Next().Line.Text);
    }

    [Fact]
    public void ALoopBetweenTwoNodes_StillFails()
    {
        var session = Compile("title: Start\n---\n<<jump Other>>\n===\ntitle: Other\n---\n<<jump Start>>\n===\n").CreateSession();

        var step = session.Next();

        Assert.Equal(StepKind.Error, step.Kind);
        Assert.Equal(StoryErrorKind.StepBudgetExceeded, step.Error!.Kind);
        Assert.Contains("probably loops forever", step.Error.Message, StringComparison.Ordinal);
    }
}

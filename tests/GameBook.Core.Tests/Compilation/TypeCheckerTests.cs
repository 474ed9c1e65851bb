using GameBook.Compilation;
using GameBook.Compiled;
using GameBook.Values;

namespace GameBook.Core.Tests.Compilation;

public class TypeCheckerTests
{
    private static CompilationResult Compile(string body) =>
        StoryCompiler.Compile("t.yarn", "title: Start\n---\n" + body + "\n===\n");

    private static StoryProgram Program(string body)
    {
        var result = Compile(body);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!.Program;
    }

    private static CompiledVariable Variable(StoryProgram program, string name) => program.Variables.Single(v => v.Name == name);

    [Fact]
    public void Compile_ImplicitVariable_TakesItsTypeFromUse()
    {
        var program = Program("<<set $name to \"Ada\">>\n<<if $flag>>\nx\n<<endif>>\n<<set $n = $m + 1>>");

        Assert.Equal(StoryType.String, Variable(program, "$name").Type);
        Assert.Equal(StoryType.Bool, Variable(program, "$flag").Type);
        Assert.Equal(StoryType.Number, Variable(program, "$m").Type);
        Assert.Equal(StoryValue.FromNumber(0), Variable(program, "$m").InitialValue);
    }

    [Fact]
    public void Compile_DeclarationWithAsType_UsesTheTypeAndInitialValue()
    {
        var program = Program("<<declare $gold = 12 as Number>>\n<<declare $who = \"me\" as string>>");

        Assert.Equal(StoryValue.FromNumber(12), Variable(program, "$gold").InitialValue);
        Assert.Equal(StoryType.String, Variable(program, "$who").Type);
    }

    [Fact]
    public void Compile_DeclarationWhoseTypeDisagreesWithAs_ReportsGB0017()
    {
        var d = Assert.Single(Compile("<<declare $gold = \"x\" as Number>>").Diagnostics);

        Assert.Equal(DiagnosticCodes.TypeMismatch, d.Code);
    }

    [Fact]
    public void Compile_UnknownAsType_ReportsGB0022()
    {
        Assert.Contains(Compile("<<declare $gold = 1 as Money>>").Diagnostics, d => d.Code == DiagnosticCodes.UnknownType);
    }

    [Fact]
    public void Compile_ConditionThatIsNotBool_ReportsGB0017WithRange()
    {
        var d = Assert.Single(Compile("<<if 1 + 2>>\nx\n<<endif>>").Diagnostics);

        Assert.Equal(DiagnosticCodes.TypeMismatch, d.Code);
        Assert.Equal(new SourceRange(3, 6, 3, 11), d.Range);
        Assert.Contains("must be a Bool", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnknownFunction_InfersItsSignatureFromUse()
    {
        var program = Program("<<declare $n = 0>>\n<<set $n = mystery(\"a\", true)>>");

        var f = program.Functions.Single(f => f.Name == "mystery");
        Assert.True(f.IsInferred);
        Assert.Equal(StoryType.Number, f.ReturnType);
        Assert.Equal([StoryType.String, StoryType.Bool], f.ParameterTypes.ToArray());
    }

    [Fact]
    public void Compile_LibraryFunctionWithWrongArgumentCount_ReportsGB0019()
    {
        Assert.Contains(Compile("<<set $x = max(1)>>").Diagnostics, d => d.Code == DiagnosticCodes.WrongArgumentCount);
    }

    [Fact]
    public void Compile_EnumShorthand_ResolvesFromTheOtherSide()
    {
        var program = Program("<<enum Food>>\n<<case Apple>>\n<<case Pear = 7>>\n<<endenum>>\n<<declare $f = Food.Apple>>\n<<if $f == .Pear>>\nyes\n<<endif>>");

        Assert.Equal("Food", Variable(program, "$f").Type.Name);
        Assert.Equal(StoryValue.FromNumber(0), Variable(program, "$f").InitialValue);
        Assert.Contains(7.0, program.Numbers);
    }

    [Fact]
    public void Compile_StringEnumPassedToStringParameter_IsAllowed()
    {
        Assert.False(Compile("<<enum Q>>\n<<case A = \"a\">>\n<<endenum>>\n<<if has(Q.A)>>\nx\n<<endif>>").HasErrors);
    }

    [Fact]
    public void Compile_SmartVariable_GetsCodeAndIsNotAssignable()
    {
        var result = Compile("<<declare $gold = 3>>\n<<declare $rich = $gold > 10>>\n<<set $rich to true>>");

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidAssignment);
        var program = Program("<<declare $gold = 3>>\n<<declare $rich = $gold > 10>>\n<<declare $neg = -1>>");
        Assert.True(Variable(program, "$rich").IsSmart);
        Assert.Equal(OpCode.Greater, Variable(program, "$rich").SmartCode[^1].Op);
        Assert.False(Variable(program, "$neg").IsSmart);
        Assert.Equal(StoryValue.FromNumber(-1), Variable(program, "$neg").InitialValue);
    }

    [Fact]
    public void Compile_DuplicateDeclaration_ReportsGB0023()
    {
        Assert.Contains(Compile("<<declare $a = 1>>\n<<declare $a = 2>>").Diagnostics, d => d.Code == DiagnosticCodes.DuplicateDeclaration);
    }

    [Fact]
    public void Compile_StringConcatenationAndWordOperators_TypeCheck()
    {
        var program = Program("<<set $s = \"a\" + \"b\">>\n<<set $b = 1 lt 2 xor (3 gte 4) || !true && 2 neq 3>>\n<<set $m = -$n % 3>>");

        Assert.Equal(StoryType.String, Variable(program, "$s").Type);
        Assert.Equal(StoryType.Bool, Variable(program, "$b").Type);
        var code = program.Nodes.Single().Instructions;
        Assert.Contains(code, i => i.Op == OpCode.Concat);
        Assert.Contains(code, i => i.Op == OpCode.Xor);
        Assert.Contains(code, i => i.Op == OpCode.Modulo);
        Assert.Contains(code, i => i.Op == OpCode.Negate);
    }

    [Fact]
    public void Compile_ComparingDifferentTypes_ReportsGB0017()
    {
        Assert.Contains(Compile("<<if \"a\" == 1>>\nx\n<<endif>>").Diagnostics, d => d.Code == DiagnosticCodes.TypeMismatch);
    }

    [Fact]
    public void Compile_InventoryArgumentsOfWrongType_ReportGB0017()
    {
        Assert.Equal(2, Compile("<<give 5 \"lamp\">>").Diagnostics.Count(d => d.Code == DiagnosticCodes.TypeMismatch));
    }
}

public class CommandArgumentTests
{
    private static readonly GameBook.Library.FunctionLibrary Library =
        new GameBook.Library.FunctionLibrary().AddCommand("wait", [StoryType.Number]).AddCommand("say", [StoryType.String, StoryType.Bool]);

    private static CompilationResult Compile(string body) =>
        StoryCompiler.Compile("t.yarn", "title: Start\n---\n" + body + "\n===\n", new CompileOptions { Library = Library });

    [Fact]
    public void Compile_RegisteredCommandWithMatchingArguments_Compiles()
    {
        Assert.False(Compile("<<wait 2.5>>\n<<say \"hello there\" true>>\n<<unregistered anything goes>>").HasErrors);
    }

    [Fact]
    public void Compile_RegisteredCommandWithWrongCount_ReportsGB0019()
    {
        Assert.Equal(DiagnosticCodes.WrongArgumentCount, Assert.Single(Compile("<<wait>>").Diagnostics).Code);
    }

    [Fact]
    public void Compile_RegisteredCommandWithWrongType_ReportsGB0017()
    {
        Assert.Equal(DiagnosticCodes.TypeMismatch, Assert.Single(Compile("<<wait soon>>").Diagnostics).Code);
    }
}

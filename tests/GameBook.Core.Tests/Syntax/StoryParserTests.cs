using GameBook.Compilation;
using GameBook.Syntax;

namespace GameBook.Core.Tests.Syntax;

public class StoryParserTests
{
    private static (FileSyntax File, DiagnosticBag Diagnostics) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        var file = new StoryParser(new SourceText("t.yarn", text), diagnostics, new NameTable(), 128).Parse();
        return (file, diagnostics);
    }

    private static IReadOnlyList<Statement> Body(string body)
    {
        var (file, diagnostics) = Parse("title: Start\n---\n" + body + "\n===\n");
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.ToImmutable()));
        return file.Nodes.Single().Body;
    }

    [Fact]
    public void Parse_NodeWithHeaders_KeepsHeadersInOrder()
    {
        var (file, _) = Parse("title: Cave\nsection: 42\ntags: ending dark\n---\nHello\n===\n");

        var node = file.Nodes.Single();
        Assert.Equal("Cave", node.Title);
        Assert.Equal(["title", "section", "tags"], node.Headers.Select(h => h.Key));
        Assert.Equal("42", node.Header("section"));
        Assert.Equal(1, node.Line);
    }

    [Fact]
    public void Parse_LineWithExpressionsHashtagsAndCondition_SplitsTheParts()
    {
        var line = (LineStatement)Body("Mae: I have {$gold + 1} coins, \\{not\\} {\"many\"} <<if $rich>> #line:abc #mood // note").Single();

        Assert.Equal("Mae: I have {0} coins, \\{not\\} {1}", line.Content.RawText);
        Assert.Equal(2, line.Content.Substitutions.Count);
        Assert.Equal(["line:abc", "mood"], line.Content.Hashtags);
        Assert.Equal("abc", line.Content.LineId);
        Assert.IsType<VariableExpr>(line.Content.Condition.Condition);
    }

    [Fact]
    public void Parse_OptionsNestedByIndentation_BuildTheTree()
    {
        var options = (OptionsStatement)Body("-> A\n    Inside A\n    -> A1\n        Deep\n    -> A2\n-> B <<if false>>\nAfter")[0];

        Assert.Equal(2, options.Items.Count);
        var inner = Assert.IsType<OptionsStatement>(options.Items[0].Body[1]);
        Assert.Equal(["A1", "A2"], inner.Items.Select(i => i.Content.RawText));
        Assert.NotNull(options.Items[1].Content.Condition.Condition);
    }

    [Fact]
    public void Parse_BlankLineBetweenOptions_StartsANewGroup()
    {
        var body = Body("-> A\n    in A\n\n-> B");

        Assert.Equal(2, body.Count);
        Assert.All(body, s => Assert.IsType<OptionsStatement>(s));
    }

    [Fact]
    public void Parse_IfElseifElse_BuildsClauses()
    {
        var statement = (IfStatement)Body("<<if $a>>\nA\n<<elseif $b>>\nB\n<<else>>\nC\n<<endif>>").Single();

        Assert.Equal(3, statement.Clauses.Count);
        Assert.Null(statement.Clauses[2].Condition);
    }

    [Fact]
    public void Parse_CommandsOfEveryKind_BecomeTheirStatements()
    {
        var body = Body("<<set $x += 2>>\n<<declare $y = 1 as Number>>\n<<jump Next>>\n<<detour {$n}>>\n<<return>>\n<<stop>>\n<<call f()>>\n<<give \"gold coin\" 5>>\n<<take \"lamp\">>\n<<wave {$x} now>>");

        Assert.Collection(body,
            s => Assert.Equal(Operator.Add, ((SetStatement)s).Compound),
            s => Assert.Equal("Number", ((DeclareStatement)s).TypeName),
            s => Assert.Equal("Next", ((JumpStatement)s).Target),
            s => Assert.True(((JumpStatement)s).Detour && ((JumpStatement)s).TargetExpr is not null),
            s => Assert.IsType<ReturnStatement>(s),
            s => Assert.IsType<StopStatement>(s),
            s => Assert.IsType<CallStatement>(s),
            s => Assert.True(((InventoryStatement)s).Give && ((InventoryStatement)s).Count is not null),
            s => Assert.True(!((InventoryStatement)s).Give && ((InventoryStatement)s).Count is null),
            s => Assert.Equal(["wave ", null, " now"], ((CommandStatement)s).Parts.Select(p => p.Literal)));
    }

    [Fact]
    public void Parse_OperatorPrecedence_MultipliesBeforeAddingAndComparesBeforeAnd()
    {
        var set = (SetStatement)Body("<<set $b = 1 + 2 * 3 > 6 and not false>>").Single();

        var and = Assert.IsType<BinaryExpr>(set.Value);
        Assert.Equal(Operator.And, and.Op);
        var greater = Assert.IsType<BinaryExpr>(and.Left);
        Assert.Equal(Operator.Greater, greater.Op);
        var add = Assert.IsType<BinaryExpr>(greater.Left);
        Assert.Equal(Operator.Multiply, Assert.IsType<BinaryExpr>(add.Right).Op);
        Assert.Equal(Operator.Not, Assert.IsType<UnaryExpr>(and.Right).Op);
    }

    [Fact]
    public void Parse_SeveralErrors_AreAllReportedInOnePass()
    {
        var (file, diagnostics) = Parse("title: Start\n---\n<<set $x = >>\n<<if>>\n<<endif>>\nText {unclosed\n<<endonce>>\n<<jump>>\nStill parsed\n===\n");

        var codes = diagnostics.ToImmutable().Select(d => d.Code).ToList();
        Assert.Contains(DiagnosticCodes.ExpectedExpression, codes);
        Assert.Contains(DiagnosticCodes.UnterminatedInlineExpression, codes);
        Assert.Contains(DiagnosticCodes.UnexpectedBlockEnd, codes);
        Assert.True(codes.Count >= 5, string.Join("\n", diagnostics.ToImmutable()));
        Assert.Contains(file.Nodes.Single().Body, s => s is LineStatement l && l.Content.RawText == "Still parsed");
    }

    [Fact]
    public void Parse_MissingEndif_ReportsGB0013AtTheIf()
    {
        var (_, diagnostics) = Parse("title: Start\n---\n<<if true>>\nA\n===\n");

        var d = Assert.Single(diagnostics.ToImmutable());
        Assert.Equal(DiagnosticCodes.MissingBlockEnd, d.Code);
        Assert.Equal(3, d.Range.StartLine);
    }

    [Fact]
    public void Parse_NodeWithoutTitleOrBody_ReportsAndContinuesWithTheNextNode()
    {
        var (file, diagnostics) = Parse("tags: x\n---\nA\n===\ntitle: B\nnot a header\n---\nB\n===\ntitle: C\n---\nC\n===\n");

        Assert.Equal(["B", "C"], file.Nodes.Select(n => n.Title));
        Assert.Equal([DiagnosticCodes.MissingTitle, DiagnosticCodes.InvalidHeader], diagnostics.ToImmutable().Select(d => d.Code));
    }

    [Fact]
    public void Parse_FileEndingWithoutTerminator_KeepsTheLastNode()
    {
        var (file, diagnostics) = Parse("title: Start\n---\nLast line");

        Assert.False(diagnostics.HasErrors);
        Assert.Single(file.Nodes.Single().Body);
    }

    [Fact]
    public void Parse_WhenHeaders_ParseAlwaysOnceAndConditions()
    {
        var (file, _) = Parse("title: G\nwhen: always\nwhen: once if $x > 1\nwhen: $y\n---\nA\n===\n");

        var when = file.Nodes.Single().When;
        Assert.True(when[0].Always);
        Assert.True(when[1].Once && when[1].Condition is BinaryExpr);
        Assert.IsType<VariableExpr>(when[2].Condition);
    }

    [Fact]
    public void Parse_LineGroupItems_FormOneGroupAcrossComments()
    {
        var group = (LineGroupStatement)Body("=> One <<if $a>>\n// comment\n=> Two <<once>>\n=> Three").Single();

        Assert.Equal(3, group.Items.Count);
        Assert.True(group.Items[1].Content.Condition.Once);
    }
}

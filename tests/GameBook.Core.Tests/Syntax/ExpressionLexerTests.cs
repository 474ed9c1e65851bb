using GameBook.Compilation;
using GameBook.Syntax;

namespace GameBook.Core.Tests.Syntax;

public class ExpressionLexerTests
{
    private static (List<Token> Tokens, DiagnosticBag Diagnostics) Lex(string text)
    {
        var diagnostics = new DiagnosticBag();
        var lexer = new ExpressionLexer(new SourceText("t.yarn", text), 0, text.Length, diagnostics, new NameTable());
        var tokens = new List<Token>();
        for (var t = lexer.Next(); t.Kind != TokenKind.End; t = lexer.Next())
        {
            tokens.Add(t);
        }

        return (tokens, diagnostics);
    }

    [Fact]
    public void Next_WordOperators_MapToSymbolicKinds()
    {
        var kinds = Lex("is eq neq gt lt lte gte and or xor not to as").Tokens.Select(t => t.Kind);

        Assert.Equal(
            [TokenKind.EqualEqual, TokenKind.EqualEqual, TokenKind.NotEqual, TokenKind.Greater, TokenKind.Less, TokenKind.LessEqual,
             TokenKind.GreaterEqual, TokenKind.And, TokenKind.Or, TokenKind.Xor, TokenKind.Not, TokenKind.To, TokenKind.As],
            kinds);
    }

    [Fact]
    public void Next_SymbolicOperators_AreRecognised()
    {
        var kinds = Lex("&& || ! ^ == != <= >= < > += -= *= /= %= = ( ) , .").Tokens.Select(t => t.Kind);

        Assert.Equal(
            [TokenKind.And, TokenKind.Or, TokenKind.Not, TokenKind.Xor, TokenKind.EqualEqual, TokenKind.NotEqual, TokenKind.LessEqual,
             TokenKind.GreaterEqual, TokenKind.Less, TokenKind.Greater, TokenKind.PlusAssign, TokenKind.MinusAssign, TokenKind.StarAssign,
             TokenKind.SlashAssign, TokenKind.PercentAssign, TokenKind.Assign, TokenKind.LeftParen, TokenKind.RightParen, TokenKind.Comma, TokenKind.Dot],
            kinds);
    }

    [Fact]
    public void Next_NumbersVariablesAndDottedNames_CarryTheirValues()
    {
        var tokens = Lex("12.5 $gold Food.Apple max").Tokens;

        Assert.Equal(12.5, tokens[0].Number);
        Assert.Equal("$gold", tokens[1].Text);
        Assert.Equal((TokenKind.Identifier, "Food.Apple"), (tokens[2].Kind, tokens[2].Text));
        Assert.Equal("max", tokens[3].Text);
    }

    [Fact]
    public void Next_StringWithEscapes_IsUnescaped()
    {
        var token = Lex("\"say \\\"hi\\\" \\\\ now\"").Tokens.Single();

        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("say \"hi\" \\ now", token.Text);
    }

    [Fact]
    public void Next_UnterminatedString_ReportsGB0004()
    {
        var (tokens, diagnostics) = Lex("\"open");

        Assert.Equal(TokenKind.String, tokens.Single().Kind);
        Assert.Contains(diagnostics.ToImmutable(), d => d.Code == DiagnosticCodes.UnterminatedString);
    }

    [Fact]
    public void Next_UnknownCharacter_ReportsGB0002AndContinues()
    {
        var (tokens, diagnostics) = Lex("1 @ 2");

        Assert.Equal([TokenKind.Number, TokenKind.Bad, TokenKind.Number], tokens.Select(t => t.Kind));
        var d = Assert.Single(diagnostics.ToImmutable());
        Assert.Equal(DiagnosticCodes.UnexpectedCharacter, d.Code);
        Assert.Equal(new SourceRange(1, 3, 1, 4), d.Range);
    }

    [Fact]
    public void Intern_SameNameTwice_ReturnsTheSameInstance()
    {
        var names = new NameTable();

        Assert.Same(names.Intern("gold".AsSpan()), names.Intern("xgold".AsSpan(1)));
    }
}

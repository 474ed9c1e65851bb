using System.Runtime.CompilerServices;
using GameBook.Compilation;
using GameBook.Values;

namespace GameBook.Syntax;

/// <summary>
/// Recursive-descent parser for expressions in a fixed range of a file. Nesting (parentheses, unary
/// operators) and tree height are bounded, so hostile input cannot overflow the stack here or in later
/// passes; anything deeper is reported once and skipped.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly ExpressionLexer _lexer;
    private readonly int _maxDepth;
    private readonly int _maxHeight;
    private Token _current;
    private int _depth;
    private bool _tooDeepReported;

    public ExpressionParser(SourceText source, int start, int end, DiagnosticBag diagnostics, NameTable names, int maxDepth)
    {
        _source = source;
        _diagnostics = diagnostics;
        _lexer = new ExpressionLexer(source, start, end, diagnostics, names);
        _maxDepth = maxDepth;
        _maxHeight = Math.Max(maxDepth, 1) * 4; // long flat chains like a+b+c+... are fine up to this height
        _current = _lexer.Next();
    }

    public ExpressionParser(SourceText source, DiagnosticBag diagnostics, NameTable names, int maxDepth)
        : this(source, 0, 0, diagnostics, names, maxDepth)
    {
    }

    /// <summary>Starts parsing a new range of the same file; one instance is reused for every expression of a file.</summary>
    public ExpressionParser Reset(int start, int end)
    {
        _lexer.Reset(start, end);
        _depth = 0;
        _tooDeepReported = false;
        _current = _lexer.Next();
        return this;
    }

    public Token Current => _current;

    public bool AtEnd => _current.Kind == TokenKind.End;

    public Token Advance()
    {
        var t = _current;
        _current = _lexer.Next();
        return t;
    }

    /// <summary>Parses one expression; reports and returns an <see cref="ErrorExpr"/> when there is none.</summary>
    public Expr ParseExpression(string context)
    {
        if (AtEnd)
        {
            _diagnostics.Error(DiagnosticCodes.ExpectedExpression, _source, _current.Start, _current.End, $"Expected an expression {context}: write a value, variable or function call.");
            return new ErrorExpr(_current.Start, _current.End);
        }

        return ParseLogical();
    }

    /// <summary>Reports anything left before the end of the range.</summary>
    public void ExpectEnd(string context)
    {
        if (!AtEnd)
        {
            var start = _current.Start;
            _diagnostics.Error(DiagnosticCodes.UnexpectedToken, _source, start, _lexer.RangeEnd, $"Unexpected {Describe(_current)} {context}{Hint(_current)}: remove it or join it to the expression with an operator.");
            SkipToEnd();
        }
    }

    public void SkipToEnd()
    {
        while (!AtEnd)
        {
            Advance();
        }
    }

    private Expr ParseLogical()
    {
        var left = ParseEquality();
        while (_current.Kind is TokenKind.And or TokenKind.Or or TokenKind.Xor)
        {
            var op = Advance().Kind switch { TokenKind.And => Operator.And, TokenKind.Or => Operator.Or, _ => Operator.Xor };
            left = Binary(op, left, ParseEquality());
        }

        return left;
    }

    private Expr ParseEquality()
    {
        var left = ParseComparison();
        while (_current.Kind is TokenKind.EqualEqual or TokenKind.NotEqual)
        {
            var op = Advance().Kind == TokenKind.EqualEqual ? Operator.Equal : Operator.NotEqual;
            left = Binary(op, left, ParseComparison());
        }

        return left;
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        while (_current.Kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual)
        {
            var op = Advance().Kind switch
            {
                TokenKind.Less => Operator.Less,
                TokenKind.LessEqual => Operator.LessOrEqual,
                TokenKind.Greater => Operator.Greater,
                _ => Operator.GreaterOrEqual,
            };
            left = Binary(op, left, ParseAdditive());
        }

        return left;
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (_current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance().Kind == TokenKind.Plus ? Operator.Add : Operator.Subtract;
            left = Binary(op, left, ParseMultiplicative());
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (_current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance().Kind switch { TokenKind.Star => Operator.Multiply, TokenKind.Slash => Operator.Divide, _ => Operator.Modulo };
            left = Binary(op, left, ParseUnary());
        }

        return left;
    }

    private Expr Binary(Operator op, Expr left, Expr right)
    {
        var height = Math.Max(left.Height, right.Height) + 1;
        if (height > _maxHeight)
        {
            return TooDeep(left.Start);
        }

        return new BinaryExpr(left.Start, right.End, op, left, right) { Height = height };
    }

    private Expr ParseUnary()
    {
        if (_current.Kind is TokenKind.Minus or TokenKind.Not)
        {
            var t = Advance();
            if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                _depth--;
                return TooDeep(t.Start);
            }

            var operand = ParseUnary();
            _depth--;
            return new UnaryExpr(t.Start, operand.End, t.Kind == TokenKind.Minus ? Operator.Negate : Operator.Not, operand) { Height = operand.Height + 1 };
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var t = _current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralExpr(t.Start, t.End, StoryValue.FromNumber(t.Number));
            case TokenKind.String:
                Advance();
                return new LiteralExpr(t.Start, t.End, StoryValue.FromString(t.Text!));
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                return new LiteralExpr(t.Start, t.End, StoryValue.FromBool(t.Kind == TokenKind.True));
            case TokenKind.Variable:
                Advance();
                return new VariableExpr(t.Start, t.End, t.Text!);
            case TokenKind.LeftParen:
                return ParseParenthesized();
            case TokenKind.Identifier:
                Advance();
                return _current.Kind == TokenKind.LeftParen ? ParseCall(t) : Member(t);
            case TokenKind.Dot:
                Advance();
                if (_current.Kind == TokenKind.Identifier && !_current.Text!.Contains('.', StringComparison.Ordinal))
                {
                    var name = Advance();
                    return new MemberExpr(t.Start, name.End, null, name.Text!);
                }

                _diagnostics.Error(DiagnosticCodes.ExpectedExpression, _source, t.Start, _current.End, "A '.' must be followed by an enum case name, like .Apple.");
                return new ErrorExpr(t.Start, t.End);
            default:
                if (t.Kind != TokenKind.End)
                {
                    Advance();
                }

                if (t.Kind != TokenKind.Bad)
                {
                    _diagnostics.Error(DiagnosticCodes.ExpectedExpression, _source, t.Start, t.End,
                        t.Kind == TokenKind.End
                            ? "Expected a value here but the expression ended: complete it."
                            : $"Expected a value but found {Describe(t)}{Hint(t)}: write a number, string, variable, function call or parenthesized expression.");
                }

                return new ErrorExpr(t.Start, t.End);
        }
    }

    private Expr ParseParenthesized()
    {
        var open = Advance();
        if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            return TooDeep(open.Start);
        }

        var inner = ParseExpression("inside parentheses");
        _depth--;
        if (_current.Kind == TokenKind.RightParen)
        {
            Advance();
        }
        else if (_current.Kind != TokenKind.End || !_tooDeepReported)
        {
            _diagnostics.Error(DiagnosticCodes.UnexpectedToken, _source, open.Start, Math.Max(_current.Start, open.End), "This '(' is not closed: add a ')'.");
        }

        inner.End = _current.Start;
        return inner;
    }

    private Expr ParseCall(Token name)
    {
        Advance();
        var args = new List<Expr>();
        if (_current.Kind != TokenKind.RightParen)
        {
            if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                _depth--;
                return TooDeep(name.Start);
            }

            while (true)
            {
                args.Add(ParseExpression($"as argument {args.Count + 1} of {name.Text}"));
                if (_current.Kind != TokenKind.Comma)
                {
                    break;
                }

                Advance();
            }

            _depth--;
        }

        var end = _current.End;
        if (_current.Kind == TokenKind.RightParen)
        {
            Advance();
        }
        else if (!_tooDeepReported)
        {
            _diagnostics.Error(DiagnosticCodes.UnexpectedToken, _source, name.Start, Math.Max(_current.Start, name.End), $"The call to {name.Text} is not closed: add a ')' after its arguments.");
        }

        var height = 1;
        foreach (var a in args)
        {
            height = Math.Max(height, a.Height + 1);
        }

        return new CallExpr(name.Start, end, name.Text!, args) { Height = height };
    }

    private Expr Member(Token t)
    {
        var text = t.Text!;
        var dot = text.LastIndexOf('.');
        if (dot < 0)
        {
            _diagnostics.Error(DiagnosticCodes.UnexpectedToken, _source, t.Start, t.End,
                $"'{text}' is not a value: variables start with '$' ($" + text + "), strings need quotes (\"" + text + "\"), and functions need parentheses (" + text + "()).");
            return new ErrorExpr(t.Start, t.End);
        }

        return new MemberExpr(t.Start, t.End, text[..dot], text[(dot + 1)..]);
    }

    private ErrorExpr TooDeep(int start)
    {
        if (!_tooDeepReported)
        {
            _tooDeepReported = true;
            var limit = _depth + 1 > _maxDepth
                ? $"the limit of {_maxDepth}"
                : $"what the compiler can handle on this thread ({_depth} levels)";
            _diagnostics.Error(DiagnosticCodes.NestingTooDeep, _source, start, _lexer.RangeEnd,
                $"This expression nests deeper than {limit}: split it into smaller expressions using variables.");
        }

        SkipToEnd();
        return new ErrorExpr(start, _lexer.RangeEnd);
    }

    /// <summary>A token as the author wrote it, for messages (never an internal token name).</summary>
    internal static string Describe(Token t) => t.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Identifier or TokenKind.Variable => $"'{t.Text}'",
        TokenKind.Number => "a number",
        TokenKind.String => "a string",
        TokenKind.True => "'true'",
        TokenKind.False => "'false'",
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.Comma => "','",
        TokenKind.Dot => "'.'",
        TokenKind.Plus => "'+'",
        TokenKind.Minus => "'-'",
        TokenKind.Star => "'*'",
        TokenKind.Slash => "'/'",
        TokenKind.Percent => "'%'",
        TokenKind.EqualEqual => "'=='",
        TokenKind.NotEqual => "'!='",
        TokenKind.Less => "'<'",
        TokenKind.LessEqual => "'<='",
        TokenKind.Greater => "'>'",
        TokenKind.GreaterEqual => "'>='",
        TokenKind.And => "'and'",
        TokenKind.Or => "'or'",
        TokenKind.Xor => "'xor'",
        TokenKind.Not => "'not'",
        TokenKind.Assign => "'='",
        TokenKind.PlusAssign => "'+='",
        TokenKind.MinusAssign => "'-='",
        TokenKind.StarAssign => "'*='",
        TokenKind.SlashAssign => "'/='",
        TokenKind.PercentAssign => "'%='",
        TokenKind.To => "'to'",
        TokenKind.As => "'as'",
        TokenKind.LeftBrace => "'{'",
        TokenKind.RightBrace => "'}'",
        _ => "an unexpected character",
    };

    /// <summary>Extra advice for a token that is out of place: a lone '=' is usually a comparison meant as '=='.</summary>
    private static string Hint(Token t) => t.Kind == TokenKind.Assign ? " ('=' here: did you mean '=='?)" : "";
}

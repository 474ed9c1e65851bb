using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace GameBook.Core.Tests.Conformance;

/// <summary>A parsed Yarn Spinner test plan: one or more runs, each a list of steps.</summary>
public sealed record TestPlan(ImmutableArray<TestRun> Runs)
{
    /// <summary>Parses the text of a <c>.testplan</c> file (grammar: YarnSpinnerTestPlan.g4).</summary>
    /// <exception cref="TestPlanFormatException">The text does not follow the grammar.</exception>
    public static TestPlan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TestPlanParser(TestPlanLexer.Tokenize(text)).ParsePlan();
    }

    /// <summary>Reads and parses a <c>.testplan</c> file.</summary>
    public static TestPlan FromFile(string path) => Parse(File.ReadAllText(path));
}

/// <summary>One run of a plan: the steps between two <c>---</c> separators.</summary>
public sealed record TestRun(int Number, ImmutableArray<TestStep> Steps);

/// <summary>A step of a run. <see cref="Line"/> is the 1-based line of the plan the step starts on.</summary>
public abstract record TestStep(int Line)
{
    /// <summary>The step as the plan spells it.</summary>
    public abstract string Describe();
}

/// <summary><c>line: `TEXT`</c>, or <c>line: *</c> when <see cref="Text"/> is null (any text).</summary>
public sealed record LineStep(int Line, string? Text) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => Text is null ? "line: *" : $"line: `{Text}`";
}

/// <summary><c>option: `TEXT`</c>, with <c>[disabled]</c> when the option must be unavailable.</summary>
public sealed record OptionStep(int Line, string Text, bool IsDisabled) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => IsDisabled ? $"option: `{Text}` [disabled]" : $"option: `{Text}`";
}

/// <summary><c>select: N</c>: N is 1-based; 0 means "no option" (fall through).</summary>
public sealed record SelectStep(int Line, int Option) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => $"select: {Option.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary><c>command: `TEXT`</c>.</summary>
public sealed record CommandStep(int Line, string Text) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => $"command: `{Text}`";
}

/// <summary><c>stop</c>: the dialogue must end; the run ends here.</summary>
public sealed record StopStep(int Line) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => "stop";
}

/// <summary><c>set: $var = VALUE</c>, VALUE a bool or a non-negative integer.</summary>
public sealed record SetStep(int Line, string Variable, bool? BoolValue, double? NumberValue) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"set: {Variable} = {(BoolValue is { } b ? (b ? "true" : "false") : NumberValue!.Value.ToString(CultureInfo.InvariantCulture))}";
}

/// <summary><c>node: NAME</c>: jump to a node, keeping variables.</summary>
public sealed record NodeStep(int Line, string NodeName) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => $"node: {NodeName}";
}

/// <summary><c>saliency: MODE</c>: <c>first</c>, <c>best</c> or <c>best_least_recently_seen</c>.</summary>
public sealed record SaliencyStep(int Line, string Mode) : TestStep(Line)
{
    /// <inheritdoc/>
    public override string Describe() => $"saliency: {Mode}";
}

/// <summary>A test plan that does not follow the grammar.</summary>
public sealed class TestPlanFormatException : Exception
{
    public TestPlanFormatException() { }

    public TestPlanFormatException(string message) : base(message) { }

    public TestPlanFormatException(string message, Exception inner) : base(message, inner) { }

    public TestPlanFormatException(int line, int column, string message)
        : base($"({line.ToString(CultureInfo.InvariantCulture)},{column.ToString(CultureInfo.InvariantCulture)}): {message}")
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}

internal enum TokenKind
{
    Separator,   // ---
    LineKeyword, // line:
    OptionKeyword,
    CommandKeyword,
    SelectKeyword,
    SetKeyword,
    NodeKeyword,
    SaliencyKeyword,
    Stop,
    Star,
    Disabled,    // [disabled]
    Equals,
    Bool,
    Identifier,
    Variable,
    Number,
    Text,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Value, int Line, int Column);

/// <summary>
/// The lexer of YarnSpinnerTestPlan.g4: whitespace and <c>#</c> comments are skipped; keywords include
/// their colon; the longest match wins (so <c>stopped</c> is an identifier, <c>line:</c> a keyword).
/// </summary>
internal static class TestPlanLexer
{
    private static readonly Dictionary<string, TokenKind> ColonKeywords = new(StringComparer.Ordinal)
    {
        ["line"] = TokenKind.LineKeyword,
        ["option"] = TokenKind.OptionKeyword,
        ["command"] = TokenKind.CommandKeyword,
        ["select"] = TokenKind.SelectKeyword,
        ["set"] = TokenKind.SetKeyword,
        ["node"] = TokenKind.NodeKeyword,
        ["saliency"] = TokenKind.SaliencyKeyword,
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, column = 1;

        void Advance(int count)
        {
            for (var k = 0; k < count; k++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }

                i++;
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            int startLine = line, startColumn = column;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                Advance(1);
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n'))
                {
                    Advance(1);
                }
            }
            else if (c == '`')
            {
                var close = text.IndexOf('`', i + 1);
                if (close < 0)
                {
                    throw new TestPlanFormatException(startLine, startColumn, "unterminated `text`: no closing backtick");
                }

                var value = text[(i + 1)..close];
                Advance(close + 1 - i);
                tokens.Add(new Token(TokenKind.Text, value, startLine, startColumn));
            }
            else if (string.CompareOrdinal(text, i, "---", 0, 3) == 0)
            {
                Advance(3);
                tokens.Add(new Token(TokenKind.Separator, "---", startLine, startColumn));
            }
            else if (string.CompareOrdinal(text, i, "[disabled]", 0, 10) == 0)
            {
                Advance(10);
                tokens.Add(new Token(TokenKind.Disabled, "[disabled]", startLine, startColumn));
            }
            else if (c == '*')
            {
                Advance(1);
                tokens.Add(new Token(TokenKind.Star, "*", startLine, startColumn));
            }
            else if (c == '=')
            {
                Advance(1);
                tokens.Add(new Token(TokenKind.Equals, "=", startLine, startColumn));
            }
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                var value = text[i..end];
                Advance(end - i);
                tokens.Add(new Token(TokenKind.Number, value, startLine, startColumn));
            }
            else if (c == '$' && i + 1 < text.Length && IsIdentifierStart(text[i + 1]))
            {
                var end = ScanIdentifier(text, i + 1);
                var value = text[i..end];
                Advance(end - i);
                tokens.Add(new Token(TokenKind.Variable, value, startLine, startColumn));
            }
            else if (IsIdentifierStart(c))
            {
                var end = ScanIdentifier(text, i);
                var word = text[i..end];
                if (end < text.Length && text[end] == ':' && ColonKeywords.TryGetValue(word, out var keyword))
                {
                    Advance(end + 1 - i);
                    tokens.Add(new Token(keyword, word + ":", startLine, startColumn));
                }
                else
                {
                    Advance(end - i);
                    var kind = word switch
                    {
                        "stop" => TokenKind.Stop,
                        "true" or "false" => TokenKind.Bool,
                        _ => TokenKind.Identifier,
                    };
                    tokens.Add(new Token(kind, word, startLine, startColumn));
                }
            }
            else
            {
                throw new TestPlanFormatException(startLine, startColumn, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(TokenKind.End, "", line, column));
        return tokens;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static int ScanIdentifier(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end;
    }
}

/// <summary>Recursive descent over the token list: <c>testplan : run ('---' run)* EOF</c>.</summary>
internal sealed class TestPlanParser(List<Token> tokens)
{
    private int _position;

    private Token Current => tokens[_position];

    public TestPlan ParsePlan()
    {
        var runs = ImmutableArray.CreateBuilder<TestRun>();
        runs.Add(ParseRun(1));
        while (Current.Kind == TokenKind.Separator)
        {
            _position++;
            runs.Add(ParseRun(runs.Count + 1));
        }

        if (Current.Kind != TokenKind.End)
        {
            throw Error($"expected a step, '---' or the end of the plan, found {Describe(Current)}");
        }

        return new TestPlan(runs.ToImmutable());
    }

    private TestRun ParseRun(int number)
    {
        var steps = ImmutableArray.CreateBuilder<TestStep>();
        while (Current.Kind is not (TokenKind.Separator or TokenKind.End))
        {
            steps.Add(ParseStep());
        }

        if (steps.Count == 0)
        {
            throw Error($"run {number.ToString(CultureInfo.InvariantCulture)} has no steps");
        }

        return new TestRun(number, steps.ToImmutable());
    }

    private TestStep ParseStep()
    {
        var start = Current;
        _position++;
        switch (start.Kind)
        {
            case TokenKind.LineKeyword:
                if (Current.Kind == TokenKind.Star)
                {
                    _position++;
                    return new LineStep(start.Line, null);
                }

                return new LineStep(start.Line, Expect(TokenKind.Text, "`text` or *").Value);
            case TokenKind.OptionKeyword:
                var optionText = Expect(TokenKind.Text, "`text`").Value;
                var disabled = Current.Kind == TokenKind.Disabled;
                if (disabled)
                {
                    _position++;
                }

                return new OptionStep(start.Line, optionText, disabled);
            case TokenKind.CommandKeyword:
                return new CommandStep(start.Line, Expect(TokenKind.Text, "`text`").Value);
            case TokenKind.Stop:
                return new StopStep(start.Line);
            case TokenKind.SelectKeyword:
                return new SelectStep(start.Line, ParseInt(Expect(TokenKind.Number, "an option number")));
            case TokenKind.SetKeyword:
                var variable = Expect(TokenKind.Variable, "a $variable").Value;
                Expect(TokenKind.Equals, "'='");
                var value = Current;
                _position++;
                return value.Kind switch
                {
                    TokenKind.Bool => new SetStep(start.Line, variable, value.Value == "true", null),
                    TokenKind.Number => new SetStep(start.Line, variable, null, ParseInt(value)),
                    _ => throw Error(value, $"expected true, false or a number, found {Describe(value)}"),
                };
            case TokenKind.NodeKeyword:
                return new NodeStep(start.Line, Expect(TokenKind.Identifier, "a node name").Value);
            case TokenKind.SaliencyKeyword:
                return new SaliencyStep(start.Line, Expect(TokenKind.Identifier, "a saliency mode").Value);
            default:
                _position--;
                throw Error($"expected a step (line:, option:, command:, stop, select:, set:, node:, saliency:), found {Describe(start)}");
        }
    }

    private Token Expect(TokenKind kind, string what)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw Error($"expected {what}, found {Describe(token)}");
        }

        _position++;
        return token;
    }

    private static int ParseInt(Token token) =>
        int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Error(token, $"number {token.Value} is too large");

    private TestPlanFormatException Error(string message) => Error(Current, message);

    private static TestPlanFormatException Error(Token token, string message) => new(token.Line, token.Column, message);

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the plan",
        TokenKind.Text => $"`{Shorten(token.Value)}`",
        _ => $"'{token.Value}'",
    };

    private static string Shorten(string value)
    {
        if (value.Length <= 40)
        {
            return value;
        }

        var builder = new StringBuilder(value, 0, 37, 40);
        return builder.Append("...").ToString();
    }
}

using System.Globalization;
using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>
/// Tokenizes expression text inside a fixed range of a file (a command, an inline <c>{}</c>, a header value)
/// without copying it: tokens are spans, names are interned, string literals are unescaped only when they
/// contain escapes.
/// </summary>
internal sealed class ExpressionLexer(SourceText source, int start, int end, DiagnosticBag diagnostics, NameTable names)
{
    private readonly string _text = source.Text;
    private int _pos = start;
    private int _end = end;

    /// <summary>Points the lexer at a new range of the same file, so one instance serves a whole file.</summary>
    public void Reset(int newStart, int newEnd)
    {
        _pos = newStart;
        _end = newEnd;
    }

    public int Position => _pos;

    public int RangeEnd => _end;

    public Token Next()
    {
        var t = _text;
        while (_pos < _end && (t[_pos] == ' ' || t[_pos] == '\t'))
        {
            _pos++;
        }

        if (_pos >= _end)
        {
            return new Token(TokenKind.End, _end, _end);
        }

        var s = _pos;
        var c = t[_pos];
        if (char.IsAsciiDigit(c))
        {
            return LexNumber(s);
        }

        if (c == '"')
        {
            return LexString(s);
        }

        if (c == '$')
        {
            _pos++;
            while (_pos < _end && IsNameChar(t[_pos]))
            {
                _pos++;
            }

            if (_pos == s + 1)
            {
                diagnostics.Error(DiagnosticCodes.UnexpectedCharacter, source, s, s + 1, "A '$' must be followed by a variable name, like $gold.");
                return new Token(TokenKind.Bad, s, _pos);
            }

            return new Token(TokenKind.Variable, s, _pos, names.Intern(t.AsSpan(s, _pos - s)));
        }

        if (char.IsLetter(c) || c == '_')
        {
            _pos++;
            while (_pos < _end && (IsNameChar(t[_pos]) || (t[_pos] == '.' && _pos + 1 < _end && (char.IsLetter(t[_pos + 1]) || t[_pos + 1] == '_'))))
            {
                _pos++;
            }

            return Word(s, t.AsSpan(s, _pos - s));
        }

        _pos++;
        var n = _pos < _end ? t[_pos] : '\0';
        switch (c)
        {
            case '(': return new Token(TokenKind.LeftParen, s, _pos);
            case ')': return new Token(TokenKind.RightParen, s, _pos);
            case '{': return new Token(TokenKind.LeftBrace, s, _pos);
            case '}': return new Token(TokenKind.RightBrace, s, _pos);
            case ',': return new Token(TokenKind.Comma, s, _pos);
            case '.': return new Token(TokenKind.Dot, s, _pos);
            case '^': return new Token(TokenKind.Xor, s, _pos);
            case '+': return Maybe(n == '=', TokenKind.PlusAssign, TokenKind.Plus, s);
            case '-': return Maybe(n == '=', TokenKind.MinusAssign, TokenKind.Minus, s);
            case '*': return Maybe(n == '=', TokenKind.StarAssign, TokenKind.Star, s);
            case '/': return Maybe(n == '=', TokenKind.SlashAssign, TokenKind.Slash, s);
            case '%': return Maybe(n == '=', TokenKind.PercentAssign, TokenKind.Percent, s);
            case '=': return Maybe(n == '=', TokenKind.EqualEqual, TokenKind.Assign, s);
            case '!': return Maybe(n == '=', TokenKind.NotEqual, TokenKind.Not, s);
            case '<': return Maybe(n == '=', TokenKind.LessEqual, TokenKind.Less, s);
            case '>': return Maybe(n == '=', TokenKind.GreaterEqual, TokenKind.Greater, s);
            case '&' when n == '&': _pos++; return new Token(TokenKind.And, s, _pos);
            case '|' when n == '|': _pos++; return new Token(TokenKind.Or, s, _pos);
            default:
                diagnostics.Error(DiagnosticCodes.UnexpectedCharacter, source, s, s + 1,
                    $"Unexpected character '{Printable(c)}' in an expression: remove it, or escape it with a backslash if it belongs to the text.");
                return new Token(TokenKind.Bad, s, _pos);
        }
    }

    internal static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    internal static string Printable(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();

    private Token Maybe(bool second, TokenKind twoChar, TokenKind oneChar, int s)
    {
        if (second)
        {
            _pos++;
            return new Token(twoChar, s, _pos);
        }

        return new Token(oneChar, s, _pos);
    }

    private Token Word(int s, ReadOnlySpan<char> w)
    {
        var kind = w switch
        {
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "xor" => TokenKind.Xor,
            "not" => TokenKind.Not,
            "is" or "eq" => TokenKind.EqualEqual,
            "neq" => TokenKind.NotEqual,
            "gt" => TokenKind.Greater,
            "lt" => TokenKind.Less,
            "gte" => TokenKind.GreaterEqual,
            "lte" => TokenKind.LessEqual,
            "to" => TokenKind.To,
            "as" => TokenKind.As,
            _ => TokenKind.Identifier,
        };
        return kind == TokenKind.Identifier ? new Token(kind, s, _pos, names.Intern(w)) : new Token(kind, s, _pos);
    }

    private Token LexNumber(int s)
    {
        var t = _text;
        while (_pos < _end && char.IsAsciiDigit(t[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < _end && t[_pos] == '.' && char.IsAsciiDigit(t[_pos + 1]))
        {
            _pos++;
            while (_pos < _end && char.IsAsciiDigit(t[_pos]))
            {
                _pos++;
            }
        }

        _ = double.TryParse(t.AsSpan(s, _pos - s), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
        return new Token(TokenKind.Number, s, _pos, null, value);
    }

    private Token LexString(int s)
    {
        var t = _text;
        _pos++;
        var hasEscape = false;
        while (_pos < _end && t[_pos] != '"')
        {
            if (t[_pos] == '\\' && _pos + 1 < _end)
            {
                hasEscape = true;
                _pos++;
            }

            _pos++;
        }

        if (_pos >= _end)
        {
            diagnostics.Error(DiagnosticCodes.UnterminatedString, source, s, _end, "This string has no closing '\"': add one before the _end of the line.");
            return new Token(TokenKind.String, s, _end, Unescape(t.AsSpan(s + 1, _end - s - 1), hasEscape));
        }

        _pos++;
        return new Token(TokenKind.String, s, _pos, Unescape(t.AsSpan(s + 1, _pos - s - 2), hasEscape));
    }

    private string Unescape(ReadOnlySpan<char> body, bool hasEscape)
    {
        if (!hasEscape)
        {
            return body.Length < 32 ? names.Intern(body) : body.ToString();
        }

        var sb = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                c = body[++i] switch { 'n' => '\n', 't' => '\t', var other => other };
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}

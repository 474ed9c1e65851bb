using System.Globalization;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>
/// Scans the text of a line, option or line-group item: keeps escapes verbatim, turns each <c>{expr}</c>
/// into a <c>{N}</c> hole (parsing the expression), and collects the trailing condition and hashtags.
/// The raw text it builds is the input format of <see cref="Text.LineTemplate.Parse"/>.
/// </summary>
internal sealed class LineContentParser(SourceText source, DiagnosticBag diagnostics, NameTable names, int maxDepth)
{
    private readonly StringBuilder _raw = new();
    private readonly string _text = source.Text;
    private readonly ExpressionParser _expressions = new(source, diagnostics, names, maxDepth);

    public LineContent Parse(int start, int end)
    {
        var t = _text;
        _raw.Clear();
        List<Expr>? subs = null;
        List<string>? tags = null;
        var condition = default(LineCondition);
        var inTrailer = false;
        var i = start;
        while (i < end)
        {
            var c = t[i];
            var n = i + 1 < end ? t[i + 1] : '\0';
            if (c == '/' && n == '/')
            {
                break;
            }

            if (c == '#')
            {
                var j = i + 1;
                while (j < end && !char.IsWhiteSpace(t[j]) && t[j] != '#' && !(t[j] == '/' && j + 1 < end && t[j + 1] == '/'))
                {
                    j++;
                }

                (tags ??= []).Add(t.Substring(i + 1, j - i - 1));
                inTrailer = true;
                i = j;
                continue;
            }

            if (c == '<' && n == '<')
            {
                var close = FindCommandEnd(t, i + 2, end);
                if (close < 0)
                {
                    diagnostics.Error(DiagnosticCodes.UnterminatedCommand, source, i, end,
                        "This condition has no closing '>>': write '<<if condition>>' at the end of the line, or escape the text as '\\<\\<'.");
                    break;
                }

                condition = ParseCondition(i, i + 2, close);
                inTrailer = true;
                i = close + 2;
                continue;
            }

            if (inTrailer)
            {
                if (!char.IsWhiteSpace(c))
                {
                    diagnostics.Error(DiagnosticCodes.UnexpectedText, source, i, end,
                        "Text follows a hashtag or condition: put the text before the condition and hashtags, or escape '#' as '\\#'.");
                    break;
                }

                i++;
                continue;
            }

            if (c == '\\')
            {
                _raw.Append(c);
                if (i + 1 < end)
                {
                    _raw.Append(n);
                }

                i += 2;
                continue;
            }

            if (c == '{')
            {
                var close = FindBraceEnd(t, i + 1, end);
                var exprEnd = close < 0 ? end : close;
                if (close < 0)
                {
                    diagnostics.Error(DiagnosticCodes.UnterminatedInlineExpression, source, i, end,
                        "This '{' starts an inline expression that is never closed: add '}' after the expression, or escape a literal brace as '\\{'.");
                }

                var parser = _expressions.Reset(i + 1, exprEnd);
                subs ??= [];
                var expr = parser.ParseExpression("inside '{}'");
                parser.ExpectEnd("inside '{}'");
                _raw.Append('{').Append(subs.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
                subs.Add(expr);
                i = close < 0 ? end : close + 1;
                continue;
            }

            _raw.Append(c);
            i++;
        }

        var raw = TrimmedRaw();
        return new LineContent(start, end, raw, (IReadOnlyList<Expr>?)subs ?? [], (IReadOnlyList<string>?)tags ?? [], condition);
    }

    /// <summary>Reports anything but hashtags and a comment after a command's <c>&gt;&gt;</c>.</summary>
    public void CheckTrailer(int start, int end)
    {
        var t = _text;
        var i = start;
        while (i < end)
        {
            var c = t[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < end && t[i + 1] == '/')
            {
                return;
            }

            if (c == '#')
            {
                while (i < end && !char.IsWhiteSpace(t[i]))
                {
                    i++;
                }

                continue;
            }

            diagnostics.Error(DiagnosticCodes.UnexpectedText, source, i, end,
                "Text follows a command on the same line: put each command and line of text on its own line.");
            return;
        }
    }

    private LineCondition ParseCondition(int at, int innerStart, int innerEnd)
    {
        var parser = _expressions.Reset(innerStart, innerEnd);
        var word = parser.Current;
        if (word.Kind == TokenKind.Identifier && word.Text == "if")
        {
            parser.Advance();
            var expr = parser.ParseExpression("after 'if'");
            parser.ExpectEnd("in the line's condition");
            return new LineCondition(expr, false);
        }

        if (word.Kind == TokenKind.Identifier && word.Text == "once")
        {
            parser.Advance();
            Expr? expr = null;
            if (parser.Current.Kind == TokenKind.Identifier && parser.Current.Text == "if")
            {
                parser.Advance();
                expr = parser.ParseExpression("after 'once if'");
            }

            parser.ExpectEnd("in '<<once>>'");
            return new LineCondition(expr, true);
        }

        diagnostics.Error(DiagnosticCodes.UnexpectedToken, source, at, innerEnd + 2,
            "Only '<<if condition>>', '<<once>>' or '<<once if condition>>' may follow text on a line: move the command to its own line.");
        return default;
    }

    private string TrimmedRaw()
    {
        var s = 0;
        var e = _raw.Length;
        while (s < e && char.IsWhiteSpace(_raw[s]))
        {
            s++;
        }

        // Trim trailing whitespace unless an odd run of backslashes escapes it ("\ " keeps the space, "\\ " does not).
        while (e > s && char.IsWhiteSpace(_raw[e - 1]) && !IsEscaped(e - 1, s))
        {
            e--;
        }

        return _raw.ToString(s, e - s);
    }

    private bool IsEscaped(int index, int start)
    {
        var count = 0;
        for (var i = index - 1; i >= start && _raw[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    /// <summary>Index of the <c>&gt;&gt;</c> closing a command that starts before <paramref name="from"/>, skipping string literals; -1 if none.</summary>
    internal static int FindCommandEnd(string t, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            var c = t[i];
            if (c == '"')
            {
                i = SkipString(t, i, end);
                if (i >= end)
                {
                    return -1;
                }
            }
            else if (c == '>' && i + 1 < end && t[i + 1] == '>')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the <c>}</c> closing an inline expression, skipping string literals; -1 if none.</summary>
    internal static int FindBraceEnd(string t, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            var c = t[i];
            if (c == '"')
            {
                i = SkipString(t, i, end);
                if (i >= end)
                {
                    return -1;
                }
            }
            else if (c == '}')
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipString(string t, int quote, int end)
    {
        var i = quote + 1;
        while (i < end && t[i] != '"')
        {
            i += t[i] == '\\' ? 2 : 1;
        }

        return i;
    }
}

using System.Runtime.CompilerServices;
using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>
/// Parses a node body into statements. Lines are classified once; blocks (<c>if</c>, <c>once</c>) end at
/// their keywords and option/line-group bodies end at the first line indented no deeper than the item.
/// Nesting beyond the limit is reported and skipped with a flat scan, so no input can exhaust the stack.
/// </summary>
internal sealed class BodyParser
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly NameTable _names;
    private readonly int _maxDepth;
    private readonly LineContentParser _content;
    private readonly SingleLineStatementParser _single;
    private readonly ExpressionParser _expressions;
    private LineInfo[] _lines = [];
    private int _count;
    private int _cursor;

    public BodyParser(SourceText source, DiagnosticBag diagnostics, NameTable names, int maxDepth)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
        _names = names;
        _maxDepth = maxDepth;
        _content = new LineContentParser(source, diagnostics, names, maxDepth);
        _single = new SingleLineStatementParser(source, diagnostics, names, maxDepth, _content);
        _expressions = new ExpressionParser(source, diagnostics, names, maxDepth);
    }

    /// <summary>
    /// A body line "title: X" followed by "---" is almost always the next node, after a forgotten "===": without this
    /// warning the player would be shown the header as text.
    /// </summary>
    private void WarnAboutSwallowedHeaders()
    {
        for (var i = 0; i + 1 < _count; i++)
        {
            var line = _lines[i];
            var next = _lines[i + 1];
            if (line.Kind != LineKind.Text || next.Kind != LineKind.Text)
            {
                continue;
            }

            var text = StoryParser.Trimmed(_text, line.ContentStart, line.End);
            if (text.StartsWith("title:", StringComparison.Ordinal) && StoryParser.Trimmed(_text, next.ContentStart, next.End).SequenceEqual("---"))
            {
                _diagnostics.Warning(DiagnosticCodes.MissingNodeEnd, _source, line.ContentStart, line.End,
                    $"This looks like the start of node '{text[6..].Trim().ToString()}', but it is inside the node above: is '===' missing before this line?");
            }
        }
    }

    public List<Statement> Parse(int firstLine, int endLine)
    {
        // One buffer per file, grown as needed: node bodies are parsed one after another.
        _cursor = 0;
        _count = endLine - firstLine;
        if (_lines.Length < _count)
        {
            _lines = new LineInfo[Math.Max(_count, _lines.Length * 2)];
        }

        for (var i = firstLine; i < endLine; i++)
        {
            _lines[i - firstLine] = Classify(_source.LineStart(i), _source.LineEnd(i));
        }

        WarnAboutSwallowedHeaders();

        // The first block is the whole body unless a stray block end splits it; only then are blocks joined.
        var result = ParseBlock(-1, 0);
        while (_cursor < _count)
        {
            var stray = _lines[_cursor++];
            _diagnostics.Error(DiagnosticCodes.UnexpectedBlockEnd, _source, stray.ContentStart, stray.End,
                $"'<<{stray.Keyword}>>' has no matching opening statement here: remove it or add the missing '<<if>>', '<<once>>' or '<<enum>>'.");
            result.AddRange(ParseBlock(-1, 0));
        }

        return result;
    }

    private LineInfo Classify(int start, int end)
    {
        var t = _text;
        var p = start;
        var indent = 0;
        while (p < end && (t[p] == ' ' || t[p] == '\t'))
        {
            indent += t[p] == '\t' ? 4 : 1;
            p++;
        }

        if (p >= end)
        {
            return new LineInfo(LineKind.Blank, start, end, indent, p);
        }

        var c = t[p];
        var n = p + 1 < end ? t[p + 1] : '\0';
        if (c == '/' && n == '/')
        {
            return new LineInfo(LineKind.Comment, start, end, indent, p);
        }

        if (c == '-' && n == '>')
        {
            return new LineInfo(LineKind.Option, start, end, indent, p);
        }

        if (c == '=' && n == '>')
        {
            return new LineInfo(LineKind.LineGroupItem, start, end, indent, p);
        }

        if (c != '<' || n != '<')
        {
            return new LineInfo(LineKind.Text, start, end, indent, p);
        }

        var close = LineContentParser.FindCommandEnd(t, p + 2, end);
        var innerEnd = close;
        if (close < 0)
        {
            _diagnostics.Error(DiagnosticCodes.UnterminatedCommand, _source, p, end,
                "This command has no closing '>>' on its line: commands cannot span lines, so add '>>' at the end.");
            innerEnd = end;

            // "<<if $x>" is the usual slip: read the command without the lone '>' so it causes no second error.
            while (innerEnd > p + 2 && char.IsWhiteSpace(t[innerEnd - 1]))
            {
                innerEnd--;
            }

            if (innerEnd > p + 2 && t[innerEnd - 1] == '>')
            {
                innerEnd--;
            }
        }
        else
        {
            _content.CheckTrailer(close + 2, end);
        }

        var k = p + 2;
        while (k < innerEnd && (t[k] == ' ' || t[k] == '\t'))
        {
            k++;
        }

        var kwStart = k;
        while (k < innerEnd && ExpressionLexer.IsNameChar(t[k]))
        {
            k++;
        }

        var keyword = _names.Intern(t.AsSpan(kwStart, k - kwStart));
        return new LineInfo(LineKind.Command, start, end, indent, p, keyword, p + 2, innerEnd, k);
    }

    private static bool IsTerminator(string keyword) =>
        keyword is "elseif" or "else" or "endif" or "endonce" or "endenum" or "case";

    private List<Statement> ParseBlock(int floor, int depth)
    {
        var list = new List<Statement>();
        var resume = _cursor;
        while (_cursor < _count)
        {
            var line = _lines[_cursor];
            if (line.Kind is LineKind.Blank or LineKind.Comment)
            {
                _cursor++;
                continue;
            }

            if (line.Indent <= floor || (line.Kind == LineKind.Command && IsTerminator(line.Keyword)))
            {
                // Leave the skipped blank lines to the caller: a blank line ends an option group.
                _cursor = resume;
                break;
            }

            var statement = ParseStatement(line, floor, depth);
            if (statement is not null)
            {
                list.Add(statement);
            }

            resume = _cursor;
        }

        return list;
    }

    private Statement? ParseStatement(LineInfo line, int floor, int depth)
    {
        switch (line.Kind)
        {
            case LineKind.Text:
                _cursor++;
                return new LineStatement(line.ContentStart, line.End, _content.Parse(line.ContentStart, line.End));
            case LineKind.Option:
            case LineKind.LineGroupItem:
                return depth >= _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack() ? TooDeep(line, depth) : ParseChoices(line.Kind, floor, depth);
        }

        switch (line.Keyword)
        {
            case "if":
                return depth >= _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack() ? TooDeep(line, depth) : ParseIf(line, floor, depth);
            case "once":
                return depth >= _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack() ? TooDeep(line, depth) : ParseOnce(line, floor, depth);
            case "enum":
                return ParseEnum(line);
            default:
                _cursor++;
                return _single.Parse(line);
        }
    }

    private Statement? TooDeep(LineInfo line, int depth)
    {
        var limit = depth >= _maxDepth ? $"the limit of {_maxDepth}" : $"what the compiler can handle on this thread ({depth} levels)";
        _diagnostics.Error(DiagnosticCodes.NestingTooDeep, _source, line.ContentStart, line.End,
            $"Blocks and options nest deeper than {limit} here: move the inner content into a separate node and <<jump>> or <<detour>> to it.");
        _cursor++;
        if (line.Kind == LineKind.Command)
        {
            var open = 1;
            while (_cursor < _count && open > 0)
            {
                var l = _lines[_cursor++];
                if (l.Kind == LineKind.Command)
                {
                    open += l.Keyword is "if" or "once" ? 1 : l.Keyword is "endif" or "endonce" ? -1 : 0;
                }
            }
        }
        else
        {
            while (_cursor < _count && (_lines[_cursor].Kind is LineKind.Blank or LineKind.Comment || _lines[_cursor].Indent > line.Indent))
            {
                _cursor++;
            }
        }

        return null;
    }

    private Statement ParseChoices(LineKind kind, int floor, int depth)
    {
        var items = new List<ChoiceItem>();
        var first = _lines[_cursor];
        var last = first;
        while (true)
        {
            var line = _lines[_cursor++];
            last = line;
            var content = _content.Parse(line.ContentStart + 2, line.End);
            var indentedBlankFollows = _cursor < _count && _lines[_cursor].Kind == LineKind.Blank && _lines[_cursor].Indent > line.Indent;
            var body = ParseBlock(line.Indent, depth + 1);
            if (kind == LineKind.Option && body.Count == 0 && indentedBlankFollows)
            {
                _diagnostics.Error(DiagnosticCodes.EmptyOptionBody, _source, line.ContentStart, line.End,
                    "This option is followed by an indented line with no content: give the option a body indented under it, or remove the indentation.");
            }

            items.Add(new ChoiceItem(content, body));
            var next = _cursor;
            var sawBlank = false;
            while (next < _count && _lines[next].Kind is LineKind.Blank or LineKind.Comment)
            {
                sawBlank |= _lines[next].Kind == LineKind.Blank;
                next++;
            }

            if (sawBlank || next >= _count || _lines[next].Kind != kind || _lines[next].Indent <= floor)
            {
                break;
            }

            _cursor = next;
        }

        return kind == LineKind.Option
            ? new OptionsStatement(first.ContentStart, last.End, items)
            : new LineGroupStatement(first.ContentStart, last.End, items);
    }

    private IfStatement ParseIf(LineInfo line, int floor, int depth)
    {
        var clauses = new List<IfClause>();
        var condition = ParseCondition(line, "if");
        _cursor++;
        clauses.Add(new IfClause(condition, ParseBlock(floor, depth + 1)));
        var sawElse = false;
        while (true)
        {
            if (_cursor >= _count || _lines[_cursor].Kind != LineKind.Command || !IsTerminator(_lines[_cursor].Keyword) || _lines[_cursor].Keyword is "endonce" or "endenum" or "case")
            {
                _diagnostics.Error(DiagnosticCodes.MissingBlockEnd, _source, line.ContentStart, line.End,
                    "This '<<if>>' is never closed: add '<<endif>>' after its last line.");
                break;
            }

            var next = _lines[_cursor];
            if (next.Keyword == "endif")
            {
                _cursor++;
                ExpectNoArguments(next);
                break;
            }

            _cursor++;
            if (sawElse)
            {
                _diagnostics.Error(DiagnosticCodes.UnexpectedBlockEnd, _source, next.ContentStart, next.End,
                    $"'<<{next.Keyword}>>' cannot follow '<<else>>': move it before the '<<else>>' or close the block with '<<endif>>'.");
            }

            if (next.Keyword == "elseif")
            {
                var c = ParseCondition(next, "elseif");
                clauses.Add(new IfClause(c, ParseBlock(floor, depth + 1)));
            }
            else
            {
                ExpectNoArguments(next);
                sawElse = true;
                clauses.Add(new IfClause(null, ParseBlock(floor, depth + 1)));
            }
        }

        return new IfStatement(line.ContentStart, line.End, clauses);
    }

    private OnceStatement ParseOnce(LineInfo line, int floor, int depth)
    {
        Expr? condition = null;
        var rest = StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd);
        if (!rest.IsEmpty)
        {
            var parser = _expressions.Reset(line.ArgStart, line.InnerEnd);
            if (parser.Current.Kind == TokenKind.Identifier && parser.Current.Text == "if")
            {
                parser.Advance();
                condition = parser.ParseExpression("after 'once if'");
            }

            parser.ExpectEnd("in '<<once>>' (only '<<once>>' or '<<once if condition>>' are allowed)");
        }

        _cursor++;
        var body = ParseBlock(floor, depth + 1);
        List<Statement>? elseBody = null;
        if (_cursor < _count && _lines[_cursor].Kind == LineKind.Command && _lines[_cursor].Keyword == "else")
        {
            ExpectNoArguments(_lines[_cursor]);
            _cursor++;
            elseBody = ParseBlock(floor, depth + 1);
        }

        if (_cursor < _count && _lines[_cursor].Kind == LineKind.Command && _lines[_cursor].Keyword == "endonce")
        {
            ExpectNoArguments(_lines[_cursor]);
            _cursor++;
        }
        else
        {
            _diagnostics.Error(DiagnosticCodes.MissingBlockEnd, _source, line.ContentStart, line.End,
                "This '<<once>>' is never closed: add '<<endonce>>' after its last line.");
        }

        return new OnceStatement(line.ContentStart, line.End, condition, body, elseBody);
    }

    private EnumStatement ParseEnum(LineInfo line)
    {
        _cursor++;
        var nameSpan = StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd);
        var name = _names.Intern(nameSpan);
        if (name.Length == 0 || !StoryParser.IsValidName(nameSpan) || name.Contains('.', StringComparison.Ordinal))
        {
            _diagnostics.Error(DiagnosticCodes.InvalidEnum, _source, line.ContentStart, line.End, "An enum needs a name: write '<<enum Food>>'.");
        }

        var cases = new List<EnumCaseSyntax>();
        while (true)
        {
            while (_cursor < _count && _lines[_cursor].Kind is LineKind.Blank or LineKind.Comment)
            {
                _cursor++;
            }

            if (_cursor >= _count || _lines[_cursor].Kind != LineKind.Command || _lines[_cursor].Keyword is not ("case" or "endenum"))
            {
                _diagnostics.Error(DiagnosticCodes.MissingBlockEnd, _source, line.ContentStart, line.End,
                    "This '<<enum>>' is not closed: list its cases as '<<case Name>>' lines and end it with '<<endenum>>'.");
                break;
            }

            var l = _lines[_cursor++];
            if (l.Keyword == "endenum")
            {
                ExpectNoArguments(l);
                break;
            }

            var parser = _expressions.Reset(l.ArgStart, l.InnerEnd);
            if (parser.Current.Kind != TokenKind.Identifier || parser.Current.Text!.Contains('.', StringComparison.Ordinal))
            {
                _diagnostics.Error(DiagnosticCodes.InvalidEnum, _source, l.ContentStart, l.End, "A case needs a name: write '<<case Apple>>' or '<<case Apple = 1>>'.");
                continue;
            }

            var caseName = parser.Advance();
            Expr? raw = null;
            if (parser.Current.Kind == TokenKind.Assign)
            {
                parser.Advance();
                raw = parser.ParseExpression("as the case's raw value");
            }

            parser.ExpectEnd("in '<<case>>'");
            cases.Add(new EnumCaseSyntax(l.ContentStart, l.End, caseName.Text!, raw));
        }

        return new EnumStatement(line.ContentStart, line.End, name, cases);
    }

    private Expr ParseCondition(LineInfo line, string keyword)
    {
        var parser = _expressions.Reset(line.ArgStart, line.InnerEnd);
        var expr = parser.ParseExpression($"after '{keyword}'");
        parser.ExpectEnd($"in '<<{keyword}>>'");
        return expr;
    }

    private void ExpectNoArguments(LineInfo line)
    {
        if (!StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd).IsEmpty)
        {
            var elseIf = line.Keyword == "else" && StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd).StartsWith("if ", StringComparison.Ordinal);
            _diagnostics.Error(DiagnosticCodes.UnexpectedText, _source, line.ArgStart, line.InnerEnd, elseIf
                ? "'<<else if ...>>' is written '<<elseif ...>>' (one word)."
                : $"'<<{line.Keyword}>>' takes nothing after its keyword: remove the extra text.");
        }
    }
}

using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>
/// Splits a file into nodes (headers, <c>---</c>, body, <c>===</c>) and hands each body to
/// <see cref="BodyParser"/>. Line-oriented and allocation-light: headers and bodies are located by
/// scanning spans, never by regular expressions. Recovers from every error and keeps going.
/// </summary>
internal sealed class StoryParser(SourceText source, DiagnosticBag diagnostics, NameTable names, int maxDepth)
{
    private readonly BodyParser _bodies = new(source, diagnostics, names, maxDepth);

    public FileSyntax Parse()
    {
        var nodes = new List<NodeSyntax>();
        var lineCount = source.LineCount;
        var text = source.Text;
        var i = 0;
        while (i < lineCount)
        {
            var start = source.LineStart(i);
            var end = source.LineEnd(i);
            var content = Trimmed(text, start, end);
            if (content.IsEmpty || content.StartsWith("//") || content.StartsWith("#"))
            {
                i++;
                continue;
            }

            if (content.SequenceEqual("===") || content.SequenceEqual("---"))
            {
                diagnostics.Error(DiagnosticCodes.TextOutsideNode, source, start, end,
                    $"'{content.ToString()}' appears outside a node: a node starts with headers such as 'title: Start', then '---', the body, and '==='.");
                i++;
                continue;
            }

            i = ParseNode(i, nodes);
        }

        return new FileSyntax(source, nodes);
    }

    private int ParseNode(int i, List<NodeSyntax> nodes)
    {
        var text = source.Text;
        var lineCount = source.LineCount;
        var headers = new List<HeaderSyntax>();
        var firstStart = source.LineStart(i);
        var bodyStartLine = -1;
        for (; i < lineCount; i++)
        {
            var start = source.LineStart(i);
            var end = source.LineEnd(i);
            var content = Trimmed(text, start, end);
            if (content.SequenceEqual("---"))
            {
                bodyStartLine = i + 1;
                break;
            }

            if (content.SequenceEqual("==="))
            {
                break;
            }

            if (content.IsEmpty || content.StartsWith("//"))
            {
                continue;
            }

            ParseHeader(start, end, headers);
        }

        HeaderSyntax? title = null;
        foreach (var h in headers)
        {
            if (h.Key == "title")
            {
                title ??= h;
            }
        }

        if (bodyStartLine < 0)
        {
            var at = title ?? (headers.Count > 0 ? headers[0] : null);
            diagnostics.Error(DiagnosticCodes.MissingBodyStart, source, at?.Start ?? firstStart, at?.End ?? source.LineEnd(source.LineIndexOf(firstStart)),
                "This node has headers but no body: add a line '---' after the headers, then the body, then '==='.");
            return i + 1;
        }

        var bodyEndLine = bodyStartLine;
        while (bodyEndLine < lineCount && !Trimmed(text, source.LineStart(bodyEndLine), source.LineEnd(bodyEndLine)).SequenceEqual("==="))
        {
            bodyEndLine++;
        }

        var body = _bodies.Parse(bodyStartLine, bodyEndLine);
        if (title is null)
        {
            diagnostics.Error(DiagnosticCodes.MissingTitle, source, firstStart, source.LineEnd(source.LineIndexOf(firstStart)),
                "This node has no 'title:' header: add one, like 'title: Start', before the '---'.");
        }
        else if (!IsValidName(title.Value))
        {
            diagnostics.Error(DiagnosticCodes.InvalidNodeName, source, title.ValueStart, title.End,
                $"'{title.Value}' is not a valid node title: use letters, digits, underscores and dots, with no spaces.");
        }
        else
        {
            var when = ParseWhen(headers);
            var bodyStart = bodyStartLine < lineCount ? source.LineStart(bodyStartLine) : text.Length;
            var bodyEnd = bodyEndLine < lineCount ? source.LineStart(bodyEndLine) : text.Length;
            nodes.Add(new NodeSyntax(source, title.Value, title.ValueStart, title.End, source.LineIndexOf(title.Start) + 1, headers, when, body, bodyStart, bodyEnd));
        }

        return bodyEndLine + 1;
    }

    private void ParseHeader(int start, int end, List<HeaderSyntax> headers)
    {
        var text = source.Text;
        var p = start;
        while (p < end && char.IsWhiteSpace(text[p]))
        {
            p++;
        }

        var keyStart = p;
        while (p < end && (ExpressionLexer.IsNameChar(text[p]) || text[p] == '.' || text[p] == '-'))
        {
            p++;
        }

        var keyEnd = p;
        while (p < end && (text[p] == ' ' || text[p] == '\t'))
        {
            p++;
        }

        if (keyEnd == keyStart || p >= end || text[p] != ':')
        {
            diagnostics.Error(DiagnosticCodes.InvalidHeader, source, keyStart, end,
                "Expected a header 'key: value' (such as 'title: Start') or the '---' that starts the body.");
            return;
        }

        var valueStart = p + 1;
        var value = Trimmed(text, valueStart, end);
        var trimmedStart = value.IsEmpty ? valueStart : text.IndexOf(value[0], valueStart);
        headers.Add(new HeaderSyntax(names.Intern(text.AsSpan(keyStart, keyEnd - keyStart)), value.ToString(), keyStart, end, Math.Max(trimmedStart, valueStart)));
    }

    private List<WhenClause> ParseWhen(List<HeaderSyntax> headers)
    {
        var result = new List<WhenClause>();
        foreach (var h in headers)
        {
            if (h.Key != "when")
            {
                continue;
            }

            var value = h.Value;
            var valueEnd = h.ValueStart + value.Length;
            if (value.Length == 0)
            {
                diagnostics.Error(DiagnosticCodes.InvalidHeader, source, h.Start, h.End,
                    "This 'when:' header is empty: write 'always', 'once', 'once if <condition>' or a condition such as '$met_guard'.");
                continue;
            }

            if (value == "always")
            {
                result.Add(new WhenClause(h.Start, h.End, true, false, null));
                continue;
            }

            var once = value == "once" || value.StartsWith("once ", StringComparison.Ordinal);
            var exprStart = h.ValueStart;
            if (once)
            {
                exprStart += 4;
                var rest = value.AsSpan(4).Trim();
                if (rest.IsEmpty)
                {
                    result.Add(new WhenClause(h.Start, h.End, false, true, null));
                    continue;
                }

                if (!rest.StartsWith("if ") || rest.Length <= 3)
                {
                    diagnostics.Error(DiagnosticCodes.InvalidHeader, source, h.ValueStart, valueEnd, "After 'when: once' only 'if <condition>' may follow.");
                    continue;
                }

                exprStart = source.Text.IndexOf("if", exprStart, StringComparison.Ordinal) + 2;
            }

            var parser = new ExpressionParser(source, exprStart, valueEnd, diagnostics, names, maxDepth);
            var expr = parser.ParseExpression("in the 'when:' header");
            parser.ExpectEnd("in the 'when:' header");
            result.Add(new WhenClause(h.Start, h.End, false, once, expr));
        }

        return result;
    }

    internal static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!ExpressionLexer.IsNameChar(c) && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    internal static ReadOnlySpan<char> Trimmed(string text, int start, int end) => text.AsSpan(start, end - start).Trim();
}

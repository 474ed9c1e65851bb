using GameBook.Compilation;

namespace GameBook.Syntax;

/// <summary>Parses the one-line commands: set, declare, jump, detour, return, stop, call, give, take and host commands.</summary>
internal sealed class SingleLineStatementParser(SourceText source, DiagnosticBag diagnostics, NameTable names, int maxDepth, LineContentParser content)
{
    private readonly string _text = source.Text;
    private readonly ExpressionParser _expressions = new(source, diagnostics, names, maxDepth);

    public Statement? Parse(LineInfo line)
    {
        var s = line.ContentStart;
        var e = line.End;
        switch (line.Keyword)
        {
            case "set":
                return ParseSet(line);
            case "declare":
                return ParseDeclare(line);
            case "jump":
            case "detour":
                return ParseJump(line);
            case "return":
            case "stop":
                if (!StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd).IsEmpty)
                {
                    diagnostics.Error(DiagnosticCodes.UnexpectedText, source, line.ArgStart, line.InnerEnd, $"'<<{line.Keyword}>>' takes nothing after its keyword: remove the extra text.");
                }

                return line.Keyword == "stop" ? new StopStatement(s, e) : new ReturnStatement(s, e);
            case "call":
            {
                var parser = Parser(line);
                var expr = parser.ParseExpression("after 'call'");
                parser.ExpectEnd("in '<<call>>'");
                if (expr is not CallExpr and not ErrorExpr)
                {
                    diagnostics.Error(DiagnosticCodes.UnexpectedToken, source, expr.Start, expr.End, "'<<call>>' needs a function call, like '<<call save_game()>>'.");
                }

                return new CallStatement(s, e, expr);
            }

            case "give":
            case "take":
            {
                var parser = Parser(line);
                var item = parser.ParseExpression($"after '{line.Keyword}' (the item name, like \"lamp\")");
                Expr? count = parser.AtEnd ? null : parser.ParseExpression("as the count");
                parser.ExpectEnd($"in '<<{line.Keyword}>>' (write '<<{line.Keyword} \"item\" count>>')");
                return new InventoryStatement(s, e, line.Keyword == "give", item, count);
            }

            default:
                return ParseCommand(line);
        }
    }

    private ExpressionParser Parser(LineInfo line) => _expressions.Reset(line.ArgStart, line.InnerEnd);

    private SetStatement? ParseSet(LineInfo line)
    {
        var parser = Parser(line);
        if (parser.Current.Kind != TokenKind.Variable)
        {
            diagnostics.Error(DiagnosticCodes.ExpectedExpression, source, line.ContentStart, line.End, "'<<set>>' needs a variable: write '<<set $name to value>>'.");
            return null;
        }

        var v = parser.Advance();
        var target = new VariableExpr(v.Start, v.End, v.Text!);
        Operator? compound = parser.Current.Kind switch
        {
            TokenKind.PlusAssign => Operator.Add,
            TokenKind.MinusAssign => Operator.Subtract,
            TokenKind.StarAssign => Operator.Multiply,
            TokenKind.SlashAssign => Operator.Divide,
            TokenKind.PercentAssign => Operator.Modulo,
            _ => null,
        };
        if (compound is null && parser.Current.Kind is not (TokenKind.To or TokenKind.Assign))
        {
            diagnostics.Error(DiagnosticCodes.UnexpectedToken, source, parser.Current.Start, Math.Max(parser.Current.End, line.InnerEnd),
                $"Expected 'to', '=' or a compound operator such as '+=' after {v.Text}: write '<<set {v.Text} to value>>'.");
            return null;
        }

        parser.Advance();
        var value = parser.ParseExpression($"as the new value of {v.Text}");
        parser.ExpectEnd("in '<<set>>'");
        return value is ErrorExpr ? null : new SetStatement(line.ContentStart, line.End, target, compound, value);
    }

    private DeclareStatement? ParseDeclare(LineInfo line)
    {
        var parser = Parser(line);
        if (parser.Current.Kind != TokenKind.Variable)
        {
            diagnostics.Error(DiagnosticCodes.ExpectedExpression, source, line.ContentStart, line.End, "'<<declare>>' needs a variable: write '<<declare $name = value>>'.");
            return null;
        }

        var v = parser.Advance();
        if (parser.Current.Kind is not (TokenKind.Assign or TokenKind.To))
        {
            diagnostics.Error(DiagnosticCodes.ExpectedExpression, source, line.ContentStart, line.End,
                $"The declaration of {v.Text} has no value: write '<<declare {v.Text} = value>>' (the value sets its type and initial value).");
            return null;
        }

        parser.Advance();
        var value = parser.ParseExpression($"as the value of {v.Text}");
        string? typeName = null;
        int typeStart = 0, typeEnd = 0;
        if (parser.Current.Kind == TokenKind.As)
        {
            parser.Advance();
            var t = parser.Current;
            if (t.Kind == TokenKind.Identifier)
            {
                parser.Advance();
                typeName = t.Text;
                typeStart = t.Start;
                typeEnd = t.End;
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.UnknownType, source, t.Start, Math.Max(t.End, line.InnerEnd), "Expected a type name after 'as': Number, String, Bool or an enum's name.");
            }
        }

        parser.ExpectEnd("in '<<declare>>'");
        return value is ErrorExpr ? null : new DeclareStatement(line.ContentStart, line.End, new VariableExpr(v.Start, v.End, v.Text!), value, typeName, typeStart, typeEnd);
    }

    private JumpStatement? ParseJump(LineInfo line)
    {
        var detour = line.Keyword == "detour";
        var span = StoryParser.Trimmed(_text, line.ArgStart, line.InnerEnd);
        if (span.IsEmpty)
        {
            diagnostics.Error(DiagnosticCodes.ExpectedExpression, source, line.ContentStart, line.End, $"'<<{line.Keyword}>>' needs a destination: write '<<{line.Keyword} NodeName>>'.");
            return null;
        }

        var start = _text.IndexOf(span[0], line.ArgStart);
        if (span[0] == '{')
        {
            var close = LineContentParser.FindBraceEnd(_text, start + 1, line.InnerEnd);
            if (close < 0)
            {
                diagnostics.Error(DiagnosticCodes.UnterminatedInlineExpression, source, start, line.InnerEnd, "The destination expression has no closing '}'.");
                return null;
            }

            var parser = _expressions.Reset(start + 1, close);
            var expr = parser.ParseExpression("as the destination");
            parser.ExpectEnd("in the destination");
            content.CheckTrailer(close + 1, line.InnerEnd);
            return new JumpStatement(line.ContentStart, line.End, detour, null, expr);
        }

        if (!StoryParser.IsValidName(span))
        {
            diagnostics.Error(DiagnosticCodes.InvalidNodeName, source, start, start + span.Length,
                $"'{span.ToString()}' is not a node name: write a node title, or an expression in braces like '<<{line.Keyword} {{$destination}}>>'.");
            return null;
        }

        return new JumpStatement(line.ContentStart, line.End, detour, names.Intern(span), null);
    }

    private CommandStatement ParseCommand(LineInfo line)
    {
        var parts = new List<CommandTextPart>();
        var t = _text;
        var i = line.InnerStart;
        var end = line.InnerEnd;
        var literalStart = i;
        while (i < end)
        {
            if (t[i] == '{')
            {
                if (i > literalStart)
                {
                    parts.Add(new CommandTextPart(t[literalStart..i], null));
                }

                var close = LineContentParser.FindBraceEnd(t, i + 1, end);
                if (close < 0)
                {
                    diagnostics.Error(DiagnosticCodes.UnterminatedInlineExpression, source, i, end, "This '{' in a command is never closed: add '}' after the expression.");
                    close = end;
                }

                var parser = _expressions.Reset(i + 1, close);
                var expr = parser.ParseExpression("inside '{}'");
                parser.ExpectEnd("inside '{}'");
                parts.Add(new CommandTextPart(null, expr));
                i = Math.Min(close + 1, end);
                literalStart = i;
                continue;
            }

            i++;
        }

        if (end > literalStart)
        {
            parts.Add(new CommandTextPart(t[literalStart..end], null));
        }

        // Trim the command's outer whitespace; inner spacing is the host's business.
        if (parts.Count > 0 && parts[0].Literal is { } first)
        {
            parts[0] = new CommandTextPart(first.TrimStart(), null);
        }

        if (parts.Count > 0 && parts[^1].Literal is { } last)
        {
            parts[^1] = new CommandTextPart(last.TrimEnd(), null);
        }

        parts.RemoveAll(p => p.Literal is { Length: 0 });
        if (parts.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.ExpectedExpression, source, line.ContentStart, line.End, "This command is empty: write a command name between '<<' and '>>', or remove the line.");
        }

        return new CommandStatement(line.ContentStart, line.End, parts, line.Keyword);
    }
}

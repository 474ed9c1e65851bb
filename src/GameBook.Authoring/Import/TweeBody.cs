namespace GameBook.Authoring.Import;

/// <summary>A piece of a passage's text, as the converter sees it. Offsets are into the Twee file.</summary>
internal abstract record TweeItem(int Offset, int Length);

internal sealed record TweeText(int Offset, int Length, string Text) : TweeItem(Offset, Length);

internal sealed record TweeBreak(int Offset) : TweeItem(Offset, 0);

internal sealed record TweeLink(int Offset, int Length, string Text, string Target) : TweeItem(Offset, Length);

/// <summary>Story-format code kept as text (with why, for the warning).</summary>
internal sealed record TweeCode(int Offset, int Length, string Text, string Why) : TweeItem(Offset, Length);

/// <summary>An assignment macro: <c>(set:)</c>, <c>(put:)</c> or <c>&lt;&lt;set&gt;&gt;</c>.</summary>
internal sealed record TweeSet(int Offset, int Length, string Text, List<(string Variable, string Op, List<string> Value)> Assignments) : TweeItem(Offset, Length);

/// <summary>A go-to macro naming its passage as a plain string: <c>(goto: "X")</c>, <c>&lt;&lt;goto "X"&gt;&gt;</c> or <c>&lt;&lt;goto [[X]]&gt;&gt;</c>.</summary>
internal sealed record TweeGoto(int Offset, int Length, string Text, string Target) : TweeItem(Offset, Length);

/// <summary>One clause of an if chain: its head as written, its condition tokens (null for else) and its body.</summary>
internal sealed record TweeClause(string Head, List<string>? Condition, List<TweeItem> Body, string Tail);

/// <summary>An if chain (<c>(if:)[...](else:)[...]</c> or <c>&lt;&lt;if&gt;&gt;...&lt;&lt;/if&gt;&gt;</c>); <see cref="LineLevel"/> when it fills whole lines.</summary>
internal sealed record TweeIf(int Offset, int Length, List<TweeClause> Clauses, bool LineLevel, string End) : TweeItem(Offset, Length);

/// <summary>Parses passage text into items: links, Harlowe macros and hooks, SugarCube macros, text and line breaks.</summary>
internal sealed class TweeBodyParser(string file)
{
    private int _depth;

    public List<TweeItem> Parse(int start, int end)
    {
        var items = new List<TweeItem>();
        var textStart = start;
        var i = start;
        void FlushText(int upTo)
        {
            if (upTo > textStart)
            {
                items.Add(new TweeText(textStart, upTo - textStart, file[textStart..upTo]));
            }
        }

        while (i < end)
        {
            var c = file[i];
            if (c is '\n' or '\r')
            {
                FlushText(i);
                items.Add(new TweeBreak(i));
                i += c == '\r' && i + 1 < end && file[i + 1] == '\n' ? 2 : 1;
                textStart = i;
                continue;
            }

            if (c == '[' && i + 1 < end && file[i + 1] == '[')
            {
                var close = file.IndexOf("]]", i + 2, end - i - 2, StringComparison.Ordinal);
                var nl = file.IndexOfAny(['\n', '\r'], i, (close < 0 ? end : close) - i);
                if (close > 0 && nl < 0)
                {
                    FlushText(i);
                    items.Add(Link(i, close + 2));
                    i = close + 2;
                    textStart = i;
                    continue;
                }
            }

            if (c == '(' && TryMacroName(i + 1, end, out var nameEnd))
            {
                var close = MatchParen(i, end);
                if (close > 0)
                {
                    FlushText(i);
                    i = HarloweMacro(items, i, nameEnd, close, end);
                    textStart = i;
                    continue;
                }
            }

            if (c == '<' && i + 1 < end && file[i + 1] == '<')
            {
                var close = file.IndexOf(">>", i + 2, end - i - 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    FlushText(i);
                    i = SugarMacro(items, i, close + 2, end);
                    textStart = i;
                    continue;
                }
            }

            i++;
        }

        FlushText(end);
        return items;
    }

    private TweeLink Link(int start, int end)
    {
        var inner = file[(start + 2)..(end - 2)];
        var setter = inner.IndexOf("][", StringComparison.Ordinal);
        if (setter >= 0)
        {
            inner = inner[..setter];
        }

        string text, target;
        var bar = inner.LastIndexOf('|');
        var arrow = inner.LastIndexOf("->", StringComparison.Ordinal);
        var back = inner.IndexOf("<-", StringComparison.Ordinal);
        if (bar >= 0)
        {
            (text, target) = (inner[..bar], inner[(bar + 1)..]);
        }
        else if (arrow >= 0)
        {
            (text, target) = (inner[..arrow], inner[(arrow + 2)..]);
        }
        else if (back >= 0)
        {
            (target, text) = (inner[..back], inner[(back + 2)..]);
        }
        else
        {
            text = target = inner;
        }

        text = text.Trim();
        target = target.Trim();
        return new TweeLink(start, end - start, text.Length == 0 ? target : text, target);
    }

    private bool TryMacroName(int i, int end, out int nameEnd)
    {
        nameEnd = i;
        while (nameEnd < end && (char.IsAsciiLetterOrDigit(file[nameEnd]) || file[nameEnd] == '-'))
        {
            nameEnd++;
        }

        return nameEnd > i && char.IsAsciiLetter(file[i]) && nameEnd < end && file[nameEnd] == ':';
    }

    // The ')' closing the '(' at start (quotes and nested parentheses respected; one line at most), or -1.
    private int MatchParen(int start, int end)
    {
        var depth = 0;
        char quote = '\0';
        for (var k = start; k < end; k++)
        {
            var c = file[k];
            if (c is '\n' or '\r')
            {
                return -1;
            }

            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return k;
            }
        }

        return -1;
    }

    // The ']' closing the hook '[' at start (links and nested hooks respected), or -1.
    private int MatchHook(int start, int end)
    {
        var depth = 0;
        for (var k = start; k < end; k++)
        {
            if (file[k] == '[' && k + 1 < end && file[k + 1] == '[')
            {
                var close = file.IndexOf("]]", k + 2, end - k - 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    k = close + 1;
                    continue;
                }
            }

            if (file[k] == '[')
            {
                depth++;
            }
            else if (file[k] == ']' && --depth == 0)
            {
                return k;
            }
        }

        return -1;
    }

    private int HarloweMacro(List<TweeItem> items, int start, int nameEnd, int close, int end)
    {
        var name = file[(start + 1)..nameEnd].ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal);
        var args = file[(nameEnd + 1)..close];
        var after = close + 1;
        if (name is "set" or "put")
        {
            var tokens = StoryFormatExpressions.Tokenize(args);
            var assignments = tokens is null ? null : StoryFormatExpressions.Assignments(tokens, name == "put");
            items.Add(assignments is null
                ? new TweeCode(start, after - start, file[start..after], "this assignment is outside what converts exactly (numbers, plain strings, true/false, $variables, arithmetic)")
                : new TweeSet(start, after - start, file[start..after], assignments));
            return after;
        }

        if (name == "goto" && PlainString(args) is { } target)
        {
            items.Add(new TweeGoto(start, after - start, file[start..after], target));
            return after;
        }

        if (name == "if" && after < end && file[after] == '[' && _depth < 50)
        {
            var clauses = new List<TweeClause>();
            var head = file[start..(after + 1)];
            var condition = StoryFormatExpressions.Tokenize(args);
            var at = after;
            var chainEnd = after;
            while (true)
            {
                var hookEnd = MatchHook(at, end);
                if (hookEnd < 0)
                {
                    break;
                }

                _depth++;
                var body = Parse(at + 1, hookEnd);
                _depth--;
                clauses.Add(new TweeClause(head, condition, body, "]"));
                chainEnd = hookEnd + 1;

                // (else-if: ...)[...] or (else:)[...] may follow, after white space.
                var k = chainEnd;
                while (k < end && char.IsWhiteSpace(file[k]))
                {
                    k++;
                }

                if (k < end && file[k] == '(' && TryMacroName(k + 1, end, out var n2))
                {
                    var next = file[(k + 1)..n2].ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal);
                    var close2 = MatchParen(k, end);
                    if (close2 > 0 && close2 + 1 < end && file[close2 + 1] == '[' && next is "elseif" or "else")
                    {
                        head = file[k..(close2 + 2)];
                        condition = next == "else" ? null : StoryFormatExpressions.Tokenize(file[(n2 + 1)..close2]);
                        if (next == "elseif" && condition is null)
                        {
                            condition = [];
                        }

                        at = close2 + 1;
                        continue;
                    }
                }

                break;
            }

            if (clauses.Count > 0)
            {
                items.Add(new TweeIf(start, chainEnd - start, clauses, IsLineLevel(start, chainEnd), string.Empty));
                return chainEnd;
            }
        }

        items.Add(new TweeCode(start, after - start, file[start..after], Msg.F($"the Harlowe macro ({name}:) has no exact Yarn equivalent")));
        return after;
    }

    /// <summary>The text of a lone string literal (<c>"X"</c> or <c>'X'</c>, no escapes), or null for anything else (an expression, a variable).</summary>
    private static string? PlainString(string args)
    {
        var a = args.Trim();
        return a.Length >= 2 && (a[0] is '"' or '\'') && a[^1] == a[0] && a.AsSpan(1, a.Length - 2).IndexOfAny(a[0], '\\') < 0 ? a[1..^1] : null;
    }

    /// <summary>The passage of a SugarCube link argument <c>[[X]]</c> (no text, no setter), or null.</summary>
    private static string? PlainLink(string args)
    {
        var a = args.Trim();
        return a.StartsWith("[[", StringComparison.Ordinal) && a.EndsWith("]]", StringComparison.Ordinal) && a.Length > 4
            && a.AsSpan(2, a.Length - 4).IndexOfAny("[]|") < 0 && !a.Contains("->", StringComparison.Ordinal) && !a.Contains("<-", StringComparison.Ordinal)
            ? a[2..^2]
            : null;
    }

    private int SugarMacro(List<TweeItem> items, int start, int after, int end)
    {
        var inner = file[(start + 2)..(after - 2)].Trim();
        var word = inner.Split(' ', 2)[0];
        var rest = inner.Length > word.Length ? inner[word.Length..] : string.Empty;
        if (word == "goto" && (PlainString(rest) ?? PlainLink(rest)) is { } target)
        {
            items.Add(new TweeGoto(start, after - start, file[start..after], target));
            return after;
        }

        if (word == "set")
        {
            var tokens = StoryFormatExpressions.Tokenize(rest);
            var assignments = tokens is null ? null : StoryFormatExpressions.Assignments(tokens, false);
            items.Add(assignments is null
                ? new TweeCode(start, after - start, file[start..after], "this assignment is outside what converts exactly (numbers, plain strings, true/false, $variables, arithmetic)")
                : new TweeSet(start, after - start, file[start..after], assignments));
            return after;
        }

        if (word == "if" && _depth < 50)
        {
            // Find <<elseif>>, <<else>> and the matching <</if>>, counting nested <<if>>s.
            var clauses = new List<TweeClause>();
            var head = file[start..after];
            var condition = StoryFormatExpressions.Tokenize(rest);
            var bodyStart = after;
            var depth = 0;
            var k = after;
            while (k < end)
            {
                var open = file.IndexOf("<<", k, end - k, StringComparison.Ordinal);
                if (open < 0)
                {
                    break;
                }

                var close = file.IndexOf(">>", open + 2, end - open - 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    break;
                }

                var tag = file[(open + 2)..close].Trim();
                var tagWord = tag.Split(' ', 2)[0];
                if (tagWord == "if")
                {
                    depth++;
                }
                else if (tagWord is "/if" or "endif" && depth > 0)
                {
                    depth--;
                }
                else if (depth == 0 && tagWord is "elseif" or "else" or "/if" or "endif")
                {
                    _depth++;
                    clauses.Add(new TweeClause(head, condition, Parse(bodyStart, open), string.Empty));
                    _depth--;
                    if (tagWord is "/if" or "endif")
                    {
                        var chainEnd = close + 2;
                        items.Add(new TweeIf(start, chainEnd - start, clauses, IsLineLevel(start, chainEnd), file[open..chainEnd]));
                        return chainEnd;
                    }

                    head = file[open..(close + 2)];
                    condition = tagWord == "else" ? null : StoryFormatExpressions.Tokenize(tag[tagWord.Length..]) ?? [];
                    bodyStart = close + 2;
                }

                k = close + 2;
            }
        }

        items.Add(new TweeCode(start, after - start, file[start..after], Msg.F($"the SugarCube macro <<{word}>> has no exact Yarn equivalent")));
        return after;
    }

    // True when only white space is before start on its line and after end on its line.
    private bool IsLineLevel(int start, int end)
    {
        for (var k = start - 1; k >= 0 && file[k] is not ('\n' or '\r'); k--)
        {
            if (!char.IsWhiteSpace(file[k]))
            {
                return false;
            }
        }

        for (var k = end; k < file.Length && file[k] is not ('\n' or '\r'); k++)
        {
            if (!char.IsWhiteSpace(file[k]))
            {
                return false;
            }
        }

        return true;
    }
}

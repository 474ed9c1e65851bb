using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Outline;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Turns each node into a printed section: story lines as paragraphs, options as "turn to N" choices, conditions and
/// effects as instructions a reader can follow. Host commands other than <c>give</c>/<c>take</c> have no printed form
/// and are left out; a <c>&lt;&lt;once&gt;&gt;</c> block prints its first-time text; a line group prints its first item.
/// One composer per export; not thread-safe.
/// </summary>
internal sealed class PrintComposer
{
    private readonly ExportContext _context;
    private readonly PrintPhrases _p;
    private readonly IPluralRules _pluralRules;
    private readonly SectionNumbers _numbers;
    private readonly Dictionary<string, StoryType> _variableTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Roll> _rolls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _detourOnly = new(StringComparer.Ordinal);
    private int _current;

    public PrintComposer(ExportContext context, PrintPhrases phrases, SectionNumbers numbers)
    {
        _context = context;
        _p = phrases;
        _pluralRules = PluralRules.TryGetForLocale(phrases.Culture.Name, out var rules) ? rules : PluralRules.English;
        _numbers = numbers;
        foreach (var v in context.Outline.Variables)
        {
            _variableTypes.TryAdd(v.Name, v.Type);
        }

        var jumped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in context.Outline.Nodes)
        {
            foreach (var edge in FlowEdges.Collect(node))
            {
                (edge.Kind == FlowEdgeKind.Detour ? _detourOnly : jumped).Add(edge.Target);
            }
        }

        _detourOnly.ExceptWith(jumped);
    }

    public List<PrintSection> Compose(CancellationToken cancellationToken)
    {
        var sections = new List<PrintSection>(_context.Outline.Nodes.Length);
        foreach (var node in _context.Outline.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_numbers.NumberOf(node.UniqueName) is not { } number)
            {
                continue;
            }

            _current = number;
            _rolls.Clear();
            var blocks = Blocks(node.Body, 0);
            var last = LastFlow(node.Body);
            if (_detourOnly.Contains(node.Title) && last is not (OutlineJump or OutlineStop or OutlineReturn))
            {
                blocks.Add(new PrintBlock(PrintBlockKind.Paragraph, 0, _p.Sentence(_p.ReturnFromDetour) + "."));
            }

            if (node.IsEnding && (blocks.Count == 0 || blocks[^1].Kind != PrintBlockKind.End))
            {
                blocks.Add(new PrintBlock(PrintBlockKind.End, 0, _p.TheEnd));
            }

            sections.Add(new PrintSection(number, node, blocks));
        }

        sections.Sort((a, b) => a.Number.CompareTo(b.Number));
        return sections;
    }

    private static OutlineElement? LastFlow(ImmutableArray<OutlineElement> body)
    {
        for (var i = body.Length - 1; i >= 0; i--)
        {
            if (body[i] is not (OutlineDeclaration or OutlineCommand))
            {
                return body[i];
            }
        }

        return null;
    }

    private List<PrintBlock> Blocks(ImmutableArray<OutlineElement> body, int level)
    {
        var blocks = new List<PrintBlock>();
        var pending = new List<string>();
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineLine line:
                    Flush();
                    var text = LineText(line.LineId, line.Substitutions);
                    if (line.Condition?.Expression is { } lc)
                    {
                        text = PrintMarks.Emphasis("(" + Condition(lc) + ")") + " " + text;
                    }

                    blocks.Add(new PrintBlock(PrintBlockKind.Paragraph, level, text));
                    break;
                case OutlineOptions options:
                    Flush();
                    foreach (var option in options.Options)
                    {
                        Choice(option, level, blocks);
                    }

                    break;
                case OutlineLineGroup group when !group.Items.IsEmpty:
                    Flush();
                    var item = group.Items[0];
                    blocks.Add(new PrintBlock(PrintBlockKind.Paragraph, level, LineText(item.LineId, item.Substitutions)));
                    blocks.AddRange(Blocks(item.Body, level));
                    break;
                case OutlineIf conditional:
                    if (InlineIf(conditional) is { } sentence)
                    {
                        pending.Add(_p.Sentence(sentence) + ".");
                        break;
                    }

                    Flush();
                    for (var i = 0; i < conditional.Clauses.Length; i++)
                    {
                        var clause = conditional.Clauses[i];
                        var heading = clause.Condition?.Expression is { } c
                            ? _p.Sentence(i == 0 ? _p.IfCondition(Condition(c)) : _p.OtherwiseIf(Condition(c))) + ":"
                            : _p.OtherwiseHeading;
                        blocks.Add(new PrintBlock(PrintBlockKind.Condition, level, heading));
                        blocks.AddRange(Blocks(clause.Body, level + 1));
                    }

                    break;
                case OutlineOnce once:
                    Flush();
                    blocks.AddRange(Blocks(once.Body, level));
                    break;
                case OutlineStop:
                    Flush();
                    blocks.Add(new PrintBlock(PrintBlockKind.End, level, _p.TheEnd));
                    break;
                default:
                    if (Instruction(e) is { } instruction)
                    {
                        pending.Add(_p.Sentence(instruction) + ".");
                    }

                    break;
            }
        }

        Flush();
        return blocks;

        void Flush()
        {
            if (pending.Count > 0)
            {
                blocks.Add(new PrintBlock(PrintBlockKind.Paragraph, level, string.Join(" ", pending)));
                pending.Clear();
            }
        }
    }

    /// <summary>"<em>Pay the toll</em> (if your gold is more than 3): subtract 3 from your gold and turn to 889."</summary>
    private void Choice(OutlineChoice option, int level, List<PrintBlock> blocks)
    {
        var nested = new List<PrintBlock>();
        var parts = Fragments(option.Body, level + 1, nested);
        var sb = new StringBuilder();
        sb.Append(PrintMarks.Emphasis(LineText(option.LineId, option.Substitutions)));
        if (option.Condition?.Expression is { } c)
        {
            sb.Append(" (").Append(_p.IfCondition(Condition(c))).Append(')');
        }

        sb.Append(": ").Append(parts.Count == 0 ? (nested.Count == 0 ? _p.ReadOn : "") : Sentences(parts)).Append(parts.Count == 0 && nested.Count > 0 ? "" : ".");
        blocks.Add(new PrintBlock(PrintBlockKind.Choice, level, sb.ToString().TrimEnd(' ', ':')));
        blocks.AddRange(nested);
    }

    /// <summary>Instructions joined into sentences: runs of instructions as "a, b and c", quoted story lines as their own sentence.</summary>
    private string Sentences(List<Fragment> parts)
    {
        var sentences = new List<string>();
        var run = new List<string>();
        foreach (var part in parts)
        {
            if (part.IsQuote)
            {
                FlushRun();
                sentences.Add(part.Text);
            }
            else
            {
                run.Add(part.Text);
            }
        }

        FlushRun();
        var sb = new StringBuilder();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(sentences[i - 1].EndsWith('”') ? " " : ". ");
            }

            sb.Append(i == 0 ? sentences[i] : _p.Sentence(sentences[i]));
        }

        return sb.ToString();

        void FlushRun()
        {
            if (run.Count > 0)
            {
                sentences.Add(_p.List(run));
                run.Clear();
            }
        }
    }

    private readonly record struct Fragment(string Text, bool IsQuote);

    /// <summary>A body as instruction fragments (story lines quoted); nested options go to <paramref name="nested"/>.</summary>
    private List<Fragment> Fragments(ImmutableArray<OutlineElement> body, int level, List<PrintBlock> nested)
    {
        var parts = new List<Fragment>();
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineLine line:
                    parts.Add(new Fragment("“" + LineText(line.LineId, line.Substitutions) + "”", true));
                    break;
                case OutlineOptions options:
                    foreach (var option in options.Options)
                    {
                        Choice(option, level, nested);
                    }

                    break;
                case OutlineLineGroup group when !group.Items.IsEmpty:
                    parts.Add(new Fragment("“" + LineText(group.Items[0].LineId, group.Items[0].Substitutions) + "”", true));
                    parts.AddRange(Fragments(group.Items[0].Body, level, nested));
                    break;
                case OutlineIf conditional:
                    parts.Add(new Fragment(InlineIf(conditional, allowText: true) ?? "", false));
                    break;
                case OutlineOnce once:
                    parts.AddRange(Fragments(once.Body, level, nested));
                    break;
                case OutlineStop:
                    parts.Add(new Fragment(_p.TheEnd, true));
                    break;
                default:
                    if (Instruction(e) is { } instruction)
                    {
                        parts.Add(new Fragment(instruction, false));
                    }

                    break;
            }
        }

        parts.RemoveAll(p => p.Text.Length == 0);
        return parts;
    }

    /// <summary>
    /// An if/elseif/else as one instruction ("roll two dice: 7 or more, turn to 91; otherwise turn to 12"), or null when a
    /// clause holds story text or choices (unless <paramref name="allowText"/>) and needs the block form.
    /// </summary>
    private string? InlineIf(OutlineIf conditional, bool allowText = false)
    {
        if (!allowText && conditional.Clauses.Any(c => HasText(c.Body)))
        {
            return null;
        }

        var parts = new List<string>();
        for (var i = 0; i < conditional.Clauses.Length; i++)
        {
            var clause = conditional.Clauses[i];
            var discard = new List<PrintBlock>();
            var fragments = Fragments(clause.Body, 0, discard);
            var action = fragments.Count == 0 ? _p.ReadOn : Sentences(fragments);
            if (clause.Condition?.Expression is not { } c)
            {
                parts.Add(_p.Otherwise(action));
            }
            else if (RollComparison(c) is { } roll)
            {
                var prefix = roll.Named ? "" : _p.Roll(roll.Roll.Dice, roll.Roll.Sides, roll.Roll.Modifier) + ": ";
                parts.Add((i == 0 || roll.Named ? prefix : _p.Otherwise(prefix)) + roll.Range + ", " + action);
            }
            else
            {
                parts.Add((i == 0 ? _p.IfCondition(Condition(c)) : _p.OtherwiseIf(Condition(c))) + ", " + action);
            }
        }

        return string.Join("; ", parts);
    }

    private static bool HasText(ImmutableArray<OutlineElement> body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineLine or OutlineOptions or OutlineLineGroup:
                    return true;
                case OutlineIf i when i.Clauses.Any(c => HasText(c.Body)):
                    return true;
                case OutlineOnce o when HasText(o.Body):
                    return true;
            }
        }

        return false;
    }

    /// <summary>An instruction fragment for a jump, detour, return, effect or inventory command; null for what has no printed form.</summary>
    private string? Instruction(OutlineElement e)
    {
        switch (e)
        {
            case OutlineJump { Target: null }:
                return _p.DynamicTurnTo(PrintMarks.Emphasis("?"));
            case OutlineJump jump:
                var target = Section(jump.Target!);
                if (target is null)
                {
                    return null;
                }

                return jump.IsDetour ? _p.Detour(target, PrintMarks.Link(_current)) : _p.TurnTo(target);
            case OutlineReturn:
                return _p.ReturnFromDetour;
            case OutlineSet set:
                return Effect(set);
            case OutlineCommand { Name: "give" or "take" } command when !command.Arguments.IsEmpty:
                var item = Literal(command.Arguments[0]);
                string? count = null;
                if (command.Arguments.Length > 1)
                {
                    count = command.Arguments[1] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } n && n.Value.AsNumber == 1
                        ? null
                        : Literal(command.Arguments[1]);
                }

                return command.Name == "give" ? _p.Give(item, count) : _p.Take(item, count);
            default:
                return null;
        }
    }

    private string Effect(OutlineSet set)
    {
        var name = _p.VariableName(set.Variable);
        var value = set.Value;
        if (set.CompoundOperator is OutlineOperator.Add or OutlineOperator.Subtract && value is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number })
        {
            return Change(name, set.CompoundOperator == OutlineOperator.Add ? value.Value.AsNumber : -value.Value.AsNumber);
        }

        if (set.CompoundOperator != OutlineOperator.None)
        {
            return _p.SetValue(name, PrintMarks.Emphasis(set.Variable + " " + OutlineExpression.Symbol(set.CompoundOperator) + " " + value));
        }

        if (value is { Kind: OutlineExpressionKind.Binary, Operator: OutlineOperator.Add or OutlineOperator.Subtract } b
            && b.Operands[0] is { Kind: OutlineExpressionKind.Variable } v && v.Name == set.Variable
            && b.Operands[1] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } k)
        {
            return Change(name, b.Operator == OutlineOperator.Add ? k.Value.AsNumber : -k.Value.AsNumber);
        }

        if (value is { Kind: OutlineExpressionKind.Binary, Operator: OutlineOperator.Add } b2
            && b2.Operands[1] is { Kind: OutlineExpressionKind.Variable } v2 && v2.Name == set.Variable
            && b2.Operands[0] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } k2)
        {
            return Change(name, k2.Value.AsNumber);
        }

        if (value is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Bool })
        {
            return value.Value.AsBool ? _p.GainCodeword(name) : _p.LoseCodeword(name);
        }

        if (TryRoll(value, out var roll))
        {
            _rolls[set.Variable] = roll;
            return _p.Roll(roll.Dice, roll.Sides, roll.Modifier);
        }

        return _p.SetValue(name, Literal(value));
    }

    private string Change(string name, double amount) =>
        amount >= 0 ? _p.Add(name, _p.Number(amount)) : _p.Subtract(name, _p.Number(-amount));

    /// <summary>A condition as words: "you have the lantern and your gold is at least 3".</summary>
    private string Condition(OutlineExpression e)
    {
        switch (e.Kind)
        {
            case OutlineExpressionKind.Call when e.Name == "has" && e.Operands.Length == 1 && IsString(e.Operands[0]):
                return _p.Has(Clean(e.Operands[0].Value.AsString));
            case OutlineExpressionKind.Call when e.Name == "visited" && e.Operands.Length == 1 && IsString(e.Operands[0]) && Section(e.Operands[0].Value.AsString) is { } s:
                return _p.Visited(s);
            case OutlineExpressionKind.Variable when IsBool(e.Name):
                return _p.Codeword(_p.VariableName(e.Name));
            case OutlineExpressionKind.Unary when e.Operator == OutlineOperator.Not:
                var inner = e.Operands[0];
                if (inner is { Kind: OutlineExpressionKind.Call, Name: "has" } && inner.Operands.Length == 1 && IsString(inner.Operands[0]))
                {
                    return _p.HasNot(Clean(inner.Operands[0].Value.AsString));
                }

                if (inner is { Kind: OutlineExpressionKind.Call, Name: "visited" } && inner.Operands.Length == 1 && IsString(inner.Operands[0]) && Section(inner.Operands[0].Value.AsString) is { } ns)
                {
                    return _p.NotVisited(ns);
                }

                if (inner.Kind == OutlineExpressionKind.Variable && IsBool(inner.Name))
                {
                    return _p.NoCodeword(_p.VariableName(inner.Name));
                }

                return _p.NotTrue(Condition(inner));
            case OutlineExpressionKind.Binary when e.Operator is OutlineOperator.And or OutlineOperator.Or:
                var word = e.Operator == OutlineOperator.And ? _p.AndWord : _p.OrWord;
                return Operand(e.Operands[0], e.Operator) + " " + word + " " + Operand(e.Operands[1], e.Operator);
            case OutlineExpressionKind.Binary when IsComparison(e.Operator):
                if (RollComparison(e) is { } roll)
                {
                    return roll.Named ? roll.Range : _p.Rolled(_p.Roll(roll.Roll.Dice, roll.Roll.Sides, roll.Roll.Modifier), roll.Range);
                }

                var (left, op, right) = e.Operands[0].Kind == OutlineExpressionKind.Literal && e.Operands[1].Kind != OutlineExpressionKind.Literal
                    ? (e.Operands[1], Flip(e.Operator), e.Operands[0])
                    : (e.Operands[0], e.Operator, e.Operands[1]);
                if (right.Kind is OutlineExpressionKind.Literal or OutlineExpressionKind.EnumCase)
                {
                    if (left is { Kind: OutlineExpressionKind.Call, Name: "count" } && left.Operands.Length == 1 && IsString(left.Operands[0]))
                    {
                        return _p.ItemCount(Clean(left.Operands[0].Value.AsString), op, Literal(right));
                    }

                    if (left.Kind == OutlineExpressionKind.Variable)
                    {
                        if (right is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Bool } && op is OutlineOperator.Equal or OutlineOperator.NotEqual)
                        {
                            var has = right.Value.AsBool == (op == OutlineOperator.Equal);
                            var n = _p.VariableName(left.Name);
                            return has ? _p.Codeword(n) : _p.NoCodeword(n);
                        }

                        return _p.Compare(_p.VariableName(left.Name), op, Literal(right));
                    }
                }

                break;
        }

        return _p.Condition(PrintMarks.Emphasis(Clean(e.ToString())));
    }

    private string Operand(OutlineExpression e, OutlineOperator parent) =>
        e is { Kind: OutlineExpressionKind.Binary, Operator: OutlineOperator.And or OutlineOperator.Or } && e.Operator != parent
            ? "(" + Condition(e) + ")"
            : Condition(e);

    private sealed record RollCheck(Roll Roll, string Range, bool Named);

    /// <summary>A comparison of a roll with a whole number: the roll and the range that passes ("7 or more").</summary>
    private RollCheck? RollComparison(OutlineExpression e)
    {
        if (e.Kind != OutlineExpressionKind.Binary || !IsComparison(e.Operator))
        {
            return null;
        }

        var (subject, op, limit) = e.Operands[1] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number }
            ? (e.Operands[0], e.Operator, e.Operands[1])
            : (e.Operands[1], Flip(e.Operator), e.Operands[0]);
        if (limit is not { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } || !IsWhole(limit.Value.AsNumber))
        {
            return null;
        }

        Roll roll;
        var named = false;
        if (subject.Kind == OutlineExpressionKind.Variable && _rolls.TryGetValue(subject.Name, out var r))
        {
            roll = r;
            named = true;
        }
        else if (!TryRoll(subject, out roll))
        {
            return null;
        }

        var k = (int)limit.Value.AsNumber;
        var range = op switch
        {
            OutlineOperator.GreaterOrEqual => _p.OrMore(k),
            OutlineOperator.Greater => _p.OrMore(k + 1),
            OutlineOperator.LessOrEqual => _p.OrLess(k),
            OutlineOperator.Less => _p.OrLess(k - 1),
            OutlineOperator.Equal => _p.Exactly(k),
            _ => _p.AnythingBut(k),
        };
        return new RollCheck(roll, range, named);
    }

    private readonly record struct Roll(int Dice, int Sides, int Modifier);

    /// <summary>Recognizes <c>dice(6)</c>, <c>roll("2d6+1")</c> and sums of same-sided dice with whole-number modifiers.</summary>
    private static bool TryRoll(OutlineExpression e, out Roll roll)
    {
        roll = default;
        switch (e.Kind)
        {
            case OutlineExpressionKind.Call when e.Name == "dice" && e.Operands.Length == 1
                && e.Operands[0] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } sides
                && IsWhole(sides.Value.AsNumber) && sides.Value.AsNumber is >= 2 and <= 1000:
                roll = new Roll(1, (int)sides.Value.AsNumber, 0);
                return true;
            case OutlineExpressionKind.Call when e.Name == "roll" && e.Operands.Length == 1 && IsString(e.Operands[0]):
                return TryParseNotation(e.Operands[0].Value.AsString, out roll);
            case OutlineExpressionKind.Binary when e.Operator is OutlineOperator.Add or OutlineOperator.Subtract:
                var sign = e.Operator == OutlineOperator.Add ? 1 : -1;
                if (TryRoll(e.Operands[0], out var left))
                {
                    if (e.Operands[1] is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } m && IsWhole(m.Value.AsNumber) && Math.Abs(m.Value.AsNumber) < 10_000)
                    {
                        roll = left with { Modifier = left.Modifier + (sign * (int)m.Value.AsNumber) };
                        return true;
                    }

                    if (sign > 0 && TryRoll(e.Operands[1], out var right) && right.Sides == left.Sides && left.Dice + right.Dice <= 100)
                    {
                        roll = new Roll(left.Dice + right.Dice, left.Sides, left.Modifier + right.Modifier);
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Dice notation as <c>roll()</c> reads it: <c>NdM</c> or <c>d%</c>, then an optional <c>+K</c>/<c>-K</c>.</summary>
    private static bool TryParseNotation(string notation, out Roll roll)
    {
        roll = default;
        var s = notation.Trim().ToLowerInvariant();
        var d = s.IndexOf('d', StringComparison.Ordinal);
        if (d < 0 || s.Length > 32)
        {
            return false;
        }

        var dice = 1;
        if (d > 0 && (!int.TryParse(s.AsSpan(0, d), NumberStyles.None, CultureInfo.InvariantCulture, out dice) || dice is < 1 or > 100))
        {
            return false;
        }

        var rest = s[(d + 1)..];
        var modifierAt = rest.IndexOfAny(['+', '-']);
        var sidesText = modifierAt < 0 ? rest : rest[..modifierAt];
        int sides;
        if (sidesText == "%")
        {
            sides = 100;
        }
        else if (!int.TryParse(sidesText, NumberStyles.None, CultureInfo.InvariantCulture, out sides) || sides is < 2 or > 1000)
        {
            return false;
        }

        var modifier = 0;
        if (modifierAt >= 0 && !int.TryParse(rest[modifierAt..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out modifier))
        {
            return false;
        }

        roll = new Roll(dice, sides, modifier);
        return true;
    }

    private string? Section(string title) =>
        _context.ByTitle.TryGetValue(title, out var node) && _numbers.NumberOf(node.UniqueName) is { } n ? PrintMarks.Link(n) : null;

    private string LineText(string lineId, ImmutableArray<OutlineExpression> substitutions)
    {
        var formatted = FormatMarkers.Render(_context.RawText(lineId), substitutions, _pluralRules, _p.Number);
        return StripMarkup(Clean(ExportContext.Substitute(formatted, substitutions, h => _p.Hole(h.Kind == OutlineExpressionKind.Variable ? _p.VariableName(h.Name) : h.ToString())))).Trim();
    }

    /// <summary>A literal as a reader reads it: numbers in the locale's digits, strings and enum cases as written.</summary>
    private string Literal(OutlineExpression e) => e switch
    {
        { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.Number } => _p.Number(e.Value.AsNumber),
        { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.String } => Clean(e.Value.AsString),
        { Kind: OutlineExpressionKind.EnumCase } => Clean(e.Name[(e.Name.LastIndexOf('.') + 1)..]),
        _ => PrintMarks.Emphasis(Clean(e.ToString())),
    };

    private bool IsBool(string variable) => _variableTypes.TryGetValue(variable, out var t) && t == StoryType.Bool;

    private static bool IsString(OutlineExpression e) => e is { Kind: OutlineExpressionKind.Literal, Value.Kind: ValueKind.String };

    private static bool IsWhole(double x) => double.IsFinite(x) && Math.Abs(x) < 1e9 && Math.Floor(x) == x;

    private static bool IsComparison(OutlineOperator op) =>
        op is OutlineOperator.Equal or OutlineOperator.NotEqual or OutlineOperator.Less or OutlineOperator.LessOrEqual or OutlineOperator.Greater or OutlineOperator.GreaterOrEqual;

    private static OutlineOperator Flip(OutlineOperator op) => op switch
    {
        OutlineOperator.Less => OutlineOperator.Greater,
        OutlineOperator.LessOrEqual => OutlineOperator.GreaterOrEqual,
        OutlineOperator.Greater => OutlineOperator.Less,
        OutlineOperator.GreaterOrEqual => OutlineOperator.LessOrEqual,
        _ => op,
    };

    private static string Clean(string s) => PrintMarks.Clean(s);

    /// <summary>Removes markup tags (<c>[b]</c>, <c>[/b]</c>, <c>[pause/]</c>, <c>[wave size=2]</c>) and unescapes <c>\[</c> <c>\]</c>.</summary>
    internal static string StripMarkup(string text)
    {
        if (text.IndexOf('[', StringComparison.Ordinal) < 0 && text.IndexOf('\\', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '[' or ']' or '\\' or '{' or '}' or '#' or '<' or '>' or '/')
            {
                sb.Append(text[++i]);
                continue;
            }

            if (c == '[')
            {
                var close = text.IndexOf(']', i + 1);
                if (close > i + 1 && (char.IsLetter(text[i + 1]) || text[i + 1] == '/'))
                {
                    i = close;
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}

using System.Collections.Immutable;
using GameBook.Compilation;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Outline;

/// <summary>
/// Builds the <see cref="StoryOutline"/> from the checked syntax trees, once per compilation when
/// <see cref="CompileOptions.IncludeOutline"/> is set. Recursion follows block nesting, which the parser bounds.
/// </summary>
internal sealed class OutlineBuilder
{
    private readonly NodeTable _nodes;
    private readonly LineRegistry _lines;
    private readonly TypeChecker _checker;
    private readonly ConditionFolder _folder;
    private readonly List<string> _strings = [];
    private readonly HashSet<string> _stringSet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variableNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _declarationNodes = new(StringComparer.Ordinal);
    private readonly List<OutlineVariableReference> _references = [];
    private SourceText _source = null!;
    private string _node = "";
    private string? _assigning;
    private bool _computedStrings;

    private OutlineBuilder(NodeTable nodes, LineRegistry lines, TypeChecker checker)
    {
        _nodes = nodes;
        _lines = lines;
        _checker = checker;
        _folder = new ConditionFolder(checker);
    }

    public static StoryOutline Build(IReadOnlyList<FileSyntax> files, NodeTable nodes, LineRegistry lines, TypeChecker checker) =>
        new OutlineBuilder(nodes, lines, checker).Build(files);

    private StoryOutline Build(IReadOnlyList<FileSyntax> files)
    {
        var outlineNodes = ImmutableArray.CreateBuilder<OutlineNode>();
        foreach (var file in files)
        {
            _source = file.Source;
            foreach (var node in file.Nodes)
            {
                outlineNodes.Add(BuildNode(node));
            }
        }

        var variables = ImmutableArray.CreateBuilder<OutlineVariable>(_checker.Variables.Count);
        foreach (var v in _checker.Variables)
        {
            var start = v.Declaration?.Target.Start ?? v.Start;
            var end = v.Declaration?.Target.End ?? v.End;
            variables.Add(new OutlineVariable(
                v.Name, v.Type.Resolved ?? StoryType.Any, v.Declaration is not null, v.IsSmart, v.Source.Path, v.Source.Range(start, end),
                _declarationNodes.TryGetValue(v.Name, out var n) || _variableNodes.TryGetValue(v.Name, out n) ? n : ""));
        }

        return new StoryOutline(outlineNodes.ToImmutable(), variables.MoveToImmutable(), [.. _strings], _computedStrings);
    }

    private OutlineNode BuildNode(NodeSyntax node)
    {
        _node = _nodes.UniqueName(node);
        _references.Clear();
        var entry = _nodes.ByTitle.TryGetValue(node.Title, out var e) ? e : null;
        var headers = ImmutableArray.CreateBuilder<OutlineHeader>(node.Headers.Count);
        foreach (var h in node.Headers)
        {
            headers.Add(new OutlineHeader(h.Key, h.Value, _source.Range(h.Start, h.End), _source.Range(h.ValueStart, h.End)));
        }

        var when = ImmutableArray.CreateBuilder<OutlineCondition>(node.When.Count);
        foreach (var w in node.When)
        {
            if (w.Condition is not null)
            {
                Expression(w.Condition);
            }

            when.Add(new OutlineCondition(_source.Range(w.Start, w.End), w.Condition is null ? ConditionValue.AlwaysTrue : _folder.Fold(w.Condition), w.Condition is null ? null : Tree(w.Condition)));
        }

        var body = Block(node.Body);
        var tags = (node.Header("tags") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int? section = int.TryParse(node.Header("section"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
        return new OutlineNode(
            node.Title, _node, entry is { IsGroup: true }, _source.Path, _source.Range(node.TitleStart, node.TitleEnd),
            headers.MoveToImmutable(), [.. tags], section, when.MoveToImmutable(), body, [.. _references]);
    }

    private ImmutableArray<OutlineElement> Block(IReadOnlyList<Statement> statements)
    {
        var result = ImmutableArray.CreateBuilder<OutlineElement>(statements.Count);
        foreach (var s in statements)
        {
            if (Element(s) is { } element)
            {
                result.Add(element);
            }
        }

        return result.Count == result.Capacity ? result.MoveToImmutable() : result.ToImmutable();
    }

    private OutlineElement? Element(Statement s)
    {
        var range = _source.Range(s.Start, s.End);
        switch (s)
        {
            case LineStatement l:
                return new OutlineLine(range, LineId(l.Content), Condition(l.Content), l.Content.Condition.Once, Trees(l.Content.Substitutions));
            case OptionsStatement o:
                return new OutlineOptions(range, Choices(o.Items));
            case LineGroupStatement g:
                return new OutlineLineGroup(range, Choices(g.Items));
            case IfStatement i:
            {
                var clauses = ImmutableArray.CreateBuilder<OutlineClause>(i.Clauses.Count);
                foreach (var clause in i.Clauses)
                {
                    clauses.Add(new OutlineClause(clause.Condition is null ? null : Condition(clause.Condition), Block(clause.Body)));
                }

                return new OutlineIf(range, clauses.MoveToImmutable());
            }

            case OnceStatement once:
            {
                var condition = once.Condition is null ? null : Condition(once.Condition);
                return new OutlineOnce(range, condition, Block(once.Body), once.ElseBody is not null, once.ElseBody is null ? [] : Block(once.ElseBody));
            }

            case SetStatement set:
                _assigning = set.Target.Name;
                Expression(set.Value);
                _assigning = null;
                _references.Add(new OutlineVariableReference(set.Target.Name, VariableAccess.Write, range, false));
                return new OutlineSet(range, set.Target.Name, set.Compound is { } compound ? ToOutline(compound) : OutlineOperator.None, Tree(set.Value));
            case DeclareStatement d:
                _declarationNodes.TryAdd(d.Target.Name, _node);
                Expression(d.Value);
                return new OutlineDeclaration(range, d.Target.Name);
            case JumpStatement jump:
            {
                var target = jump.Target;
                if (jump.TargetExpr is not null)
                {
                    Expression(jump.TargetExpr);
                    if (ConstantFolder.TryEvaluate(jump.TargetExpr, out var v) && v.Kind == ValueKind.String)
                    {
                        target = v.AsString;
                    }
                }

                return new OutlineJump(range, jump.Detour, target);
            }

            case ReturnStatement:
                return new OutlineReturn(range);
            case StopStatement:
                return new OutlineStop(range);
            case CallStatement call:
                Expression(call.Call);
                return call.Call is CallExpr c
                    ? new OutlineCommand(range, c.Name, Trees(c.Arguments), Tree(call.Call).ToString())
                    : new OutlineCommand(range, "", [Tree(call.Call)], Tree(call.Call).ToString());
            case InventoryStatement inv:
                Expression(inv.Item);
                if (inv.Count is not null)
                {
                    Expression(inv.Count);
                }

                var arguments = inv.Count is null ? ImmutableArray.Create(Tree(inv.Item)) : ImmutableArray.Create(Tree(inv.Item), Tree(inv.Count));
                return new OutlineCommand(range, inv.Give ? "give" : "take", arguments, (inv.Give ? "give " : "take ") + string.Join(" ", arguments));
            case CommandStatement command:
                var inline = ImmutableArray.CreateBuilder<OutlineExpression>();
                var text = new System.Text.StringBuilder();
                foreach (var part in command.Parts)
                {
                    if (part.Expression is not null)
                    {
                        Display(part.Expression);
                        var tree = Tree(part.Expression);
                        inline.Add(tree);
                        text.Append('{').Append(tree).Append('}');
                    }
                    else
                    {
                        text.Append(part.Literal);
                    }
                }

                return new OutlineCommand(range, command.Name, inline.ToImmutable(), text.ToString().Trim());
            default:
                return null; // enums: declarations with no flow
        }
    }

    private ImmutableArray<OutlineChoice> Choices(IReadOnlyList<ChoiceItem> items)
    {
        var result = ImmutableArray.CreateBuilder<OutlineChoice>(items.Count);
        foreach (var item in items)
        {
            var c = item.Content;
            var id = LineId(c);
            var condition = Condition(c);
            result.Add(new OutlineChoice(_source.Range(c.Start, c.End), id, condition, c.Condition.Once, Block(item.Body), Trees(c.Substitutions)));
        }

        return result.MoveToImmutable();
    }

    private string LineId(LineContent content)
    {
        foreach (var e in content.Substitutions)
        {
            Display(e);
        }

        return (uint)content.LineIndex < (uint)_lines.Lines.Count ? _lines.Lines[content.LineIndex].Id : "";
    }

    private OutlineCondition? Condition(LineContent content) =>
        content.Condition.Condition is { } e ? Condition(e) : null;

    private OutlineCondition Condition(Expr e)
    {
        Expression(e);
        return new OutlineCondition(_source.Range(e.Start, e.End), _folder.Fold(e), Tree(e));
    }

    private ImmutableArray<OutlineExpression> Trees(IReadOnlyList<Expr> expressions)
    {
        if (expressions.Count == 0)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<OutlineExpression>(expressions.Count);
        foreach (var e in expressions)
        {
            result.Add(Tree(e));
        }

        return result.MoveToImmutable();
    }

    /// <summary>The public form of a checked expression; recursion is bounded by the parser's height limit.</summary>
    private OutlineExpression Tree(Expr e)
    {
        var range = _source.Range(e.Start, e.End);
        return e switch
        {
            LiteralExpr lit => new OutlineExpression(OutlineExpressionKind.Literal, range, lit.Value, "", OutlineOperator.None, []),
            VariableExpr v => new OutlineExpression(OutlineExpressionKind.Variable, range, default, v.Name, OutlineOperator.None, []),
            MemberExpr m => new OutlineExpression(
                OutlineExpressionKind.EnumCase, range, m.Case?.RawValue ?? default, (m.EnumName ?? "") + "." + m.CaseName, OutlineOperator.None, []),
            UnaryExpr u => new OutlineExpression(OutlineExpressionKind.Unary, range, default, "", ToOutline(u.Op), [Tree(u.Operand)]),
            BinaryExpr b => new OutlineExpression(OutlineExpressionKind.Binary, range, default, "", ToOutline(b.Op), [Tree(b.Left), Tree(b.Right)]),
            CallExpr c => new OutlineExpression(OutlineExpressionKind.Call, range, default, c.Name, OutlineOperator.None, Trees(c.Arguments)),
            _ => new OutlineExpression(OutlineExpressionKind.Invalid, range, default, "", OutlineOperator.None, []),
        };
    }

    private static OutlineOperator ToOutline(Operator op) => op switch
    {
        Syntax.Operator.Add => OutlineOperator.Add,
        Syntax.Operator.Subtract => OutlineOperator.Subtract,
        Syntax.Operator.Multiply => OutlineOperator.Multiply,
        Syntax.Operator.Divide => OutlineOperator.Divide,
        Syntax.Operator.Modulo => OutlineOperator.Modulo,
        Syntax.Operator.Equal => OutlineOperator.Equal,
        Syntax.Operator.NotEqual => OutlineOperator.NotEqual,
        Syntax.Operator.Less => OutlineOperator.Less,
        Syntax.Operator.LessOrEqual => OutlineOperator.LessOrEqual,
        Syntax.Operator.Greater => OutlineOperator.Greater,
        Syntax.Operator.GreaterOrEqual => OutlineOperator.GreaterOrEqual,
        Syntax.Operator.And => OutlineOperator.And,
        Syntax.Operator.Or => OutlineOperator.Or,
        Syntax.Operator.Xor => OutlineOperator.Xor,
        Syntax.Operator.Negate => OutlineOperator.Negate,
        _ => OutlineOperator.Not,
    };

    /// <summary>An expression whose value is only shown or handed to the host: its strings cannot reach a jump.</summary>
    private void Display(Expr e)
    {
        var computed = _computedStrings;
        Expression(e);
        _computedStrings = computed;
    }

    /// <summary>Records variable reads and string constants, and whether strings are built at run time.</summary>
    private void Expression(Expr e)
    {
        switch (e)
        {
            case LiteralExpr { Value.Kind: ValueKind.String } lit:
                if (_stringSet.Add(lit.Value.AsString))
                {
                    _strings.Add(lit.Value.AsString);
                }

                break;
            case VariableExpr v:
                _variableNodes.TryAdd(v.Name, _node);
                _references.Add(new OutlineVariableReference(v.Name, VariableAccess.Read, _source.Range(v.Start, v.End), _assigning == v.Name));
                break;
            case UnaryExpr u:
                Expression(u.Operand);
                break;
            case BinaryExpr b:
                if (b.Op == Operator.Add && b.Type?.Resolved == StoryType.String && !ConstantFolder.TryEvaluate(b, out _))
                {
                    _computedStrings = true;
                }

                Expression(b.Left);
                Expression(b.Right);
                break;
            case CallExpr call:
                if (call.Type?.Resolved == StoryType.String)
                {
                    _computedStrings = true;
                }

                foreach (var a in call.Arguments)
                {
                    Expression(a);
                }

                break;
        }
    }
}

namespace GameBook.Syntax;

/// <summary>A statement in a node body; <see cref="Start"/>/<see cref="End"/> are offsets in its file.</summary>
internal abstract class Statement(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;
}

/// <summary>How a line, option or line-group item is gated: nothing, <c>&lt;&lt;if e&gt;&gt;</c>, <c>&lt;&lt;once&gt;&gt;</c> or <c>&lt;&lt;once if e&gt;&gt;</c>.</summary>
internal readonly record struct LineCondition(Expr? Condition, bool Once);

/// <summary>Text of a line, option or item: raw template text with <c>{N}</c> holes, the hole expressions and hashtags.</summary>
internal sealed class LineContent(int start, int end, string rawText, IReadOnlyList<Expr> substitutions, IReadOnlyList<string> hashtags, LineCondition condition)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public string RawText { get; } = rawText;

    public IReadOnlyList<Expr> Substitutions { get; } = substitutions;

    public IReadOnlyList<string> Hashtags { get; } = hashtags;

    public LineCondition Condition { get; } = condition;

    public string? LineId => FindTag("line:");

    public string? ShadowId => FindTag("shadow:");

    private string? FindTag(string prefix)
    {
        foreach (var tag in Hashtags)
        {
            if (tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                return tag[prefix.Length..];
            }
        }

        return null;
    }
}

internal sealed class LineStatement(int start, int end, LineContent content) : Statement(start, end)
{
    public LineContent Content { get; } = content;
}

/// <summary>One <c>-&gt;</c> option or <c>=&gt;</c> line-group item with its nested body.</summary>
internal sealed class ChoiceItem(LineContent content, IReadOnlyList<Statement> body)
{
    public LineContent Content { get; } = content;

    public IReadOnlyList<Statement> Body { get; } = body;
}

internal sealed class OptionsStatement(int start, int end, IReadOnlyList<ChoiceItem> items) : Statement(start, end)
{
    public IReadOnlyList<ChoiceItem> Items { get; } = items;
}

internal sealed class LineGroupStatement(int start, int end, IReadOnlyList<ChoiceItem> items) : Statement(start, end)
{
    public IReadOnlyList<ChoiceItem> Items { get; } = items;
}

internal sealed class IfClause(Expr? condition, IReadOnlyList<Statement> body)
{
    /// <summary>Null for the final <c>else</c>.</summary>
    public Expr? Condition { get; } = condition;

    public IReadOnlyList<Statement> Body { get; } = body;
}

internal sealed class IfStatement(int start, int end, IReadOnlyList<IfClause> clauses) : Statement(start, end)
{
    public IReadOnlyList<IfClause> Clauses { get; } = clauses;
}

internal sealed class OnceStatement(int start, int end, Expr? condition, IReadOnlyList<Statement> body, IReadOnlyList<Statement>? elseBody) : Statement(start, end)
{
    public Expr? Condition { get; } = condition;

    public IReadOnlyList<Statement> Body { get; } = body;

    public IReadOnlyList<Statement>? ElseBody { get; } = elseBody;
}

internal sealed class SetStatement(int start, int end, VariableExpr target, Operator? compound, Expr value) : Statement(start, end)
{
    public VariableExpr Target { get; } = target;

    /// <summary>The operator of <c>+=</c> and friends; null for plain assignment.</summary>
    public Operator? Compound { get; } = compound;

    public Expr Value { get; } = value;
}

internal sealed class DeclareStatement(int start, int end, VariableExpr target, Expr value, string? typeName, int typeStart, int typeEnd) : Statement(start, end)
{
    public VariableExpr Target { get; } = target;

    public Expr Value { get; } = value;

    public string? TypeName { get; } = typeName;

    public int TypeStart { get; } = typeStart;

    public int TypeEnd { get; } = typeEnd;
}

/// <summary><c>jump</c> or <c>detour</c> to a constant node name or a string expression.</summary>
internal sealed class JumpStatement(int start, int end, bool detour, string? target, Expr? targetExpr) : Statement(start, end)
{
    public bool Detour { get; } = detour;

    public string? Target { get; } = target;

    public Expr? TargetExpr { get; } = targetExpr;
}

internal sealed class ReturnStatement(int start, int end) : Statement(start, end);

internal sealed class StopStatement(int start, int end) : Statement(start, end);

internal sealed class CallStatement(int start, int end, Expr call) : Statement(start, end)
{
    public Expr Call { get; } = call;
}

/// <summary><c>&lt;&lt;give item [count]&gt;&gt;</c> / <c>&lt;&lt;take item [count]&gt;&gt;</c>.</summary>
internal sealed class InventoryStatement(int start, int end, bool give, Expr item, Expr? count) : Statement(start, end)
{
    public bool Give { get; } = give;

    public Expr Item { get; } = item;

    public Expr? Count { get; } = count;
}

/// <summary>A host command: literal parts and inline expressions (<see cref="CommandTextPart"/>).</summary>
internal sealed class CommandStatement(int start, int end, IReadOnlyList<CommandTextPart> parts, string name) : Statement(start, end)
{
    public IReadOnlyList<CommandTextPart> Parts { get; } = parts;

    /// <summary>The first word when the command starts with literal text, else empty.</summary>
    public string Name { get; } = name;
}

/// <summary>Literal text, or an inline expression when <see cref="Literal"/> is null.</summary>
internal readonly record struct CommandTextPart(string? Literal, Expr? Expression);

internal sealed class EnumCaseSyntax(int start, int end, string name, Expr? rawValue)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public string Name { get; } = name;

    public Expr? RawValue { get; } = rawValue;
}

internal sealed class EnumStatement(int start, int end, string name, IReadOnlyList<EnumCaseSyntax> cases) : Statement(start, end)
{
    public string Name { get; } = name;

    public IReadOnlyList<EnumCaseSyntax> Cases { get; } = cases;
}

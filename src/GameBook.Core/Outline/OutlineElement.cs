using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Outline;

/// <summary>
/// One statement of a node body in a <see cref="StoryOutline"/>. The concrete types are
/// <see cref="OutlineLine"/>, <see cref="OutlineOptions"/>, <see cref="OutlineLineGroup"/>, <see cref="OutlineIf"/>,
/// <see cref="OutlineOnce"/>, <see cref="OutlineJump"/>, <see cref="OutlineReturn"/>, <see cref="OutlineStop"/>,
/// <see cref="OutlineCommand"/>, <see cref="OutlineSet"/> and <see cref="OutlineDeclaration"/>.
/// Immutable and thread-safe.
/// </summary>
public abstract class OutlineElement
{
    private protected OutlineElement(SourceRange range) => Range = range;

    /// <summary>Where the statement is (for blocks: their first line).</summary>
    public SourceRange Range { get; }
}

/// <summary>A line of text, with its line ID and optional <c>&lt;&lt;if&gt;&gt;</c>/<c>&lt;&lt;once&gt;&gt;</c> condition. Immutable and thread-safe.</summary>
public sealed class OutlineLine : OutlineElement
{
    internal OutlineLine(SourceRange range, string lineId, OutlineCondition? condition, bool isOnce, ImmutableArray<OutlineExpression> substitutions)
        : base(range)
    {
        LineId = lineId;
        Condition = condition;
        IsOnce = isOnce;
        Substitutions = substitutions;
    }

    /// <summary>The inline expressions, in order: the <c>{0}</c>, <c>{1}</c>, ... holes of the line's text.</summary>
    public ImmutableArray<OutlineExpression> Substitutions { get; }

    /// <summary>The line ID (<c>#line:</c>, or the one the compiler generated).</summary>
    public string LineId { get; }

    /// <summary>The <c>&lt;&lt;if&gt;&gt;</c> condition, or null.</summary>
    public OutlineCondition? Condition { get; }

    /// <summary>True for <c>&lt;&lt;once&gt;&gt;</c> (shown at most once).</summary>
    public bool IsOnce { get; }
}

/// <summary>
/// An option (<c>-&gt;</c>) or line-group item (<c>=&gt;</c>) with its text, condition and nested body.
/// Immutable and thread-safe.
/// </summary>
public sealed class OutlineChoice
{
    internal OutlineChoice(SourceRange range, string lineId, OutlineCondition? condition, bool isOnce, ImmutableArray<OutlineElement> body, ImmutableArray<OutlineExpression> substitutions)
    {
        Range = range;
        LineId = lineId;
        Condition = condition;
        IsOnce = isOnce;
        Body = body;
        Substitutions = substitutions;
    }

    /// <summary>The inline expressions of its text, in order: the <c>{0}</c>, <c>{1}</c>, ... holes.</summary>
    public ImmutableArray<OutlineExpression> Substitutions { get; }

    /// <summary>The option's line (text, condition and hashtags).</summary>
    public SourceRange Range { get; }

    /// <summary>The line ID of its text.</summary>
    public string LineId { get; }

    /// <summary>The <c>&lt;&lt;if&gt;&gt;</c> condition, or null when it has none.</summary>
    public OutlineCondition? Condition { get; }

    /// <summary>True for <c>&lt;&lt;once&gt;&gt;</c>: available until chosen (or shown) once.</summary>
    public bool IsOnce { get; }

    /// <summary>The statements indented under it, run when it is chosen.</summary>
    public ImmutableArray<OutlineElement> Body { get; }
}

/// <summary>A block of options the player chooses from; when none is available, flow continues after it. Immutable and thread-safe.</summary>
public sealed class OutlineOptions : OutlineElement
{
    internal OutlineOptions(SourceRange range, ImmutableArray<OutlineChoice> options)
        : base(range) => Options = options;

    /// <summary>The options in source order.</summary>
    public ImmutableArray<OutlineChoice> Options { get; }
}

/// <summary>A line group (<c>=&gt;</c> items): one available item is chosen by saliency; when none is, flow continues after it. Immutable and thread-safe.</summary>
public sealed class OutlineLineGroup : OutlineElement
{
    internal OutlineLineGroup(SourceRange range, ImmutableArray<OutlineChoice> items)
        : base(range) => Items = items;

    /// <summary>The items in source order.</summary>
    public ImmutableArray<OutlineChoice> Items { get; }
}

/// <summary>An <c>&lt;&lt;if&gt;&gt;</c> with its <c>elseif</c>/<c>else</c> clauses. Immutable and thread-safe.</summary>
public sealed class OutlineIf : OutlineElement
{
    internal OutlineIf(SourceRange range, ImmutableArray<OutlineClause> clauses)
        : base(range) => Clauses = clauses;

    /// <summary>The clauses in order; the last has a null <see cref="OutlineClause.Condition"/> when it is an <c>else</c>.</summary>
    public ImmutableArray<OutlineClause> Clauses { get; }
}

/// <summary>One clause of an <see cref="OutlineIf"/>. Immutable and thread-safe.</summary>
public sealed class OutlineClause
{
    internal OutlineClause(OutlineCondition? condition, ImmutableArray<OutlineElement> body)
    {
        Condition = condition;
        Body = body;
    }

    /// <summary>The condition, or null for <c>else</c>.</summary>
    public OutlineCondition? Condition { get; }

    /// <summary>The statements run when this clause is taken.</summary>
    public ImmutableArray<OutlineElement> Body { get; }
}

/// <summary>A <c>&lt;&lt;once&gt;&gt;</c> (or <c>&lt;&lt;once if&gt;&gt;</c>) block with its optional <c>else</c>. Immutable and thread-safe.</summary>
public sealed class OutlineOnce : OutlineElement
{
    internal OutlineOnce(SourceRange range, OutlineCondition? condition, ImmutableArray<OutlineElement> body, bool hasElse, ImmutableArray<OutlineElement> elseBody)
        : base(range)
    {
        Condition = condition;
        Body = body;
        HasElse = hasElse;
        ElseBody = elseBody;
    }

    /// <summary>The <c>once if</c> condition, or null.</summary>
    public OutlineCondition? Condition { get; }

    /// <summary>Run the first time (while the condition holds).</summary>
    public ImmutableArray<OutlineElement> Body { get; }

    /// <summary>True when the block has an <c>&lt;&lt;else&gt;&gt;</c>.</summary>
    public bool HasElse { get; }

    /// <summary>Run every other time (empty without an <c>else</c>).</summary>
    public ImmutableArray<OutlineElement> ElseBody { get; }
}

/// <summary>A <c>&lt;&lt;jump&gt;&gt;</c> or <c>&lt;&lt;detour&gt;&gt;</c>. Immutable and thread-safe.</summary>
public sealed class OutlineJump : OutlineElement
{
    internal OutlineJump(SourceRange range, bool isDetour, string? target)
        : base(range)
    {
        IsDetour = isDetour;
        Target = target;
    }

    /// <summary>True for <c>&lt;&lt;detour&gt;&gt;</c> (flow returns here when the target returns or ends).</summary>
    public bool IsDetour { get; }

    /// <summary>The destination's name when it is known at compile time (a name or a string constant); null for a dynamic destination.</summary>
    public string? Target { get; }

    /// <summary>True when the destination is computed at run time (<c>&lt;&lt;jump {$expr}&gt;&gt;</c>).</summary>
    public bool IsDynamic => Target is null;
}

/// <summary><c>&lt;&lt;return&gt;&gt;</c>: back to the detour's caller, or the end of the story when there is none. Immutable and thread-safe.</summary>
public sealed class OutlineReturn : OutlineElement
{
    internal OutlineReturn(SourceRange range)
        : base(range)
    {
    }
}

/// <summary><c>&lt;&lt;stop&gt;&gt;</c>: the story ends here, on purpose. Immutable and thread-safe.</summary>
public sealed class OutlineStop : OutlineElement
{
    internal OutlineStop(SourceRange range)
        : base(range)
    {
    }
}

/// <summary>A host command, a function-call statement, or <c>&lt;&lt;give&gt;&gt;</c>/<c>&lt;&lt;take&gt;&gt;</c>. Immutable and thread-safe.</summary>
public sealed class OutlineCommand : OutlineElement
{
    internal OutlineCommand(SourceRange range, string name, ImmutableArray<OutlineExpression> arguments, string text)
        : base(range)
    {
        Name = name;
        Arguments = arguments;
        Text = text;
    }

    /// <summary>
    /// The expressions it evaluates: for <c>give</c>/<c>take</c> the item and the optional count, for a function-call
    /// statement the call's arguments, for a host command its inline <c>{...}</c> expressions in order.
    /// </summary>
    public ImmutableArray<OutlineExpression> Arguments { get; }

    /// <summary>The command as written between <c>&lt;&lt;</c> and <c>&gt;&gt;</c>, inline expressions shown as <c>{expr}</c> (<c>give "lamp"</c>, <c>play_sound {$track}</c>).</summary>
    public string Text { get; }

    /// <summary>The command's first word (empty when it starts with an expression), the called function, or <c>give</c>/<c>take</c>.</summary>
    public string Name { get; }
}

/// <summary><c>&lt;&lt;set $x to ...&gt;&gt;</c> (or a compound <c>+=</c>, ...). Immutable and thread-safe.</summary>
public sealed class OutlineSet : OutlineElement
{
    internal OutlineSet(SourceRange range, string variable, OutlineOperator compoundOperator, OutlineExpression value)
        : base(range)
    {
        Variable = variable;
        CompoundOperator = compoundOperator;
        Value = value;
    }

    /// <summary>The operator of a compound assignment (<c>+=</c> is <see cref="OutlineOperator.Add"/>); <see cref="OutlineOperator.None"/> for <c>to</c>/<c>=</c>.</summary>
    public OutlineOperator CompoundOperator { get; }

    /// <summary>The assigned expression (for a compound assignment, its right-hand side).</summary>
    public OutlineExpression Value { get; }

    /// <summary>The assigned variable, with its <c>$</c>.</summary>
    public string Variable { get; }
}

/// <summary><c>&lt;&lt;declare $x = ...&gt;&gt;</c>; runs nothing at its position (declarations are story-wide). Immutable and thread-safe.</summary>
public sealed class OutlineDeclaration : OutlineElement
{
    internal OutlineDeclaration(SourceRange range, string variable)
        : base(range) => Variable = variable;

    /// <summary>The declared variable, with its <c>$</c>.</summary>
    public string Variable { get; }
}

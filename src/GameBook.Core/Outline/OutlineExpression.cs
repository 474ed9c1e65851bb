using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Values;

namespace GameBook.Outline;

/// <summary>What an <see cref="OutlineExpression"/> is.</summary>
public enum OutlineExpressionKind
{
    /// <summary>A part that failed to parse (the compiler reported it).</summary>
    Invalid,

    /// <summary>A constant: <see cref="OutlineExpression.Value"/>.</summary>
    Literal,

    /// <summary>A variable: <see cref="OutlineExpression.Name"/>, with its <c>$</c>.</summary>
    Variable,

    /// <summary>An enum case (<c>Enum.Case</c> or <c>.Case</c>): <see cref="OutlineExpression.Name"/> as written, <see cref="OutlineExpression.Value"/> its raw value when resolved.</summary>
    EnumCase,

    /// <summary><see cref="OutlineExpression.Operator"/> applied to the single operand.</summary>
    Unary,

    /// <summary><see cref="OutlineExpression.Operator"/> applied to the two operands.</summary>
    Binary,

    /// <summary>A function call: <see cref="OutlineExpression.Name"/> with the operands as arguments.</summary>
    Call,
}

/// <summary>The operator of a unary or binary <see cref="OutlineExpression"/>, or of a compound <c>&lt;&lt;set&gt;&gt;</c>.</summary>
public enum OutlineOperator
{
    /// <summary>No operator (not a unary or binary expression; a plain assignment).</summary>
    None,

    /// <summary><c>+</c> (numbers, or string concatenation).</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>.</summary>
    Divide,

    /// <summary><c>%</c>.</summary>
    Modulo,

    /// <summary><c>==</c> (<c>is</c>, <c>eq</c>).</summary>
    Equal,

    /// <summary><c>!=</c> (<c>neq</c>).</summary>
    NotEqual,

    /// <summary><c>&lt;</c> (<c>lt</c>).</summary>
    Less,

    /// <summary><c>&lt;=</c> (<c>lte</c>).</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c> (<c>gt</c>).</summary>
    Greater,

    /// <summary><c>&gt;=</c> (<c>gte</c>).</summary>
    GreaterOrEqual,

    /// <summary><c>and</c> (<c>&amp;&amp;</c>).</summary>
    And,

    /// <summary><c>or</c> (<c>||</c>).</summary>
    Or,

    /// <summary><c>xor</c> (<c>^</c>).</summary>
    Xor,

    /// <summary>Unary <c>-</c>.</summary>
    Negate,

    /// <summary><c>not</c> (<c>!</c>).</summary>
    Not,
}

/// <summary>
/// An expression as written (a condition, an assigned value, a command argument or an inline substitution), so
/// authoring tools can render or translate it without parsing source text. Trees are as deep as the parser allows
/// (bounded by <see cref="CompileOptions.MaxNestingDepth"/>). Immutable and thread-safe.
/// </summary>
public sealed class OutlineExpression
{
    internal OutlineExpression(OutlineExpressionKind kind, SourceRange range, StoryValue value, string name, OutlineOperator op, ImmutableArray<OutlineExpression> operands)
    {
        Kind = kind;
        Range = range;
        Value = value;
        Name = name;
        Operator = op;
        Operands = operands;
    }

    /// <summary>What the expression is.</summary>
    public OutlineExpressionKind Kind { get; }

    /// <summary>Where it is in its file.</summary>
    public SourceRange Range { get; }

    /// <summary>The constant of a <see cref="OutlineExpressionKind.Literal"/>, or the raw value of a resolved <see cref="OutlineExpressionKind.EnumCase"/>; otherwise default.</summary>
    public StoryValue Value { get; }

    /// <summary>The variable's name with its <c>$</c>, the called function's name, or the enum case as written; empty otherwise.</summary>
    public string Name { get; }

    /// <summary>The operator of a <see cref="OutlineExpressionKind.Unary"/> or <see cref="OutlineExpressionKind.Binary"/>; <see cref="OutlineOperator.None"/> otherwise.</summary>
    public OutlineOperator Operator { get; }

    /// <summary>The operand of a unary, the left and right of a binary, or the arguments of a call; empty otherwise.</summary>
    public ImmutableArray<OutlineExpression> Operands { get; }

    /// <summary>The symbol Yarn writes for <paramref name="op"/> (<c>+</c>, <c>==</c>, <c>and</c>, <c>not</c>, ...); empty for <see cref="OutlineOperator.None"/>.</summary>
    public static string Symbol(OutlineOperator op) => op switch
    {
        OutlineOperator.Add => "+",
        OutlineOperator.Subtract or OutlineOperator.Negate => "-",
        OutlineOperator.Multiply => "*",
        OutlineOperator.Divide => "/",
        OutlineOperator.Modulo => "%",
        OutlineOperator.Equal => "==",
        OutlineOperator.NotEqual => "!=",
        OutlineOperator.Less => "<",
        OutlineOperator.LessOrEqual => "<=",
        OutlineOperator.Greater => ">",
        OutlineOperator.GreaterOrEqual => ">=",
        OutlineOperator.And => "and",
        OutlineOperator.Or => "or",
        OutlineOperator.Xor => "xor",
        OutlineOperator.Not => "not",
        _ => "",
    };

    /// <summary>The expression in Yarn syntax, every binary operation below the top level in parentheses (<c>($gold &gt; 3) and (has("lamp") or not $brave)</c>).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb, top: true);
        return sb.ToString();
    }

    /// <summary>A string literal as Yarn writes it, quoted and escaped.</summary>
    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private void Write(StringBuilder sb, bool top)
    {
        switch (Kind)
        {
            case OutlineExpressionKind.Literal:
                sb.Append(Value.Kind switch
                {
                    ValueKind.String => Quote(Value.AsString),
                    ValueKind.Bool => Value.AsBool ? "true" : "false",
                    ValueKind.Number => Value.AsNumber.ToString("R", CultureInfo.InvariantCulture),
                    _ => "null",
                });
                break;
            case OutlineExpressionKind.Variable:
            case OutlineExpressionKind.EnumCase:
                sb.Append(Name);
                break;
            case OutlineExpressionKind.Unary:
                sb.Append(Symbol(Operator));
                if (Operator == OutlineOperator.Not)
                {
                    sb.Append(' ');
                }

                Operands[0].Write(sb, top: false);
                break;
            case OutlineExpressionKind.Binary:
                if (!top)
                {
                    sb.Append('(');
                }

                Operands[0].Write(sb, top: false);
                sb.Append(' ').Append(Symbol(Operator)).Append(' ');
                Operands[1].Write(sb, top: false);
                if (!top)
                {
                    sb.Append(')');
                }

                break;
            case OutlineExpressionKind.Call:
                sb.Append(Name).Append('(');
                for (var i = 0; i < Operands.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Operands[i].Write(sb, top: true);
                }

                sb.Append(')');
                break;
            default:
                sb.Append('?');
                break;
        }
    }
}

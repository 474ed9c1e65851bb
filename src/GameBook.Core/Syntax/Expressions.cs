using GameBook.Values;

namespace GameBook.Syntax;

/// <summary>Operators of the expression language (word forms map onto these).</summary>
internal enum Operator : byte
{
    Add, Subtract, Multiply, Divide, Modulo,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    And, Or, Xor,
    Negate, Not,
}

/// <summary>An expression; <see cref="Start"/>/<see cref="End"/> are offsets in its file. The checker fills <see cref="Type"/>.</summary>
internal abstract class Expr(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; set; } = end;

    /// <summary>Tree height, kept so later passes can rely on bounded recursion.</summary>
    public int Height { get; init; } = 1;

    public Compilation.TypeVar? Type { get; set; }
}

internal sealed class LiteralExpr(int start, int end, StoryValue value) : Expr(start, end)
{
    public StoryValue Value { get; } = value;
}

internal sealed class VariableExpr(int start, int end, string name) : Expr(start, end)
{
    public string Name { get; } = name;

    public Compilation.VariableSymbol? Symbol { get; set; }
}

internal sealed class UnaryExpr(int start, int end, Operator op, Expr operand) : Expr(start, end)
{
    public Operator Op { get; } = op;

    public Expr Operand { get; } = operand;
}

internal sealed class BinaryExpr(int start, int end, Operator op, Expr left, Expr right) : Expr(start, end)
{
    public Operator Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class CallExpr(int start, int end, string name, IReadOnlyList<Expr> arguments) : Expr(start, end)
{
    public string Name { get; } = name;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    public Compilation.FunctionSymbol? Function { get; set; }
}

/// <summary><c>Enum.Case</c>, or <c>.Case</c> when <see cref="EnumName"/> is null (resolved by inference).</summary>
internal sealed class MemberExpr(int start, int end, string? enumName, string caseName) : Expr(start, end)
{
    public string? EnumName { get; } = enumName;

    public string CaseName { get; } = caseName;

    public Compilation.EnumCase? Case { get; set; }
}

/// <summary>Stands in for an expression that failed to parse (already reported).</summary>
internal sealed class ErrorExpr(int start, int end) : Expr(start, end);

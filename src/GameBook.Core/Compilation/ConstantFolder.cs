using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>Evaluates expressions made only of literals, operators and enum cases (declaration initial values, enum raw values).</summary>
internal static class ConstantFolder
{
    public static bool TryEvaluate(Expr e, out StoryValue value)
    {
        value = default;
        switch (e)
        {
            case LiteralExpr lit:
                value = lit.Value;
                return true;
            case MemberExpr { Case: { } c }:
                value = c.RawValue;
                return true;
            case UnaryExpr u when TryEvaluate(u.Operand, out var v):
                return TryUnary(u.Op, v, out value);
            case BinaryExpr b when TryEvaluate(b.Left, out var l) && TryEvaluate(b.Right, out var r):
                return TryBinary(b.Op, l, r, out value);
            default:
                return false;
        }
    }

    /// <summary>Applies a unary operator to a constant; false when the operand's kind does not fit.</summary>
    internal static bool TryUnary(Operator op, StoryValue v, out StoryValue value)
    {
        value = default;
        if (op == Operator.Negate && v.Kind == ValueKind.Number)
        {
            value = StoryValue.FromNumber(-v.AsNumber);
            return true;
        }

        if (op == Operator.Not && v.Kind == ValueKind.Bool)
        {
            value = StoryValue.FromBool(!v.AsBool);
            return true;
        }

        return false;
    }

    /// <summary>Applies a binary operator to constants as the VM does; false when the kinds do not fit.</summary>
    internal static bool TryBinary(Operator op, StoryValue l, StoryValue r, out StoryValue value)
    {
        value = default;
        if (op is Operator.Equal or Operator.NotEqual)
        {
            if (l.Kind != r.Kind)
            {
                return false;
            }

            value = StoryValue.FromBool((op == Operator.Equal) == l.Equals(r));
            return true;
        }

        if (l.Kind == ValueKind.String && r.Kind == ValueKind.String && op == Operator.Add)
        {
            value = StoryValue.FromString(l.AsString + r.AsString);
            return true;
        }

        if (l.Kind == ValueKind.Bool && r.Kind == ValueKind.Bool)
        {
            bool? result = op switch
            {
                Operator.And => l.AsBool && r.AsBool,
                Operator.Or => l.AsBool || r.AsBool,
                Operator.Xor => l.AsBool ^ r.AsBool,
                _ => null,
            };
            value = result is { } rb ? StoryValue.FromBool(rb) : default;
            return result is not null;
        }

        if (l.Kind != ValueKind.Number || r.Kind != ValueKind.Number)
        {
            return false;
        }

        double a = l.AsNumber, b = r.AsNumber;
        value = op switch
        {
            Operator.Add => StoryValue.FromNumber(a + b),
            Operator.Subtract => StoryValue.FromNumber(a - b),
            Operator.Multiply => StoryValue.FromNumber(a * b),
            Operator.Divide => StoryValue.FromNumber(a / b),
            Operator.Modulo => StoryValue.FromNumber(a % b),
            Operator.Less => StoryValue.FromBool(a < b),
            Operator.LessOrEqual => StoryValue.FromBool(a <= b),
            Operator.Greater => StoryValue.FromBool(a > b),
            Operator.GreaterOrEqual => StoryValue.FromBool(a >= b),
            _ => default,
        };
        return value.Kind != ValueKind.None;
    }
}

using GameBook.Compilation;

namespace GameBook.Outline;

/// <summary>What the compiler can prove about a condition without running the story.</summary>
public enum ConditionValue
{
    /// <summary>It depends on the story's state (or the compiler cannot tell).</summary>
    Unknown,

    /// <summary>It holds in every state.</summary>
    AlwaysTrue,

    /// <summary>It never holds.</summary>
    AlwaysFalse,
}

/// <summary>
/// A condition (<c>&lt;&lt;if&gt;&gt;</c>, option or line condition, <c>when:</c> header) with what the compiler
/// proved about it. <see cref="ConditionValue.AlwaysTrue"/>/<see cref="ConditionValue.AlwaysFalse"/> come from
/// constants and from every value the declared types allow: Bool and enum variables, <c>dice(N)</c> with a
/// constant N, and numbers or strings compared only with constants are tried exhaustively (each variable,
/// function call or <c>visited(...)</c> is treated as free, so the result holds whatever the story did before).
/// Conditions with more than 4,096 combinations of values are left Unknown.
/// Immutable and thread-safe.
/// </summary>
public sealed class OutlineCondition
{
    internal OutlineCondition(SourceRange range, ConditionValue value, OutlineExpression? expression)
    {
        Range = range;
        Value = value;
        Expression = expression;
    }

    /// <summary>The condition's expression; null for a <c>when: always</c> or <c>when: once</c> header.</summary>
    public OutlineExpression? Expression { get; }

    /// <summary>Where the condition's expression is.</summary>
    public SourceRange Range { get; }

    /// <summary>What is known about it.</summary>
    public ConditionValue Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Value.ToString();
}

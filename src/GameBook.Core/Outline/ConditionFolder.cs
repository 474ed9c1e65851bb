using GameBook.Compilation;
using GameBook.Library;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Outline;

/// <summary>
/// Decides whether a checked condition is always true, always false or state-dependent, without running the
/// story. Every variable and call in it is a free "atom": Bool and enum atoms, <c>dice(N)</c> and
/// <c>random_range(a, b)</c> with constant arguments range over all their values; Number and String atoms
/// may only be compared with constants, and range over one value per region those constants cut the line
/// into (plus NaN). The condition is evaluated for every combination (at most <see cref="MaxCombinations"/>, and
/// at most <see cref="MaxWork"/> expression nodes evaluated per condition and <see cref="CompilationBudget"/> per
/// compilation, so hostile stories stay cheap), so
/// AlwaysTrue/AlwaysFalse are proofs; anything else is Unknown. Not thread-safe (one per compilation).
/// </summary>
internal sealed class ConditionFolder(TypeChecker checker)
{
    public const int MaxCombinations = 4096;
    public const int MaxWork = 131_072;

    /// <summary>Expression nodes all conditions of one compilation may evaluate; past it, conditions are Unknown.</summary>
    public const long CompilationBudget = 20_000_000;
    private const int MaxFiniteValues = 64;
    private readonly Dictionary<VariableSymbol, int> _byVariable = [];
    private readonly Dictionary<Expr, int> _byOccurrence = []; // Expr keeps reference equality
    private readonly List<Atom> _atoms = [];
    private StoryValue[] _assignment = [];
    private Dictionary<string, EnumSymbol>? _enumsByType;
    private int _size;
    private long _budget = CompilationBudget;

    public ConditionValue Fold(Expr condition)
    {
        if (ConstantFolder.TryEvaluate(condition, out var constant))
        {
            return constant.Kind == ValueKind.Bool ? (constant.AsBool ? ConditionValue.AlwaysTrue : ConditionValue.AlwaysFalse) : ConditionValue.Unknown;
        }

        _byVariable.Clear();
        _byOccurrence.Clear();
        _atoms.Clear();
        _size = Size(condition, 0);
        if (_size > MaxWork || !Collect(condition, null))
        {
            return ConditionValue.Unknown;
        }

        var combinations = 1L;
        foreach (var atom in _atoms)
        {
            atom.Finish();
            combinations *= atom.Values.Count;
            if (combinations > MaxCombinations || combinations * _size > MaxWork)
            {
                return ConditionValue.Unknown;
            }
        }

        _budget -= combinations * _size;
        if (_budget < 0)
        {
            return ConditionValue.Unknown;
        }

        _assignment = new StoryValue[_atoms.Count];
        var indexes = new int[_atoms.Count];
        bool seenTrue = false, seenFalse = false;
        for (var n = 0L; n < combinations; n++)
        {
            for (var i = 0; i < _atoms.Count; i++)
            {
                _assignment[i] = _atoms[i].Values[indexes[i]];
            }

            if (!TryEvaluate(condition, out var v) || v.Kind != ValueKind.Bool)
            {
                return ConditionValue.Unknown;
            }

            seenTrue |= v.AsBool;
            seenFalse |= !v.AsBool;
            if (seenTrue && seenFalse)
            {
                return ConditionValue.Unknown;
            }

            for (var i = 0; i < indexes.Length && ++indexes[i] == _atoms[i].Values.Count; i++)
            {
                indexes[i] = 0;
            }
        }

        return seenTrue ? ConditionValue.AlwaysTrue : ConditionValue.AlwaysFalse;
    }

    private static bool IsComparison(Operator op) =>
        op is Operator.Equal or Operator.NotEqual or Operator.Less or Operator.LessOrEqual or Operator.Greater or Operator.GreaterOrEqual;

    /// <summary>Registers the atoms of <paramref name="e"/>; false when it has a part the folder cannot enumerate.</summary>
    /// <summary>Counts the expression's nodes, stopping once past <see cref="MaxWork"/>.</summary>
    private static int Size(Expr e, int counted)
    {
        counted++;
        if (counted > MaxWork)
        {
            return counted;
        }

        return e switch
        {
            UnaryExpr u => Size(u.Operand, counted),
            BinaryExpr b => Size(b.Right, Size(b.Left, counted)),
            CallExpr c => c.Arguments.Aggregate(counted, (n, a) => Size(a, n)),
            _ => counted,
        };
    }

    private bool Collect(Expr e, StoryValue? comparedWith)
    {
        switch (e)
        {
            case LiteralExpr:
            case MemberExpr { Case: not null }:
                return true;
            case UnaryExpr u:
                return Collect(u.Operand, null);
            case BinaryExpr b when IsComparison(b.Op) && ConstantFolder.TryEvaluate(b.Right, out var right):
                return Collect(b.Left, right);
            case BinaryExpr b when IsComparison(b.Op) && ConstantFolder.TryEvaluate(b.Left, out var left):
                return Collect(b.Right, left);
            case BinaryExpr b:
                return Collect(b.Left, null) && Collect(b.Right, null);
            case VariableExpr { Symbol: { } symbol } v when !symbol.IsSmart:
                if (!_byVariable.TryGetValue(symbol, out var index))
                {
                    var atom = CreateAtom(v.Type?.Resolved, null);
                    if (atom is null)
                    {
                        return false;
                    }

                    index = _atoms.Count;
                    _atoms.Add(atom);
                    _byVariable.Add(symbol, index);
                }

                _byOccurrence[e] = index;
                return _atoms[index].Use(comparedWith);
            case VariableExpr:
            case CallExpr:
            {
                // Smart variables and calls may differ at every read, so each occurrence is its own atom.
                var atom = CreateAtom(e.Type?.Resolved, e as CallExpr);
                if (atom is null)
                {
                    return false;
                }

                _byOccurrence[e] = _atoms.Count;
                _atoms.Add(atom);
                return atom.Use(comparedWith);
            }

            default:
                return false;
        }
    }

    private Atom? CreateAtom(StoryType? type, CallExpr? call)
    {
        if (type is null)
        {
            return null;
        }

        if (call is not null && FiniteRange(call) is { } range)
        {
            return Atom.Finite(range);
        }

        if (type == StoryType.Bool)
        {
            return Atom.Finite([StoryValue.False, StoryValue.True]);
        }

        if (type.IsEnum)
        {
            _enumsByType ??= checker.Enums.Values.ToDictionary(x => x.Type.Name, StringComparer.Ordinal);
            if (!_enumsByType.TryGetValue(type.Name, out var symbol) || symbol.Ordered.Count == 0)
            {
                return null;
            }

            return Atom.Finite([.. symbol.Ordered.Select(c => c.RawValue)]);
        }

        return type == StoryType.Number || type == StoryType.String ? Atom.Open(type.Kind) : null;
    }

    /// <summary>The values of <c>dice(N)</c> or <c>random_range(a, b)</c> with constant arguments, as the VM draws them.</summary>
    private static List<StoryValue>? FiniteRange(CallExpr call)
    {
        var intrinsic = call.Function?.Library?.Intrinsic;
        double low, high;
        if (intrinsic == Intrinsic.Dice && call.Arguments.Count == 1 && ConstantFolder.TryEvaluate(call.Arguments[0], out var sides) && sides.Kind == ValueKind.Number)
        {
            low = 1;
            high = Math.Floor(sides.AsNumber);
        }
        else if (intrinsic == Intrinsic.RandomRange && call.Arguments.Count == 2
            && ConstantFolder.TryEvaluate(call.Arguments[0], out var a) && a.Kind == ValueKind.Number
            && ConstantFolder.TryEvaluate(call.Arguments[1], out var b) && b.Kind == ValueKind.Number)
        {
            low = Math.Ceiling(Math.Min(a.AsNumber, b.AsNumber));
            high = Math.Floor(Math.Max(a.AsNumber, b.AsNumber));
        }
        else
        {
            return null;
        }

        if (!(high >= low) || high - low >= MaxFiniteValues || !double.IsFinite(low))
        {
            return null;
        }

        var values = new List<StoryValue>();
        for (var x = low; x <= high; x++)
        {
            values.Add(StoryValue.FromNumber(x));
        }

        return values;
    }

    private bool TryEvaluate(Expr e, out StoryValue value)
    {
        if (_byOccurrence.TryGetValue(e, out var index))
        {
            value = _assignment[index];
            return true;
        }

        switch (e)
        {
            case LiteralExpr lit:
                value = lit.Value;
                return true;
            case MemberExpr { Case: { } c }:
                value = c.RawValue;
                return true;
            case UnaryExpr u when TryEvaluate(u.Operand, out var v):
                return ConstantFolder.TryUnary(u.Op, v, out value);
            case BinaryExpr b when TryEvaluate(b.Left, out var l) && TryEvaluate(b.Right, out var r):
                return ConstantFolder.TryBinary(b.Op, l, r, out value);
            default:
                value = default;
                return false;
        }
    }

    /// <summary>The values an atom takes: all of a finite type, or representatives of the regions its constants cut.</summary>
    private sealed class Atom
    {
        private readonly ValueKind _openKind;
        private readonly List<StoryValue> _constants = [];

        private Atom(List<StoryValue> values, ValueKind openKind)
        {
            Values = values;
            _openKind = openKind;
        }

        public List<StoryValue> Values { get; private set; }

        public static Atom Finite(List<StoryValue> values) => new(values, ValueKind.None);

        public static Atom Open(ValueKind kind) => new([], kind);

        /// <summary>Records one use; an open atom is only enumerable where it is compared with a constant of its kind.</summary>
        public bool Use(StoryValue? comparedWith)
        {
            if (_openKind == ValueKind.None)
            {
                return true;
            }

            if (comparedWith is not { } c || c.Kind != _openKind)
            {
                return false;
            }

            _constants.Add(c);
            return true;
        }

        public void Finish()
        {
            if (_openKind == ValueKind.None)
            {
                return;
            }

            var values = new List<StoryValue>();
            if (_openKind == ValueKind.String)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in _constants)
                {
                    if (seen.Add(c.AsString))
                    {
                        values.Add(c);
                    }
                }

                // One string equal to none of the constants stands for all the others.
                var other = "\u0001";
                while (seen.Contains(other))
                {
                    other += "\u0001";
                }

                values.Add(StoryValue.FromString(other));
                Values = values;
                return;
            }

            var points = _constants.Select(c => c.AsNumber).Where(x => !double.IsNaN(x)).Distinct().OrderBy(x => x).ToList();
            for (var i = 0; i < points.Count; i++)
            {
                if (i == 0)
                {
                    values.Add(StoryValue.FromNumber(points[0] - 1));
                }

                values.Add(StoryValue.FromNumber(points[i]));
                values.Add(StoryValue.FromNumber(i + 1 < points.Count ? (points[i] / 2) + (points[i + 1] / 2) : points[i] + 1));
            }

            values.Add(StoryValue.FromNumber(double.NaN));
            Values = values;
        }
    }
}

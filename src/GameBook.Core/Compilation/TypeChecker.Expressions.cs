using System.Runtime.CompilerServices;
using GameBook.Library;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>Expression typing and the story-wide checks that run once every constraint is known.</summary>
internal sealed partial class TypeChecker
{
    private TypeVar Check(Expr e, SourceText source, TypeVar? hint)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var t = CheckCore(e, source, hint);
        e.Type = t;
        return t;
    }

    private TypeVar CheckCore(Expr e, SourceText source, TypeVar? hint)
    {
        switch (e)
        {
            case LiteralExpr lit:
                return Concrete(lit.Value.Kind switch { ValueKind.Number => StoryType.Number, ValueKind.String => StoryType.String, _ => StoryType.Bool });
            case VariableExpr v:
                return Lookup(v, source).Type;
            case UnaryExpr u:
            {
                var type = u.Op == Operator.Negate ? StoryType.Number : StoryType.Bool;
                Expect(Check(u.Operand, source, Concrete(type)), type, u.Operand, source, u.Op == Operator.Negate ? "The operand of '-'" : "The operand of 'not'");
                return Concrete(type);
            }

            case BinaryExpr b:
                return CheckBinary(b, source);
            case CallExpr call:
                return CheckCall(call, source);
            case MemberExpr m:
                return CheckMember(m, source, hint);
            default:
                return new TypeVar();
        }
    }

    private TypeVar CheckBinary(BinaryExpr b, SourceText source)
    {
        switch (b.Op)
        {
            case Operator.Add:
            case Operator.Equal:
            case Operator.NotEqual:
            {
                TypeVar left, right;
                if (b.Left is MemberExpr { EnumName: null } && b.Right is not MemberExpr { EnumName: null })
                {
                    right = Check(b.Right, source, null);
                    left = Check(b.Left, source, right);
                }
                else
                {
                    left = Check(b.Left, source, null);
                    right = Check(b.Right, source, left);
                }

                if (!TypeVar.Unify(left, right))
                {
                    diagnostics.Error(DiagnosticCodes.TypeMismatch, source, b.Start, b.End, b.Op == Operator.Add
                        ? $"Both sides of '+' must have the same type, but this adds a {Show(left)} and a {Show(right)}: convert one side with string(x) or number(x)."
                        : $"Cannot compare a {Show(left)} with a {Show(right)}: both sides of a comparison must have the same type.");
                }

                if (b.Op == Operator.Add)
                {
                    _pendingAdds.Add((b, left, source));
                    return left;
                }

                return Concrete(StoryType.Bool);
            }

            case Operator.Subtract:
            case Operator.Multiply:
            case Operator.Divide:
            case Operator.Modulo:
            case Operator.Less:
            case Operator.LessOrEqual:
            case Operator.Greater:
            case Operator.GreaterOrEqual:
                Expect(Check(b.Left, source, Concrete(StoryType.Number)), StoryType.Number, b.Left, source, $"The left side of '{Symbol(b.Op)}'");
                Expect(Check(b.Right, source, Concrete(StoryType.Number)), StoryType.Number, b.Right, source, $"The right side of '{Symbol(b.Op)}'");
                return Concrete(b.Op is Operator.Subtract or Operator.Multiply or Operator.Divide or Operator.Modulo ? StoryType.Number : StoryType.Bool);
            default:
                Expect(Check(b.Left, source, Concrete(StoryType.Bool)), StoryType.Bool, b.Left, source, $"The left side of '{Symbol(b.Op)}'");
                Expect(Check(b.Right, source, Concrete(StoryType.Bool)), StoryType.Bool, b.Right, source, $"The right side of '{Symbol(b.Op)}'");
                return Concrete(StoryType.Bool);
        }
    }

    internal static string Symbol(Operator op) => op switch
    {
        Operator.Add => "+", Operator.Subtract => "-", Operator.Multiply => "*", Operator.Divide => "/", Operator.Modulo => "%",
        Operator.Equal => "==", Operator.NotEqual => "!=", Operator.Less => "<", Operator.LessOrEqual => "<=",
        Operator.Greater => ">", Operator.GreaterOrEqual => ">=", Operator.And => "and", Operator.Or => "or",
        Operator.Xor => "xor", Operator.Negate => "-", _ => "not",
    };

    private TypeVar CheckCall(CallExpr call, SourceText source)
    {
        if (!Functions.TryGetValue(call.Name, out var symbol))
        {
            library.TryGetFunction(call.Name, out var info);
            symbol = new FunctionSymbol(call.Name, info, info?.ParameterTypes.Length ?? call.Arguments.Count, source, call.Start, call.End);
            Functions.Add(call.Name, symbol);
        }

        call.Function = symbol;
        var arity = symbol.Parameters.Length;
        if (call.Arguments.Count != arity)
        {
            diagnostics.Error(DiagnosticCodes.WrongArgumentCount, source, call.Start, call.End, symbol.Library is not null
                ? $"{call.Name} takes {arity} argument(s) but is given {call.Arguments.Count}: its signature is {symbol.Library}."
                : $"{call.Name} is called with {call.Arguments.Count} argument(s) here but with {arity} elsewhere: a function has one signature, so call it the same way everywhere.");
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var arg = call.Arguments[i];
            if (i >= arity)
            {
                Check(arg, source, null);
                continue;
            }

            if (symbol.Library is { } info)
            {
                var pt = info.ParameterTypes[i];
                var at = Check(arg, source, pt == StoryType.Any ? null : Concrete(pt));
                if (pt != StoryType.Any && !(at.Resolved is { IsEnum: true } en && en.RawType == pt))
                {
                    Expect(at, pt, arg, source, $"Argument {i + 1} of {call.Name}");
                }

                if (info.Intrinsic is Intrinsic.Visited or Intrinsic.VisitedCount)
                {
                    var counts = info.Intrinsic == Intrinsic.VisitedCount;
                    if (arg is LiteralExpr { Value.Kind: ValueKind.String } lit)
                    {
                        VisitReads.Add(lit.Value.AsString);
                        if (counts)
                        {
                            VisitCountReads.Add(lit.Value.AsString);
                        }
                    }
                    else
                    {
                        DynamicVisitRead = true;
                        DynamicVisitCountRead |= counts;
                    }
                }
            }
            else
            {
                var at = Check(arg, source, symbol.Parameters[i]);
                if (!TypeVar.Unify(at, symbol.Parameters[i]))
                {
                    diagnostics.Error(DiagnosticCodes.TypeMismatch, source, arg.Start, arg.End,
                        $"Argument {i + 1} of {call.Name} is a {Show(at)} here but a {Show(symbol.Parameters[i])} in another call: a function has one signature.");
                }
            }
        }

        if (symbol.Library is { Intrinsic: Intrinsic.Roll or Intrinsic.Dice } dice && call.Arguments.Count == 1)
        {
            CheckConstantDice(dice.Intrinsic, call.Arguments[0], source);
        }

        return symbol.Library is { } lib ? Concrete(lib.ReturnType) : symbol.Return;
    }

    /// <summary>A constant <c>roll("2x6")</c> or <c>dice(0)</c> would fail every time it runs: report it now.</summary>
    private void CheckConstantDice(Intrinsic intrinsic, Expr argument, SourceText source)
    {
        if (argument is not LiteralExpr literal)
        {
            return;
        }

        if (intrinsic == Intrinsic.Roll && literal.Value.Kind == ValueKind.String
            && !Runtime.DiceNotation.TryParse(literal.Value.AsString, out _, out _, out _, out var error))
        {
            diagnostics.Error(DiagnosticCodes.InvalidDice, source, argument.Start, argument.End,
                $"roll(\"{literal.Value.AsString}\") cannot be rolled: {error}.");
        }
        else if (intrinsic == Intrinsic.Dice && literal.Value.Kind == ValueKind.Number
            && !(Math.Floor(literal.Value.AsNumber) >= 1 && Math.Floor(literal.Value.AsNumber) <= Runtime.DiceNotation.MaxSides))
        {
            diagnostics.Error(DiagnosticCodes.InvalidDice, source, argument.Start, argument.End,
                $"dice({literal.Value}) cannot be rolled: a die needs 1 to {Runtime.DiceNotation.MaxSides} sides.");
        }
    }

    private TypeVar CheckMember(MemberExpr m, SourceText source, TypeVar? hint)
    {
        if (m.EnumName is not null)
        {
            if (!Enums.TryGetValue(m.EnumName, out var en))
            {
                diagnostics.Error(DiagnosticCodes.UnknownEnumCase, source, m.Start, m.End, Suggestions.Closest(m.EnumName, Enums.Keys) is { } near
                    ? $"There is no enum named '{m.EnumName}'. Did you mean '{near}'?"
                    : $"There is no enum named '{m.EnumName}': declare it with <<enum {m.EnumName}>>, or check the spelling.");
                return new TypeVar();
            }

            return ResolveCase(m, en, source);
        }

        if (hint?.Resolved is { IsEnum: true } type && Enums.TryGetValue(type.Name, out var hinted))
        {
            return ResolveCase(m, hinted, source);
        }

        var pending = new TypeVar();
        if (hint is not null)
        {
            TypeVar.Unify(pending, hint);
        }

        _pendingShorthands.Add((m, pending, source));
        return pending;
    }

    private TypeVar ResolveCase(MemberExpr m, EnumSymbol en, SourceText source)
    {
        if (en.Cases.TryGetValue(m.CaseName, out var c))
        {
            m.Case = c;
        }
        else
        {
            diagnostics.Error(DiagnosticCodes.UnknownEnumCase, source, m.Start, m.End, Suggestions.Closest(m.CaseName, en.Cases.Keys) is { } near
                ? $"Enum {en.Name} has no case '{m.CaseName}'. Did you mean '{near}'?"
                : $"Enum {en.Name} has no case '{m.CaseName}': use one of {string.Join(", ", en.Ordered.Select(x => x.Name))}.");
        }

        return Concrete(en.Type);
    }

    private void ResolveShorthands()
    {
        foreach (var (m, type, source) in _pendingShorthands)
        {
            if (type.Resolved is { IsEnum: true } resolved && Enums.TryGetValue(resolved.Name, out var known))
            {
                ResolveCase(m, known, source);
                continue;
            }

            var candidates = Enums.Values.Where(e => e.Cases.ContainsKey(m.CaseName)).ToList();
            if (candidates.Count == 1)
            {
                if (!TypeVar.Unify(type, Concrete(candidates[0].Type)))
                {
                    diagnostics.Error(DiagnosticCodes.TypeMismatch, source, m.Start, m.End, $".{m.CaseName} is a {candidates[0].Name} but a {Show(type)} is needed here.");
                }

                m.Case = candidates[0].Cases[m.CaseName];
            }
            else if (candidates.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.UnknownEnumCase, source, m.Start, m.End, Suggestions.Closest(m.CaseName, Enums.Values.SelectMany(e => e.Cases.Keys)) is { } near
                    ? $"No enum has a case named '{m.CaseName}'. Did you mean '.{near}'?"
                    : $"No enum has a case named '{m.CaseName}': check the spelling, or declare the case in an <<enum>>.");
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.UnknownEnumCase, source, m.Start, m.End,
                    $".{m.CaseName} is ambiguous: it could be {string.Join(" or ", candidates.Select(c => c.Name + "." + m.CaseName))}. Write the enum's name in front.");
            }
        }
    }

    private void Validate()
    {
        foreach (var (site, type, source) in _pendingAdds)
        {
            var r = type.Resolved;
            if (r is not null && r != StoryType.Number && r != StoryType.String)
            {
                diagnostics.Error(DiagnosticCodes.TypeMismatch, source, site.Start, site.End,
                    $"'+' adds numbers or joins strings, but here it is used with {r.Name} values: convert them with number(x) or string(x).");
            }
        }

        foreach (var v in Variables)
        {
            if (v.Type.Resolved is null)
            {
                var declared = Variables.Where(x => x.Type.Resolved is not null).Select(x => x.Name);
                diagnostics.Error(DiagnosticCodes.CannotInferType, v.Source, v.Start, v.End, Suggestions.Closest(v.Name, declared) is { } near
                    ? $"There is no variable {v.Name}. Did you mean {near}?"
                    : $"The type of {v.Name} cannot be worked out from how it is used: declare it, like '<<declare {v.Name} = 0>>', '= \"\"' or '= false'.");
            }
        }

        foreach (var f in Functions.Values)
        {
            if (f.Library is not null)
            {
                continue;
            }

            if (f.Return.Resolved is null || f.Parameters.Any(p => p.Resolved is null))
            {
                var known = library.Functions.Select(x => x.Name);
                diagnostics.Error(DiagnosticCodes.CannotInferType, f.Source, f.Start, f.End, Suggestions.Closest(f.Name, known) is { } near
                    ? $"There is no function {f.Name}. Did you mean {near}?"
                    : $"There is no function {f.Name} in this story's library, and what it returns cannot be worked out from how it is used: check the spelling, or use its result where the type is clear (for example '<<set $declared = {f.Name}()>>') if the game provides it.");
            }
        }
    }

    private StoryValue InitialValue(VariableSymbol v)
    {
        if (v.Declaration is { } d && !v.IsSmart && ConstantFolder.TryEvaluate(d.Value, out var value))
        {
            return value;
        }

        var type = v.Type.Resolved;
        if (type is null)
        {
            return default;
        }

        if (type.IsEnum && Enums.TryGetValue(type.Name, out var en) && en.Ordered.Count > 0)
        {
            return en.Ordered[0].RawValue;
        }

        return type.Kind switch
        {
            ValueKind.Number => StoryValue.FromNumber(0),
            ValueKind.String => StoryValue.FromString(""),
            _ => StoryValue.False,
        };
    }

    private void DeclareEnum(EnumStatement e, SourceText source)
    {
        if (e.Name.Length == 0)
        {
            return;
        }

        if (Enums.ContainsKey(e.Name) || ResolveTypeName(e.Name) is not null)
        {
            diagnostics.Error(DiagnosticCodes.DuplicateDeclaration, source, e.Start, e.End, $"An enum or type named {e.Name} already exists: rename this enum.");
            return;
        }

        if (e.Cases.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.InvalidEnum, source, e.Start, e.End, $"Enum {e.Name} has no cases: add at least one '<<case Name>>' before '<<endenum>>'.");
        }

        var hasString = false;
        var hasNumber = false;
        var raws = new StoryValue?[e.Cases.Count];
        for (var i = 0; i < e.Cases.Count; i++)
        {
            var c = e.Cases[i];
            if (c.RawValue is null)
            {
                continue;
            }

            if (!IsConstantLiteral(c.RawValue) || !ConstantFolder.TryEvaluate(c.RawValue, out var raw) || raw.Kind == ValueKind.Bool)
            {
                diagnostics.Error(DiagnosticCodes.InvalidEnum, source, c.RawValue.Start, c.RawValue.End,
                    $"The raw value of {e.Name}.{c.Name} must be a constant number or string, like 1 or \"apple\".");
                continue;
            }

            raws[i] = raw;
            hasString |= raw.Kind == ValueKind.String;
            hasNumber |= raw.Kind == ValueKind.Number;
        }

        if (hasString && hasNumber)
        {
            diagnostics.Error(DiagnosticCodes.InvalidEnum, source, e.Start, e.End, $"Enum {e.Name} mixes number and string raw values: make them all numbers or all strings.");
        }

        var symbol = new EnumSymbol(e.Name, StoryType.CreateEnum(e.Name, hasString ? StoryType.String : StoryType.Number));
        var seenRaw = new HashSet<StoryValue>();
        for (var i = 0; i < e.Cases.Count; i++)
        {
            var c = e.Cases[i];
            if (hasString && raws[i] is null && c.RawValue is null)
            {
                diagnostics.Error(DiagnosticCodes.InvalidEnum, source, c.Start, c.End,
                    $"{e.Name}.{c.Name} has no raw value, but other cases have string raw values: give every case one, like '<<case {c.Name} = \"{c.Name}\">>'.");
            }

            var raw = raws[i] ?? StoryValue.FromNumber(i);
            if (symbol.Cases.ContainsKey(c.Name))
            {
                diagnostics.Error(DiagnosticCodes.InvalidEnum, source, c.Start, c.End, $"Enum {e.Name} already has a case named {c.Name}: rename or remove this one.");
                continue;
            }

            if (!seenRaw.Add(raw))
            {
                diagnostics.Error(DiagnosticCodes.InvalidEnum, source, c.Start, c.End, $"{e.Name}.{c.Name} repeats the raw value {raw}: every case needs a different raw value.");
            }

            var ec = new EnumCase(symbol, c.Name, raw);
            symbol.Cases.Add(c.Name, ec);
            symbol.Ordered.Add(ec);
        }

        Enums.Add(e.Name, symbol);
    }

    private static bool IsConstantLiteral(Expr e) =>
        e is LiteralExpr || (e is UnaryExpr { Op: Operator.Negate, Operand: LiteralExpr { Value.Kind: ValueKind.Number } });
}

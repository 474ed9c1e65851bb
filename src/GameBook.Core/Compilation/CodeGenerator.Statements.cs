using System.Runtime.CompilerServices;
using System.Globalization;
using GameBook.Compiled;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>Statement and expression emission.</summary>
internal sealed partial class CodeGenerator
{
    private void EmitBlock(IReadOnlyList<Statement> statements, SourceText source)
    {
        for (var sIndex = 0; sIndex < statements.Count; sIndex++)
        {
            var s = statements[sIndex];
            _emitter.CurrentLine = source.LineIndexOf(s.Start) + 1;
            switch (s)
            {
                case LineStatement l:
                    EmitLine(l.Content);
                    break;
                case OptionsStatement o:
                    EmitOptions(o, source);
                    break;
                case LineGroupStatement g:
                    EmitLineGroup(g, source);
                    break;
                case IfStatement i:
                    EmitIf(i, source);
                    break;
                case OnceStatement once:
                    EmitOnce(once, source);
                    break;
                case SetStatement set:
                    EmitSet(set);
                    break;
                case JumpStatement jump:
                    EmitJump(jump);
                    break;
                case ReturnStatement:
                    _emitter.Emit(OpCode.Return);
                    break;
                case StopStatement:
                    _emitter.Emit(OpCode.Stop);
                    break;
                case CallStatement call:
                    EmitExpression(call.Call);
                    _emitter.Emit(OpCode.Pop);
                    break;
                case InventoryStatement inv:
                    EmitExpression(inv.Item);
                    if (inv.Count is null)
                    {
                        _emitter.Emit(OpCode.PushNumber, Number(1));
                    }
                    else
                    {
                        EmitExpression(inv.Count);
                    }

                    _emitter.Emit(inv.Give ? OpCode.GiveItem : OpCode.TakeItem);
                    break;
                case CommandStatement command:
                    EmitCommand(command);
                    break;
            }
        }
    }

    private int OnceSlot(string id, string? legacyId)
    {
        _variables.Add(new CompiledVariable
        {
            Name = OncePrefix + id,
            Type = StoryType.Bool,
            InitialValue = StoryValue.False,
            LegacyName = legacyId is null || legacyId == id ? null : OncePrefix + legacyId,
        });
        return _variables.Count - 1;
    }

    /// <summary>Pushes a line's gate (once flag and/or condition); returns the once slot or -1, and whether anything was pushed.</summary>
    private (int OnceSlot, bool Pushed) EmitGate(LineContent content, CompiledLine line)
    {
        var c = content.Condition;
        var slot = -1;
        if (c.Once)
        {
            slot = OnceSlot(line.Id, line.LegacyId);
            _emitter.Emit(OpCode.LoadVariable, slot);
            _emitter.Emit(OpCode.Not);
        }

        if (c.Condition is not null)
        {
            EmitExpression(c.Condition);
            if (c.Once)
            {
                _emitter.Emit(OpCode.And);
            }
        }

        return (slot, c.Once || c.Condition is not null);
    }

    private void SetFlag(int slot)
    {
        if (slot >= 0)
        {
            _emitter.Emit(OpCode.PushBool, 1);
            _emitter.Emit(OpCode.StoreVariable, slot);
        }
    }

    private void EmitLine(LineContent content)
    {
        var index = content.LineIndex;
        var (slot, gated) = EmitGate(content, lines.Lines[index]);
        var skip = gated ? _emitter.Emit(OpCode.JumpIfFalse) : -1;
        SetFlag(slot);
        EmitSubstitutions(content);
        _emitter.Emit(OpCode.RunLine, index, content.Substitutions.Count);
        if (skip >= 0)
        {
            _emitter.Patch(skip, _emitter.Here);
        }
    }

    private void EmitSubstitutions(LineContent content)
    {
        for (var eIndex = 0; eIndex < content.Substitutions.Count; eIndex++)
        {
            var e = content.Substitutions[eIndex];
            EmitExpression(e);
        }
    }

    private void EmitOptions(OptionsStatement o, SourceText source)
    {
        var adds = new List<int>();
        var slots = new List<int>();
        for (var itemIndex = 0; itemIndex < o.Items.Count; itemIndex++)
        {
            var item = o.Items[itemIndex];
            var index = item.Content.LineIndex;
            _emitter.CurrentLine = source.LineIndexOf(item.Content.Start) + 1;
            EmitSubstitutions(item.Content);
            var (slot, gated) = EmitGate(item.Content, lines.Lines[index]);
            slots.Add(slot);
            adds.Add(_emitter.Emit(OpCode.AddOption, index, gated ? (int)OptionFlags.HasCondition : 0));
        }

        _emitter.Emit(OpCode.ShowOptions);
        var ends = new List<int> { _emitter.Emit(OpCode.Jump) };
        for (var i = 0; i < o.Items.Count; i++)
        {
            _emitter.Patch(adds[i], _emitter.Here);
            SetFlag(slots[i]);
            EmitBlock(o.Items[i].Body, source);
            ends.Add(_emitter.Emit(OpCode.Jump));
        }

        foreach (var end in ends)
        {
            _emitter.Patch(end, _emitter.Here);
        }
    }

    private void EmitLineGroup(LineGroupStatement g, SourceText source)
    {
        var adds = new List<int>();
        var slots = new List<int>();
        for (var itemIndex = 0; itemIndex < g.Items.Count; itemIndex++)
        {
            var item = g.Items[itemIndex];
            var index = item.Content.LineIndex;
            var line = lines.Lines[index];
            var id = line.Id;
            var (slot, gated) = EmitGate(item.Content, line);
            slots.Add(slot);
            var complexity = (item.Content.Condition.Once ? 1 : 0) + (item.Content.Condition.Condition is { } c ? Complexity(c) : 0);
            _saliency.Add(new SaliencyContent { Id = id, LegacyId = line.LegacyId == id ? null : line.LegacyId, HasCondition = gated, Group = _saliencyGroups });
            adds.Add(_emitter.Emit(OpCode.AddCandidate, _saliency.Count - 1, complexity));
        }

        _saliencyGroups++;
        _emitter.Emit(OpCode.SelectCandidate);
        var ends = new List<int> { _emitter.Emit(OpCode.Jump) };
        for (var i = 0; i < g.Items.Count; i++)
        {
            var item = g.Items[i];
            _emitter.Patch(adds[i], _emitter.Here);
            _emitter.CurrentLine = source.LineIndexOf(item.Content.Start) + 1;
            SetFlag(slots[i]);
            EmitSubstitutions(item.Content);
            _emitter.Emit(OpCode.RunLine, item.Content.LineIndex, item.Content.Substitutions.Count);
            EmitBlock(item.Body, source);
            ends.Add(_emitter.Emit(OpCode.Jump));
        }

        foreach (var end in ends)
        {
            _emitter.Patch(end, _emitter.Here);
        }
    }

    private void EmitIf(IfStatement statement, SourceText source)
    {
        var ends = new List<int>();
        for (var clauseIndex = 0; clauseIndex < statement.Clauses.Count; clauseIndex++)
        {
            var clause = statement.Clauses[clauseIndex];
            var skip = -1;
            if (clause.Condition is not null)
            {
                EmitExpression(clause.Condition);
                skip = _emitter.Emit(OpCode.JumpIfFalse);
            }

            EmitBlock(clause.Body, source);
            if (skip < 0)
            {
                break;
            }

            ends.Add(_emitter.Emit(OpCode.Jump));
            _emitter.Patch(skip, _emitter.Here);
        }

        foreach (var end in ends)
        {
            _emitter.Patch(end, _emitter.Here);
        }
    }

    private void EmitOnce(OnceStatement once, SourceText source)
    {
        var slot = OnceSlot(OnceBlockId(once, source), _positionalNode + "-block-" + (_blockCounter++).ToString(CultureInfo.InvariantCulture));
        _emitter.Emit(OpCode.LoadVariable, slot);
        _emitter.Emit(OpCode.Not);
        if (once.Condition is not null)
        {
            EmitExpression(once.Condition);
            _emitter.Emit(OpCode.And);
        }

        var skip = _emitter.Emit(OpCode.JumpIfFalse);
        SetFlag(slot);
        EmitBlock(once.Body, source);
        var end = _emitter.Emit(OpCode.Jump);
        _emitter.Patch(skip, _emitter.Here);
        if (once.ElseBody is not null)
        {
            EmitBlock(once.ElseBody, source);
        }

        _emitter.Patch(end, _emitter.Here);
    }

    /// <summary>
    /// A once block's identity: <c>block:</c> and the first <c>#line:</c> ID inside it when it has one, else its node
    /// and a hash of its content (header, lines and statements, nested ones included), so adding, removing or moving
    /// other content leaves it alone. Identical blocks in one node are told apart by their order.
    /// </summary>
    private string OnceBlockId(OnceStatement once, SourceText source)
    {
        var contents = new List<(LineContent Content, char Kind)>();
        LineRegistry.Contents([once], contents);
        var explicitLine = contents.FirstOrDefault(c => c.Content.LineId is not null).Content?.LineId;
        string stem;
        if (explicitLine is not null)
        {
            stem = "block:line:" + explicitLine;
        }
        else
        {
            var signature = new System.Text.StringBuilder();
            AppendSignature(signature, [once], source);
            stem = _uniqueNode + "-block-" + LineRegistry.ContentHash('b', signature.ToString());
        }

        var id = stem;
        for (var n = 2; !_onceBlockIds.Add(id); n++)
        {
            id = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return id;
    }

    /// <summary>The content of statements as text, independent of indentation and position.</summary>
    private static void AppendSignature(System.Text.StringBuilder text, IReadOnlyList<Statement> statements, SourceText source)
    {
        foreach (var s in statements)
        {
            switch (s)
            {
                case LineStatement l:
                    text.Append("l:").Append(l.Content.RawText).Append('\n');
                    break;
                case OptionsStatement o:
                    foreach (var item in o.Items)
                    {
                        text.Append("o:").Append(item.Content.RawText).Append("{\n");
                        AppendSignature(text, item.Body, source);
                        text.Append("}\n");
                    }

                    break;
                case LineGroupStatement g:
                    foreach (var item in g.Items)
                    {
                        text.Append("g:").Append(item.Content.RawText).Append("{\n");
                        AppendSignature(text, item.Body, source);
                        text.Append("}\n");
                    }

                    break;
                case IfStatement i:
                    text.Append(Header(s, source)).Append('\n');
                    foreach (var clause in i.Clauses)
                    {
                        text.Append("{\n");
                        AppendSignature(text, clause.Body, source);
                        text.Append("}\n");
                    }

                    break;
                case OnceStatement once:
                    text.Append(Header(s, source)).Append("{\n");
                    AppendSignature(text, once.Body, source);
                    text.Append('}');
                    if (once.ElseBody is not null)
                    {
                        text.Append("else{\n");
                        AppendSignature(text, once.ElseBody, source);
                        text.Append('}');
                    }

                    text.Append('\n');
                    break;
                default:
                    text.Append(Header(s, source)).Append('\n');
                    break;
            }
        }
    }

    private static string Header(Statement s, SourceText source) =>
        (uint)s.Start <= (uint)s.End && s.End <= source.Text.Length ? source.Text[s.Start..s.End].Trim() : string.Empty;

    private void EmitSet(SetStatement set)
    {
        var slot = set.Target.Symbol!.Slot;
        if (set.Compound is { } op)
        {
            _emitter.Emit(OpCode.LoadVariable, slot);
            EmitExpression(set.Value);
            _emitter.Emit(ArithmeticOp(op, set.Target.Symbol.Type.Resolved!));
        }
        else
        {
            EmitExpression(set.Value);
        }

        _emitter.Emit(OpCode.StoreVariable, slot);
    }

    private void EmitJump(JumpStatement jump)
    {
        if (jump.Target is not null)
        {
            _emitter.Emit(jump.Detour ? OpCode.DetourToNode : OpCode.JumpToNode, _nodeIndex[jump.Target]);
            return;
        }

        EmitExpression(jump.TargetExpr!);
        _emitter.Emit(jump.Detour ? OpCode.DetourToNodeDynamic : OpCode.JumpToNodeDynamic);
    }

    private void EmitCommand(CommandStatement command)
    {
        var parts = new List<CommandPart>();
        var subs = 0;
        for (var partIndex = 0; partIndex < command.Parts.Count; partIndex++)
        {
            var part = command.Parts[partIndex];
            if (part.Literal is not null)
            {
                parts.Add(new CommandPart(part.Literal, 0));
            }
            else
            {
                EmitExpression(part.Expression!);
                parts.Add(new CommandPart(null, subs++));
            }
        }

        options.Library.TryGetCommand(command.Name, out var registered);
        _commands.Add(new CompiledCommand { Parts = [.. parts], SubstitutionCount = subs, Registered = registered, Line = _emitter.CurrentLine });
        _emitter.Emit(OpCode.RunCommand, _commands.Count - 1, subs);
    }

    private void EmitExpression(Expr e)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e)
        {
            case LiteralExpr lit:
                EmitConstant(lit.Value);
                break;
            case MemberExpr m:
                EmitConstant(m.Case!.RawValue);
                break;
            case VariableExpr v:
                _emitter.Emit(OpCode.LoadVariable, v.Symbol!.Slot);
                break;
            case UnaryExpr u:
                EmitExpression(u.Operand);
                _emitter.Emit(u.Op == Operator.Negate ? OpCode.Negate : OpCode.Not);
                break;
            case BinaryExpr b:
                EmitExpression(b.Left);
                EmitExpression(b.Right);
                _emitter.Emit(b.Op switch
                {
                    Operator.Equal => OpCode.Equal,
                    Operator.NotEqual => OpCode.NotEqual,
                    Operator.Less => OpCode.Less,
                    Operator.LessOrEqual => OpCode.LessOrEqual,
                    Operator.Greater => OpCode.Greater,
                    Operator.GreaterOrEqual => OpCode.GreaterOrEqual,
                    Operator.And => OpCode.And,
                    Operator.Or => OpCode.Or,
                    Operator.Xor => OpCode.Xor,
                    var op => ArithmeticOp(op, b.Left.Type!.Resolved!),
                });
                break;
            case CallExpr call:
                for (var argIndex = 0; argIndex < call.Arguments.Count; argIndex++)
                {
                    var arg = call.Arguments[argIndex];
                    EmitExpression(arg);
                }

                _emitter.Emit(OpCode.CallFunction, FunctionIndex(call.Function!), call.Arguments.Count);
                break;
        }
    }

    private static OpCode ArithmeticOp(Operator op, StoryType type) => op switch
    {
        Operator.Add => type == StoryType.String ? OpCode.Concat : OpCode.Add,
        Operator.Subtract => OpCode.Subtract,
        Operator.Multiply => OpCode.Multiply,
        Operator.Divide => OpCode.Divide,
        _ => OpCode.Modulo,
    };

    private void EmitConstant(StoryValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.Number:
                _emitter.Emit(OpCode.PushNumber, Number(value.AsNumber));
                break;
            case ValueKind.String:
                _emitter.Emit(OpCode.PushString, String(value.AsString));
                break;
            default:
                _emitter.Emit(OpCode.PushBool, value.AsBool ? 1 : 0);
                break;
        }
    }

    private int FunctionIndex(FunctionSymbol f)
    {
        if (f.Index < 0)
        {
            f.Index = _functions.Count;
            _functions.Add(f.Library ?? Library.FunctionInfo.CreateInferred(f.Name, f.Return.Resolved!, [.. f.Parameters.Select(p => p.Resolved!)]));
        }

        return f.Index;
    }

    private int Number(double value)
    {
        var key = BitConverter.DoubleToInt64Bits(value);
        if (!_numberIndex.TryGetValue(key, out var i))
        {
            i = _numbers.Count;
            _numbers.Add(value);
            _numberIndex.Add(key, i);
        }

        return i;
    }

    private int String(string value)
    {
        if (!_stringIndex.TryGetValue(value, out var i))
        {
            i = _strings.Count;
            _strings.Add(value);
            _stringIndex.Add(value, i);
        }

        return i;
    }
}

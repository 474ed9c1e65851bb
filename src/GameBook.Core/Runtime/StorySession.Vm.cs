using System.Globalization;
using System.Runtime.CompilerServices;
using GameBook.Compiled;
using GameBook.Library;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Runtime;

// The VM loop: a switch over the current node's instructions with locals for the node and pc,
// written back to the frame only when control leaves the loop or changes node.
public sealed partial class StorySession
{
    /// <summary>Smart variables may read smart variables this deep; the compiler rejects deeper chains (and cycles).</summary>
    internal const int MaxSmartDepth = Compilation.SmartVariableCycles.MaxDepth;

    private PendingOption[]? _pending;
    private int _pendingCount;
    private StoryValue[]? _optionValues;
    private int _optionValueCount;
    private int _availableCount;
    private PendingCandidate[]? _candidates;
    private SaliencyCandidate[]? _candidateView;
    private int _candidateCount;
    private HostFunction?[]? _bound;
    private int _smartDepth;
    private StepAudit? _audit;

    private StoryStep Run()
    {
        var budget = _maxInstructionsPerStep;
        var nodeCode = Story.NodeCode;
        var node = -1;
        var pc = 0;
        try
        {
            if (_frameCount == 0)
            {
                return EndStory(_endNode);
            }

            (node, pc) = _frames[_frameCount - 1];
            if (_startPending)
            {
                _startPending = false;
                if (pc == 0)
                {
                    NodeEntered?.Invoke(Story.Nodes[node]);
                }
            }

            var code = nodeCode[node];
            while (true)
            {
                if (--budget < 0)
                {
                    // Past the budget, only repeated work counts: large straight-line content (a huge menu, a long
                    // chain of jumps) runs on, while a loop still fails after the budget's worth of repeats.
                    _audit ??= new StepAudit();
                    if (!_audit.Allow(nodeCode, node, pc, _maxInstructionsPerStep))
                    {
                        throw new StoryFault(StoryErrorKind.StepBudgetExceeded,
                            $"The story repeated {_maxInstructionsPerStep} instructions without producing a line, options or a command: it probably loops forever.");
                    }

                    budget = 0;
                }

                if ((uint)pc >= (uint)code.Length)
                {
                    // The compiler ends every node with Return; treat running off the end the same way.
                    CountVisit(node);
                    if (--_frameCount == 0)
                    {
                        return EndStory(node);
                    }

                    (node, pc) = _frames[_frameCount - 1];
                    code = nodeCode[node];
                    continue;
                }

                ref readonly var ins = ref code[pc++];
                switch (ins.Op)
                {
                    // The commonest expression ops are handled inline; the rest go through Execute.
                    case OpCode.PushNumber:
                        Push(StoryValue.FromNumber(_program.Numbers[ins.A]));
                        break;

                    case OpCode.LoadVariable:
                        Push(Story.SmartSlots[ins.A] ? ReadSlot(ins.A) : _vars[ins.A]);
                        break;

                    case OpCode.StoreVariable:
                        _vars[ins.A] = _stack[--_sp];
                        break;

                    case OpCode.RunLine:
                    {
                        ref readonly var line = ref _lineViews[ins.A];
                        var text = line.Compose(_stack.AsSpan(_sp - ins.B, ins.B), _pluralRules, out var attributes);
                        _sp -= ins.B;
                        _frames[_frameCount - 1].Pc = pc;
                        return StoryStep.ForLine(new StoryLine(line.Id, text, line.Tags, attributes, line.CharacterName, ins.A));
                    }

                    case OpCode.AddOption:
                        AddOption(in ins);
                        break;

                    case OpCode.ShowOptions:
                        if (_pendingCount == 0)
                        {
                            break;
                        }

                        _frames[_frameCount - 1].Pc = pc;
                        _state = SessionState.AwaitingChoice;
                        return StoryStep.ForOptions(ComposeOptions());

                    case OpCode.RunCommand:
                    {
                        _frames[_frameCount - 1].Pc = pc;
                        if (RunCommand(in ins, out var command))
                        {
                            return StoryStep.ForCommand(command);
                        }

                        break;
                    }

                    case OpCode.Jump:
                        pc = ins.A;
                        break;

                    case OpCode.JumpIfFalse:
                        if (!_stack[--_sp].RawBool)
                        {
                            pc = ins.A;
                        }

                        break;

                    case OpCode.JumpToNode:
                        LeaveAll();
                        PushFrame(ins.A);
                        (node, pc) = (ins.A, 0);
                        code = nodeCode[node];
                        break;

                    case OpCode.JumpToNodeDynamic:
                    {
                        var target = ResolveNode(_stack[--_sp].RawString!);
                        LeaveAll();
                        PushFrame(target);
                        (node, pc) = (target, 0);
                        code = nodeCode[node];
                        break;
                    }

                    case OpCode.DetourToNode:
                    case OpCode.DetourToNodeDynamic:
                    {
                        var target = ins.Op == OpCode.DetourToNode ? ins.A : ResolveNode(_stack[--_sp].RawString!);
                        _frames[_frameCount - 1].Pc = pc;
                        PushFrame(target);
                        (node, pc) = (target, 0);
                        code = nodeCode[node];
                        break;
                    }

                    case OpCode.EnterNodeInPlace:
                        _frames[_frameCount - 1] = new Frame(ins.A, 0);
                        (node, pc) = (ins.A, 0);
                        code = nodeCode[node];
                        NodeEntered?.Invoke(Story.Nodes[node]);
                        break;

                    case OpCode.Return:
                        CountVisit(node);
                        if (--_frameCount == 0)
                        {
                            return EndStory(node);
                        }

                        (node, pc) = _frames[_frameCount - 1];
                        code = nodeCode[node];
                        break;

                    case OpCode.Stop:
                        LeaveAll();
                        return EndStory(node);

                    case OpCode.GiveItem:
                    case OpCode.TakeItem:
                        ChangeInventory(ins.Op == OpCode.GiveItem);
                        break;

                    case OpCode.AddCandidate:
                        AddCandidate(in ins);
                        break;

                    case OpCode.SelectCandidate:
                    {
                        var target = SelectCandidate();
                        if (target >= 0)
                        {
                            pc = target;
                        }

                        break;
                    }

                    default:
                        Execute(in ins);
                        break;
                }
            }
        }
        catch (StoryFault fault)
        {
            return Fault(MakeError(fault.Kind, fault.Message, fault.InnerException, node, pc - 1));
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or NullReferenceException or ArgumentOutOfRangeException)
        {
            // Only reachable with an inconsistent program or a tampered save position; never crash the host.
            _sp = 0;
            return Fault(MakeError(StoryErrorKind.InvalidProgram, "The compiled program is inconsistent: " + ex.Message, ex, node, pc - 1));
        }
    }

    /// <summary>Runs an expression-level instruction (values, variables, operators, function calls).</summary>
    private void Execute(in Instruction ins)
    {
        var stack = _stack;
        switch (ins.Op)
        {
            case OpCode.PushNumber:
                Push(StoryValue.FromNumber(_program.Numbers[ins.A]));
                break;
            case OpCode.PushString:
                Push(StoryValue.FromString(_program.Strings[ins.A]));
                break;
            case OpCode.PushBool:
                Push(StoryValue.FromBool(ins.A != 0));
                break;
            case OpCode.Pop:
                _sp--;
                break;
            case OpCode.LoadVariable:
                Push(ReadSlot(ins.A));
                break;
            case OpCode.StoreVariable:
                _vars[ins.A] = stack[--_sp];
                break;
            case OpCode.Add:
                _sp--;
                stack[_sp - 1] = StoryValue.FromNumber(stack[_sp - 1].RawNumber + stack[_sp].RawNumber);
                break;
            case OpCode.Subtract:
                _sp--;
                stack[_sp - 1] = StoryValue.FromNumber(stack[_sp - 1].RawNumber - stack[_sp].RawNumber);
                break;
            case OpCode.Multiply:
                _sp--;
                stack[_sp - 1] = StoryValue.FromNumber(stack[_sp - 1].RawNumber * stack[_sp].RawNumber);
                break;
            case OpCode.Divide:
                _sp--;
                stack[_sp - 1] = StoryValue.FromNumber(stack[_sp - 1].RawNumber / stack[_sp].RawNumber);
                break;
            case OpCode.Modulo:
                _sp--;
                stack[_sp - 1] = StoryValue.FromNumber(stack[_sp - 1].RawNumber % stack[_sp].RawNumber);
                break;
            case OpCode.Negate:
                stack[_sp - 1] = StoryValue.FromNumber(-stack[_sp - 1].RawNumber);
                break;
            case OpCode.Concat:
                _sp--;
                stack[_sp - 1] = StoryValue.FromString(string.Concat(stack[_sp - 1].RawString, stack[_sp].RawString));
                break;
            case OpCode.Equal:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].Equals(stack[_sp]));
                break;
            case OpCode.NotEqual:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(!stack[_sp - 1].Equals(stack[_sp]));
                break;
            case OpCode.Less:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawNumber < stack[_sp].RawNumber);
                break;
            case OpCode.LessOrEqual:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawNumber <= stack[_sp].RawNumber);
                break;
            case OpCode.Greater:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawNumber > stack[_sp].RawNumber);
                break;
            case OpCode.GreaterOrEqual:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawNumber >= stack[_sp].RawNumber);
                break;
            case OpCode.And:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawBool & stack[_sp].RawBool);
                break;
            case OpCode.Or:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawBool | stack[_sp].RawBool);
                break;
            case OpCode.Xor:
                _sp--;
                stack[_sp - 1] = StoryValue.FromBool(stack[_sp - 1].RawBool ^ stack[_sp].RawBool);
                break;
            case OpCode.Not:
                stack[_sp - 1] = StoryValue.FromBool(!stack[_sp - 1].RawBool);
                break;
            case OpCode.CallFunction:
                CallFunction(ins.A, ins.B);
                break;
            default:
                throw new StoryFault(StoryErrorKind.InvalidProgram, $"The instruction {ins.Op} is not valid here.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(StoryValue value)
    {
        if (_sp == _stack.Length)
        {
            Array.Resize(ref _stack, _stack.Length * 2);
        }

        _stack[_sp++] = value;
    }

    private StoryValue ReadSlot(int slot)
    {
        var variable = _program.Variables[slot];
        return variable.IsSmart ? EvaluateSmart(variable) : _vars[slot];
    }

    /// <summary>Runs a smart variable's code on the value stack and returns its value.</summary>
    private StoryValue EvaluateSmart(CompiledVariable variable)
    {
        if (_smartDepth >= MaxSmartDepth)
        {
            throw new StoryFault(StoryErrorKind.InvalidProgram,
                $"Smart variable {variable.Name} depends on a chain of more than {MaxSmartDepth} smart variables.");
        }

        _smartDepth++;
        try
        {
            return RunSmartCode(variable.SmartCode.AsSpan());
        }
        finally
        {
            // Restored on failure too, so one failed evaluation does not count against later reads.
            _smartDepth--;
        }
    }

    private StoryValue RunSmartCode(ReadOnlySpan<Instruction> code)
    {
        var baseSp = _sp;
        var pc = 0;
        while (pc < code.Length)
        {
            ref readonly var ins = ref code[pc++];
            switch (ins.Op)
            {
                case OpCode.Jump:
                    pc = ins.A;
                    break;
                case OpCode.JumpIfFalse:
                    if (!_stack[--_sp].RawBool)
                    {
                        pc = ins.A;
                    }

                    break;
                default:
                    Execute(in ins);
                    break;
            }
        }

        var result = _sp > baseSp ? _stack[--_sp] : default;
        _sp = baseSp;
        return result;
    }

    private void PushFrame(int node)
    {
        if (_frameCount == _frames.Length)
        {
            if (_frameCount >= MaxCallDepth)
            {
                throw new StoryFault(StoryErrorKind.DetourTooDeep,
                    $"Detours nest deeper than {MaxCallDepth} nodes: the story probably detours into {_program.Nodes[node].Name} forever. End each detour with <<return>> or the end of its node before detouring again.");
            }

            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = new Frame(node, 0);
        NodeEntered?.Invoke(Story.Nodes[node]);
    }

    /// <summary>Leaving a node counts one visit, in its visit-count slot if anything reads it.</summary>
    private void CountVisit(int node)
    {
        var slot = Story.VisitCountSlotByNode[node];
        if (slot >= 0)
        {
            _vars[slot] = StoryValue.FromNumber(_vars[slot].RawNumber + 1);
        }

        var group = Story.GroupVisitCountSlotByNode[node];
        if (group >= 0)
        {
            _vars[group] = StoryValue.FromNumber(_vars[group].RawNumber + 1);
        }
    }

    /// <summary>Leaves every node on the call stack, innermost first.</summary>
    private void LeaveAll()
    {
        while (_frameCount > 0)
        {
            CountVisit(_frames[--_frameCount].Node);
        }
    }

    private int ResolveNode(string name) =>
        _program.NodeIndexByName.TryGetValue(name, out var node)
            ? node
            : throw new StoryFault(StoryErrorKind.UnknownNode, $"There is no node named '{name}'.");

    private StoryError MakeError(StoryErrorKind kind, string message, Exception? exception, int node, int pc)
    {
        if (node < 0 || node >= _program.Nodes.Length)
        {
            return new StoryError(kind, message, null, 0, null, exception);
        }

        var compiled = _program.Nodes[node];
        var line = (uint)pc < (uint)compiled.SourceLines.Length ? compiled.SourceLines[pc] : compiled.Line;
        return new StoryError(kind, $"{compiled.File}({line}): in node {compiled.Name}: {message}", compiled.File, line, compiled.Name, exception);
    }

    private void CallFunction(int index, int argumentCount)
    {
        var function = _program.Functions[index];
        StoryValue result;
        switch (function.Intrinsic)
        {
            case Intrinsic.None:
            case Intrinsic.Unbound:
                var implementation = function.Implementation ?? Bind(index, function);
                try
                {
                    result = implementation(_stack.AsSpan(_sp - argumentCount, argumentCount));
                }
                catch (Exception ex) when (ex is not StoryFault)
                {
                    throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The function {function.Name} failed: {ex.Message}", ex);
                }

                if (result.Kind == ValueKind.None)
                {
                    throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The function {function.Name} returned no value.");
                }

                // The compiler typed every use of the result by the declared (or inferred) return type: a value of
                // another kind would be misread (a number read as a string is null), so it fails the step here.
                if (result.Kind != function.ReturnType.Kind && function.ReturnType.Kind != ValueKind.None)
                {
                    throw new StoryFault(StoryErrorKind.HostFunctionFailed,
                        $"The function {function.Name} is declared to return a {function.ReturnType.Name} but returned the {result.Kind} {result}.");
                }

                break;
            default:
                result = CallIntrinsic(function, _stack.AsSpan(_sp - argumentCount, argumentCount));
                break;
        }

        _sp -= argumentCount;
        Push(result);
    }

    /// <summary>Finds the host implementation of a function the compiler only inferred, once per session.</summary>
    private HostFunction Bind(int index, FunctionInfo function)
    {
        _bound ??= new HostFunction?[_program.Functions.Length];
        if (_bound[index] is { } bound)
        {
            return bound;
        }

        if (_library is { } library && library.TryGetFunction(function.Name, out var info) && info.Implementation is { } implementation)
        {
            return _bound[index] = implementation;
        }

        throw new StoryFault(StoryErrorKind.UnboundFunction,
            $"The function {function.Name} is not bound: register it in SessionOptions.Library.");
    }

    private StoryValue CallIntrinsic(FunctionInfo function, ReadOnlySpan<StoryValue> args)
    {
        switch (function.Intrinsic)
        {
            case Intrinsic.Visited:
            {
                var node = Story.FindNode(args[0].RawString!);
                return StoryValue.FromBool(node >= 0 && VisitCount(node) > 0);
            }

            case Intrinsic.VisitedCount:
            {
                var node = Story.FindNode(args[0].RawString!);
                return StoryValue.FromNumber(node >= 0 ? VisitCount(node) : 0);
            }

            case Intrinsic.HasAnyContent:
            {
                var node = Story.FindNode(args[0].RawString!);
                if (node < 0)
                {
                    return StoryValue.False;
                }

                // An ordinary node always has content; a group asks its "any member passes" smart variable.
                var slot = _program.Nodes[node].HasContentSlot;
                return slot >= 0 ? ReadSlot(slot) : StoryValue.True;
            }

            case Intrinsic.Random:
                return StoryValue.FromNumber(NextRandomDouble());

            case Intrinsic.RandomRange:
            {
                var low = Math.Ceiling(Math.Min(args[0].RawNumber, args[1].RawNumber));
                var high = Math.Floor(Math.Max(args[0].RawNumber, args[1].RawNumber));
                if (!double.IsFinite(low) || !double.IsFinite(high) || high < low || high - low > int.MaxValue)
                {
                    return StoryValue.FromNumber(double.IsFinite(low) ? low : 0);
                }

                return StoryValue.FromNumber(low + NextRandomInteger((long)(high - low) + 1));
            }

            case Intrinsic.RandomRangeFloat:
            {
                var low = args[0].RawNumber;
                var high = args[1].RawNumber;
                return StoryValue.FromNumber(low + ((high - low) * NextRandomDouble()));
            }

            case Intrinsic.Dice:
            {
                var sides = Math.Floor(args[0].RawNumber);
                if (!(sides >= 1 && sides <= DiceNotation.MaxSides))
                {
                    throw new StoryFault(StoryErrorKind.InvalidDice, $"dice({args[0]}) needs 1 to {DiceNotation.MaxSides} sides.");
                }

                return StoryValue.FromNumber(1 + NextRandomInteger((long)sides));
            }

            case Intrinsic.Roll:
            {
                if (!DiceNotation.TryParse(args[0].RawString, out var count, out var sides, out var modifier, out var error))
                {
                    throw new StoryFault(StoryErrorKind.InvalidDice, $"roll(\"{args[0].RawString}\"): {error}.");
                }

                long total = modifier;
                if (count >= 2 && sides >= 2 && RandomSource is IDiceTotalSource totals)
                {
                    total += NextDiceTotal(totals, count, sides);
                }
                else
                {
                    for (var i = 0; i < count; i++)
                    {
                        total += 1 + NextRandomInteger(sides);
                    }
                }

                return StoryValue.FromNumber(total);
            }

            case Intrinsic.Has:
                return StoryValue.FromBool(_inventory is not null && _inventory.Has(args[0].RawString!));

            case Intrinsic.Count:
                return StoryValue.FromNumber(_inventory?.Count(args[0].RawString!) ?? 0);

            default:
                throw new StoryFault(StoryErrorKind.InvalidProgram, $"Unknown intrinsic {function.Intrinsic}.");
        }
    }

    private void ChangeInventory(bool give)
    {
        var count = _stack[--_sp].RawNumber;
        var item = _stack[--_sp].RawString!;
        if (!(count >= 0 && count <= int.MaxValue) || Math.Truncate(count) != count)
        {
            throw new StoryFault(StoryErrorKind.InvalidInventoryCount, $"Cannot {(give ? "give" : "take")} {count.ToString(CultureInfo.InvariantCulture)} of '{item}': the count must be a whole number of at least 0.");
        }

        if (give)
        {
            Inventory.Give(item, (int)count);
        }
        else
        {
            _inventory?.Take(item, (int)count);
        }
    }

    private void AddOption(in Instruction ins)
    {
        var available = (ins.B & (int)OptionFlags.HasCondition) == 0 || _stack[--_sp].RawBool;
        var count = Story.LineSubstitutionCounts[ins.A];
        _pending ??= new PendingOption[4];
        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        if (count > 0)
        {
            // Sized to need: most option sets carry one or two substitutions in all.
            _optionValues ??= new StoryValue[count];
            if (_optionValueCount + count > _optionValues.Length)
            {
                Array.Resize(ref _optionValues, Math.Max(_optionValues.Length * 2, _optionValueCount + count));
            }

            _stack.AsSpan(_sp - count, count).CopyTo(_optionValues.AsSpan(_optionValueCount));
            _sp -= count;
        }

        _pending[_pendingCount++] = new PendingOption(ins.A, ins.C, available, _optionValueCount, count);
        _optionValueCount += count;
    }

    /// <summary>Composes the pending options' texts in place; the option set reads them from the pending buffer.</summary>
    private OptionSet ComposeOptions()
    {
        var available = 0;
        var lines = _lineViews;
        for (var i = 0; i < _pendingCount; i++)
        {
            ref var option = ref _pending![i];
            var values = option.ValueCount == 0 ? default : new ReadOnlySpan<StoryValue>(_optionValues, option.ValueStart, option.ValueCount);
            option.Text = lines[option.Line].Compose(values, _pluralRules, out option.Attributes);
            available += option.Available ? 1 : 0;
        }

        _availableCount = available;
        return new OptionSet(this, _pendingCount, available);
    }

    private OptionSet CurrentOptions() => new(this, _pendingCount, _availableCount);

    /// <summary>Builds the public view of pending option <paramref name="index"/> (for <see cref="OptionSet"/>).</summary>
    internal StoryOption OptionAt(int index)
    {
        ref readonly var option = ref _pending![index];
        ref readonly var line = ref _lineViews[option.Line];
        return new StoryOption(index, new StoryLine(line.Id, option.Text!, line.Tags, option.Attributes!, line.CharacterName, option.Line), option.Available);
    }

    private void ChooseCore(int optionIndex)
    {
        if (optionIndex == NoOption)
        {
            if (_availableCount > 0)
            {
                throw new ArgumentOutOfRangeException(nameof(optionIndex), "NoOption is only valid when no option is available.");
            }
        }
        else
        {
            if ((uint)optionIndex >= (uint)_pendingCount)
            {
                throw new ArgumentOutOfRangeException(nameof(optionIndex), $"Choose an index from 0 to {_pendingCount - 1}.");
            }

            if (!_pending![optionIndex].Available)
            {
                throw new ArgumentOutOfRangeException(nameof(optionIndex), $"Option {optionIndex} is not available.");
            }

            _frames[_frameCount - 1].Pc = _pending[optionIndex].Destination;
        }

        ClearPending();
        _state = SessionState.Running;
    }

    private void ClearPending()
    {
        _pendingCount = 0;
        _optionValueCount = 0;
        _availableCount = 0;
        _candidateCount = 0;
    }

    private void AddCandidate(in Instruction ins)
    {
        var content = _program.SaliencyContent[ins.A];
        var passed = !content.HasCondition || _stack[--_sp].RawBool;
        _candidates ??= new PendingCandidate[4];
        if (_candidateCount == _candidates.Length)
        {
            Array.Resize(ref _candidates, _candidates.Length * 2);
        }

        _candidates[_candidateCount++] = new PendingCandidate(ins.A, ins.B, ins.C, passed);
    }

    /// <summary>Asks the strategy for a candidate; records its view and returns its destination, or -1.</summary>
    private int SelectCandidate()
    {
        var count = _candidateCount;
        _candidateCount = 0;
        if (count == 0)
        {
            return -1;
        }

        if (_candidateView is null || _candidateView.Length < count)
        {
            _candidateView = new SaliencyCandidate[Math.Max(count, 4)];
        }

        for (var i = 0; i < count; i++)
        {
            var c = _candidates![i];
            _candidateView[i] = new SaliencyCandidate(_program.SaliencyContent[c.Content].Id, c.Complexity, c.Passed, ViewCount(c.Content));
        }

        int chosen;
        try
        {
            chosen = SaliencyStrategy.Choose(_candidateView.AsSpan(0, count), new SaliencyRandom(this));
        }
        catch (Exception ex)
        {
            throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The saliency strategy failed: {ex.Message}", ex);
        }

        if ((uint)chosen >= (uint)count || !_candidates![chosen].Passed)
        {
            return -1;
        }

        var content = _candidates[chosen].Content;
        _views ??= new int[_program.SaliencyContent.Length];
        _views[content]++;
        return _candidates[chosen].Destination;
    }

    private int ViewCount(int content) => _views is null ? 0 : _views[content];

    /// <summary>Composes and parses a command; runs it if a handler is registered. True when the host must see it.</summary>
    private bool RunCommand(in Instruction ins, out StoryCommand command)
    {
        var compiled = _program.Commands[ins.A];
        var values = _stack.AsSpan(_sp - ins.B, ins.B);
        var writer = new CharWriter(64);
        foreach (var part in compiled.Parts)
        {
            if (part.Literal is not null)
            {
                writer.Append(part.Literal);
            }
            else if ((uint)part.Substitution < (uint)values.Length)
            {
                writer.Append(values[part.Substitution]);
            }
        }

        var text = writer.ToString();
        writer.Dispose();
        _sp -= ins.B;
        var words = CommandText.Split(text);
        var name = words.Count > 0 ? words[0] : string.Empty;
        IReadOnlyList<string> arguments = words.Count > 1 ? words.GetRange(1, words.Count - 1) : [];
        command = new StoryCommand(text, name, arguments);

        var registered = compiled.Registered;
        if (registered is null && _library is { } library && library.TryGetCommand(name, out var late))
        {
            registered = late;
        }

        if (registered?.Handler is not { } handler)
        {
            return true;
        }

        var converted = CommandText.Convert(registered, arguments);
        try
        {
            handler(converted);
        }
        catch (Exception ex)
        {
            throw new StoryFault(StoryErrorKind.CommandFailed, $"The command {name} failed: {ex.Message}", ex);
        }

        return false;
    }

    /// <summary>An option collected by AddOption; its text is composed when the set is shown.</summary>
    private struct PendingOption(int line, int destination, bool available, int valueStart, int valueCount)
    {
        public readonly int Line = line;
        public readonly int Destination = destination;
        public readonly int ValueStart = valueStart;
        public readonly int ValueCount = valueCount;
        public readonly bool Available = available;
        public string? Text;
        public IReadOnlyList<Text.MarkupAttribute>? Attributes;
    }

    private readonly record struct PendingCandidate(int Content, int Complexity, int Destination, bool Passed);
}

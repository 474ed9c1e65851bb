using System.Collections.Immutable;
using GameBook.Compiled;
using GameBook.Library;

namespace GameBook.Runtime;

/// <summary>
/// Which variables, once-flags and inventory items may still be read, given where a session is and the detours it is
/// in: a backward data-flow analysis over the whole program, summarised per frame so that a session's actual call
/// stack decides what a <c>return</c> resumes. For each instruction it keeps two sets: the slots some path may read
/// before writing them without leaving the frame (a detour counts as the detoured node's body followed by the
/// instruction after it), and the slots some path can carry unwritten to the frame's <c>return</c> (or node end), where
/// the caller takes over. A jump leaves every detour, so nothing flows past it to a caller. A dynamic jump or detour
/// may enter any node; reading a smart variable reads what its expression reads. Items are slots after the variables:
/// one per item name that <c>has</c> or <c>count</c> reads by a constant name, and one for "any item", which a
/// <c>has</c> or <c>count</c> of a computed name reads. Giving and taking an item neither reads it (the new count only
/// matters if something reads it later) nor kills it. Visit counts and group content flags are always live.
/// Conservative: a slot reported dead is certainly written (or, for an item, never read) before it is read again.
/// Immutable once built; thread-safe.
/// </summary>
internal sealed class VariableLiveness
{
    private readonly int _words;
    private readonly int[] _pointStart;
    private readonly ulong[] _live;
    private readonly ulong[] _through;
    private readonly bool[] _tracked;
    private readonly Dictionary<string, int> _itemSlots = new(StringComparer.Ordinal);
    private readonly int[] _itemReadSlot;

    public VariableLiveness(StoryProgram program)
    {
        var variables = program.Variables;
        _itemReadSlot = ItemReads(program, _itemSlots, variables.Length);
        AnyItemSlot = variables.Length + _itemSlots.Count;
        _tracked = new bool[AnyItemSlot + 1];
        for (var i = 0; i < variables.Length; i++)
        {
            _tracked[i] = !variables[i].IsSmart && (!variables[i].IsInternal || variables[i].IsOnceFlag);
        }

        for (var i = variables.Length; i < _tracked.Length; i++)
        {
            _tracked[i] = true;
        }

        foreach (var node in program.Nodes)
        {
            if (node.VisitCountSlot >= 0)
            {
                _tracked[node.VisitCountSlot] = false;
            }

            if (node.HasContentSlot >= 0)
            {
                _tracked[node.HasContentSlot] = false;
            }
        }

        _words = (_tracked.Length + 63) / 64;
        var nodes = program.Nodes;
        _pointStart = new int[nodes.Length + 1];
        for (var n = 0; n < nodes.Length; n++)
        {
            // One point per instruction plus the node's end (an implicit return).
            _pointStart[n + 1] = _pointStart[n] + nodes[n].Instructions.Length + 1;
        }

        _live = new ulong[_pointStart[nodes.Length] * _words];
        _through = new ulong[_live.Length];
        Solve(program);
    }

    /// <summary>
    /// True when some path from (<paramref name="node"/>, <paramref name="pc"/>) may read slot <paramref name="slot"/>
    /// before writing it without returning from the frame.
    /// </summary>
    public bool IsLive(int node, int pc, int slot) =>
        !_tracked[slot] || (_live[(Point(node, pc) * _words) + (slot >> 6)] & (1UL << slot)) != 0;

    /// <summary>
    /// True when some path from (<paramref name="node"/>, <paramref name="pc"/>) reaches the frame's return without
    /// writing slot <paramref name="slot"/>, so whether it is live depends on the caller.
    /// </summary>
    public bool ReachesReturn(int node, int pc, int slot) =>
        (_through[(Point(node, pc) * _words) + (slot >> 6)] & (1UL << slot)) != 0;

    /// <summary>True when the analysis may drop slot <paramref name="slot"/> (a plain declared variable, a once-flag or an item).</summary>
    public bool IsTracked(int slot) => _tracked[slot];

    /// <summary>The slot that a <c>has</c> or <c>count</c> of a computed item name reads: every item is live where it is.</summary>
    public int AnyItemSlot { get; }

    /// <summary>The slot of item <paramref name="name"/>, or -1 when no <c>has</c> or <c>count</c> names it (then only <see cref="AnyItemSlot"/> decides).</summary>
    public int ItemSlot(string name) => _itemSlots.TryGetValue(name, out var slot) ? slot : -1;

    private int Point(int node, int pc) => _pointStart[node] + Math.Min(pc, _pointStart[node + 1] - _pointStart[node] - 1);

    private void Solve(StoryProgram program)
    {
        var nodes = program.Nodes;
        var smartReads = SmartReads(program, _itemSlots, AnyItemSlot);
        var anyDynamicEntry = false;
        foreach (var node in nodes)
        {
            foreach (var ins in node.Instructions)
            {
                anyDynamicEntry |= ins.Op is OpCode.JumpToNodeDynamic or OpCode.DetourToNodeDynamic;
            }
        }

        var all = new ulong[_words];
        Array.Fill(all, ulong.MaxValue);
        var anyEntryLive = new ulong[_words];
        var anyEntryThrough = new ulong[_words];
        var live = new ulong[_words];
        var through = new ulong[_words];
        var changed = true;
        while (changed)
        {
            changed = false;
            if (anyDynamicEntry)
            {
                Array.Clear(anyEntryLive);
                Array.Clear(anyEntryThrough);
                for (var n = 0; n < nodes.Length; n++)
                {
                    Or(anyEntryLive, _live, _pointStart[n]);
                    Or(anyEntryThrough, _through, _pointStart[n]);
                }
            }

            for (var n = nodes.Length - 1; n >= 0; n--)
            {
                var code = nodes[n].Instructions;
                var start = _pointStart[n];
                changed |= Store(_through, start + code.Length, all);
                for (var i = code.Length - 1; i >= 0; i--)
                {
                    var ins = code[i];
                    var next = start + i + 1;
                    Array.Clear(live);
                    Array.Clear(through);
                    switch (ins.Op)
                    {
                        case OpCode.Jump:
                            Or(live, _live, start + ins.A);
                            Or(through, _through, start + ins.A);
                            break;
                        case OpCode.JumpIfFalse:
                            Or(live, _live, start + ins.A);
                            Or(through, _through, start + ins.A);
                            Or(live, _live, next);
                            Or(through, _through, next);
                            break;
                        case OpCode.ShowOptions:
                        case OpCode.SelectCandidate:
                            Or(live, _live, next);
                            Or(through, _through, next);
                            foreach (var other in code)
                            {
                                if (other.Op is OpCode.AddOption or OpCode.AddCandidate)
                                {
                                    Or(live, _live, start + other.C);
                                    Or(through, _through, start + other.C);
                                }
                            }

                            break;
                        case OpCode.JumpToNode:
                            Or(live, _live, _pointStart[ins.A]);
                            break;
                        case OpCode.EnterNodeInPlace:
                            Or(live, _live, _pointStart[ins.A]);
                            Or(through, _through, _pointStart[ins.A]);
                            break;
                        case OpCode.DetourToNode:
                            Detour(live, through, _live.AsSpan(_pointStart[ins.A] * _words, _words), _through.AsSpan(_pointStart[ins.A] * _words, _words), next);
                            break;
                        case OpCode.JumpToNodeDynamic:
                            OrWords(live, anyEntryLive);
                            break;
                        case OpCode.DetourToNodeDynamic:
                            Detour(live, through, anyEntryLive, anyEntryThrough, next);
                            break;
                        case OpCode.Return:
                            OrWords(through, all);
                            break;
                        case OpCode.Stop:
                            break;
                        default:
                            Or(live, _live, next);
                            Or(through, _through, next);
                            break;
                    }

                    if (ins.Op == OpCode.StoreVariable)
                    {
                        live[ins.A >> 6] &= ~(1UL << ins.A);
                        through[ins.A >> 6] &= ~(1UL << ins.A);
                    }
                    else if (ins.Op == OpCode.CallFunction && _itemReadSlot[start + i] >= 0)
                    {
                        var item = _itemReadSlot[start + i];
                        live[item >> 6] |= 1UL << item;
                    }
                    else if (ins.Op == OpCode.LoadVariable)
                    {
                        if (smartReads[ins.A] is { } reads)
                        {
                            foreach (var slot in reads)
                            {
                                live[slot >> 6] |= 1UL << slot;
                            }
                        }
                        else
                        {
                            live[ins.A >> 6] |= 1UL << ins.A;
                        }
                    }

                    changed |= Store(_live, start + i, live);
                    changed |= Store(_through, start + i, through);
                }
            }
        }
    }

    /// <summary>A detour: the callee's reads, then (for what passes through it unwritten) what follows the detour.</summary>
    private void Detour(ulong[] live, ulong[] through, ReadOnlySpan<ulong> calleeLive, ReadOnlySpan<ulong> calleeThrough, int next)
    {
        var offset = next * _words;
        for (var w = 0; w < _words; w++)
        {
            live[w] |= calleeLive[w] | (calleeThrough[w] & _live[offset + w]);
            through[w] |= calleeThrough[w] & _through[offset + w];
        }
    }

    /// <summary>Per smart slot: every plain slot its expression reads, through other smart variables too.</summary>
    private static List<int>?[] SmartReads(StoryProgram program, Dictionary<string, int> itemSlots, int anyItem)
    {
        var variables = program.Variables;
        var result = new List<int>?[variables.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            if (!variables[i].IsSmart)
            {
                continue;
            }

            var reads = new List<int>();
            var seen = new HashSet<int> { i };
            var pending = new Stack<int>();
            pending.Push(i);
            while (pending.TryPop(out var smart))
            {
                var code = variables[smart].SmartCode;
                var items = QueriedItems(program, code);
                for (var k = 0; k < code.Length; k++)
                {
                    var ins = code[k];
                    if (IsItemQuery(program, ins))
                    {
                        reads.Add(items[k] is { } name ? itemSlots[name] : anyItem);
                    }

                    if (ins.Op != OpCode.LoadVariable || !seen.Add(ins.A))
                    {
                        continue;
                    }

                    if (variables[ins.A].IsSmart)
                    {
                        pending.Push(ins.A);
                    }
                    else
                    {
                        reads.Add(ins.A);
                    }
                }
            }

            result[i] = reads;
        }

        return result;
    }

    /// <summary>
    /// Numbers every item that <c>has</c> or <c>count</c> reads by a constant name, in nodes or smart variables (slots
    /// from <paramref name="firstSlot"/>, the "any item" slot after them), and returns, per instruction point of the
    /// nodes, the item slot that point reads, or -1.
    /// </summary>
    private static int[] ItemReads(StoryProgram program, Dictionary<string, int> itemSlots, int firstSlot)
    {
        var nodes = program.Nodes;
        var names = new List<string?[]>(nodes.Length);
        foreach (var node in nodes)
        {
            names.Add(QueriedItems(program, node.Instructions));
        }

        var smartNames = program.Variables.Where(v => v.IsSmart).Select(v => QueriedItems(program, v.SmartCode));
        foreach (var name in names.Concat(smartNames).SelectMany(n => n))
        {
            if (name is not null && !itemSlots.ContainsKey(name))
            {
                itemSlots.Add(name, firstSlot + itemSlots.Count);
            }
        }

        var anyItem = firstSlot + itemSlots.Count;
        var result = new List<int>();
        for (var n = 0; n < nodes.Length; n++)
        {
            var code = nodes[n].Instructions;
            for (var i = 0; i < code.Length; i++)
            {
                result.Add(!IsItemQuery(program, code[i]) ? -1 : names[n][i] is { } name ? itemSlots[name] : anyItem);
            }

            result.Add(-1);
        }

        return [.. result];
    }

    /// <summary>
    /// Per instruction of <paramref name="code"/>: the constant item name a <c>has</c> or <c>count</c> call there reads
    /// (null for other instructions and for computed names). A name is constant when the instruction just before the
    /// call pushes it and nothing jumps to the call, so that push is its argument on every path.
    /// </summary>
    private static string?[] QueriedItems(StoryProgram program, ImmutableArray<Instruction> code)
    {
        var names = new string?[code.Length];
        HashSet<int>? targets = null;
        for (var i = 1; i < code.Length; i++)
        {
            if (IsItemQuery(program, code[i]) && code[i - 1].Op == OpCode.PushString && !(targets ??= JumpTargets(code)).Contains(i))
            {
                names[i] = program.Strings[code[i - 1].A];
            }
        }

        return names;
    }

    private static HashSet<int> JumpTargets(ImmutableArray<Instruction> code)
    {
        var targets = new HashSet<int>();
        foreach (var ins in code)
        {
            if (ins.Op is OpCode.Jump or OpCode.JumpIfFalse)
            {
                targets.Add(ins.A);
            }
            else if (ins.Op is OpCode.AddOption or OpCode.AddCandidate)
            {
                targets.Add(ins.C);
            }
        }

        return targets;
    }

    private static bool IsItemQuery(StoryProgram program, Instruction ins) =>
        ins.Op == OpCode.CallFunction && ins.B == 1 && program.Functions[ins.A].Intrinsic is Intrinsic.Has or Intrinsic.Count;

    private void Or(ulong[] into, ulong[] table, int point)
    {
        var offset = point * _words;
        for (var w = 0; w < _words; w++)
        {
            into[w] |= table[offset + w];
        }
    }

    private static void OrWords(ulong[] into, ulong[] from)
    {
        for (var w = 0; w < into.Length; w++)
        {
            into[w] |= from[w];
        }
    }

    private bool Store(ulong[] table, int point, ulong[] value)
    {
        var offset = point * _words;
        var changed = false;
        for (var w = 0; w < _words; w++)
        {
            var merged = table[offset + w] | value[w];
            if (merged != table[offset + w])
            {
                table[offset + w] = merged;
                changed = true;
            }
        }

        return changed;
    }
}

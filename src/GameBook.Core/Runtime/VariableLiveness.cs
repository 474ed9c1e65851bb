using GameBook.Compiled;

namespace GameBook.Runtime;

/// <summary>
/// Which variables may still be read from each instruction: a backward data-flow analysis over the whole program
/// (a variable is live at a point when some path from it reads the variable before writing it). Conservative: a
/// <c>return</c> (or the end of a node) may resume after any detour in the story, a dynamic jump or detour may
/// enter any node, reading a smart variable reads what its expression reads, and visit counts, once-flags and other
/// internal slots are always live. Immutable once built; thread-safe.
/// </summary>
internal sealed class VariableLiveness
{
    private readonly int _words;
    private readonly int[] _pointStart;
    private readonly ulong[] _live;
    private readonly bool[] _tracked;

    public VariableLiveness(StoryProgram program)
    {
        var variables = program.Variables;
        _tracked = new bool[variables.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            _tracked[i] = !variables[i].IsSmart && !variables[i].IsInternal;
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

        _words = (variables.Length + 63) / 64;
        var nodes = program.Nodes;
        _pointStart = new int[nodes.Length + 1];
        for (var n = 0; n < nodes.Length; n++)
        {
            // One point per instruction plus the node's end (an implicit return).
            _pointStart[n + 1] = _pointStart[n] + nodes[n].Instructions.Length + 1;
        }

        _live = new ulong[_pointStart[nodes.Length] * _words];
        Solve(program);
    }

    /// <summary>True when slot <paramref name="slot"/> may be read again from (<paramref name="node"/>, <paramref name="pc"/>).</summary>
    public bool IsLive(int node, int pc, int slot) =>
        !_tracked[slot] || (_live[(Point(node, pc) * _words) + (slot >> 6)] & (1UL << slot)) != 0;

    /// <summary>True when the analysis may drop slot <paramref name="slot"/> (a plain declared variable).</summary>
    public bool IsTracked(int slot) => _tracked[slot];

    private int Point(int node, int pc) => _pointStart[node] + Math.Min(pc, _pointStart[node + 1] - _pointStart[node] - 1);

    private void Solve(StoryProgram program)
    {
        var nodes = program.Nodes;
        var smartReads = SmartReads(program);

        // Return sites: the instruction after every detour.
        var returnSites = new List<int>();
        var anyDynamicEntry = false;
        for (var n = 0; n < nodes.Length; n++)
        {
            var code = nodes[n].Instructions;
            for (var i = 0; i < code.Length; i++)
            {
                if (code[i].Op is OpCode.DetourToNode or OpCode.DetourToNodeDynamic)
                {
                    returnSites.Add(_pointStart[n] + i + 1);
                }

                anyDynamicEntry |= code[i].Op is OpCode.JumpToNodeDynamic or OpCode.DetourToNodeDynamic;
            }
        }

        var returnLive = new ulong[_words];
        var anyEntryLive = new ulong[_words];
        var scratch = new ulong[_words];
        var changed = true;
        while (changed)
        {
            changed = false;
            Array.Clear(returnLive);
            foreach (var site in returnSites)
            {
                Or(returnLive, site);
            }

            if (anyDynamicEntry)
            {
                Array.Clear(anyEntryLive);
                for (var n = 0; n < nodes.Length; n++)
                {
                    Or(anyEntryLive, _pointStart[n]);
                }
            }

            for (var n = nodes.Length - 1; n >= 0; n--)
            {
                var code = nodes[n].Instructions;
                var start = _pointStart[n];
                changed |= Store(start + code.Length, returnLive);
                for (var i = code.Length - 1; i >= 0; i--)
                {
                    var ins = code[i];
                    Array.Clear(scratch);
                    switch (ins.Op)
                    {
                        case OpCode.Jump:
                            Or(scratch, start + ins.A);
                            break;
                        case OpCode.JumpIfFalse:
                            Or(scratch, start + ins.A);
                            Or(scratch, start + i + 1);
                            break;
                        case OpCode.ShowOptions:
                        case OpCode.SelectCandidate:
                            Or(scratch, start + i + 1);
                            foreach (var other in code)
                            {
                                if (other.Op is OpCode.AddOption or OpCode.AddCandidate)
                                {
                                    Or(scratch, start + other.C);
                                }
                            }

                            break;
                        case OpCode.JumpToNode:
                        case OpCode.DetourToNode:
                        case OpCode.EnterNodeInPlace:
                            Or(scratch, _pointStart[ins.A]);
                            break;
                        case OpCode.JumpToNodeDynamic:
                        case OpCode.DetourToNodeDynamic:
                            OrWords(scratch, anyEntryLive);
                            break;
                        case OpCode.Return:
                            OrWords(scratch, returnLive);
                            break;
                        case OpCode.Stop:
                            break;
                        default:
                            Or(scratch, start + i + 1);
                            break;
                    }

                    if (ins.Op == OpCode.StoreVariable)
                    {
                        scratch[ins.A >> 6] &= ~(1UL << ins.A);
                    }
                    else if (ins.Op == OpCode.LoadVariable)
                    {
                        if (smartReads[ins.A] is { } reads)
                        {
                            foreach (var slot in reads)
                            {
                                scratch[slot >> 6] |= 1UL << slot;
                            }
                        }
                        else
                        {
                            scratch[ins.A >> 6] |= 1UL << ins.A;
                        }
                    }

                    changed |= Store(start + i, scratch);
                }
            }
        }
    }

    /// <summary>Per smart slot: every plain slot its expression reads, through other smart variables too.</summary>
    private static List<int>?[] SmartReads(StoryProgram program)
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
                foreach (var ins in variables[smart].SmartCode)
                {
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

    private void Or(ulong[] into, int point)
    {
        var offset = point * _words;
        for (var w = 0; w < _words; w++)
        {
            into[w] |= _live[offset + w];
        }
    }

    private static void OrWords(ulong[] into, ulong[] from)
    {
        for (var w = 0; w < into.Length; w++)
        {
            into[w] |= from[w];
        }
    }

    private bool Store(int point, ulong[] value)
    {
        var offset = point * _words;
        var changed = false;
        for (var w = 0; w < _words; w++)
        {
            var merged = _live[offset + w] | value[w];
            if (merged != _live[offset + w])
            {
                _live[offset + w] = merged;
                changed = true;
            }
        }

        return changed;
    }
}

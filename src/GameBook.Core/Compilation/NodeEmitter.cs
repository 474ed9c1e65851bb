using System.Collections.Immutable;
using GameBook.Compiled;

namespace GameBook.Compilation;

/// <summary>Instruction buffer for one node (or one smart variable), with the source line of each instruction and label patching.</summary>
internal sealed class NodeEmitter
{
    private readonly List<Instruction> _code = [];
    private readonly List<int> _lines = [];

    public int CurrentLine { get; set; } = 1;

    /// <summary>Empties the buffer for the next node, keeping its capacity (results are copied out, so reuse is safe).</summary>
    public NodeEmitter Reset(int currentLine)
    {
        _code.Clear();
        _lines.Clear();
        CurrentLine = currentLine;
        return this;
    }

    public int Here => _code.Count;

    public int Emit(OpCode op, int a = 0, int b = 0, int c = 0)
    {
        _code.Add(new Instruction(op, a, b, c));
        _lines.Add(CurrentLine);
        return _code.Count - 1;
    }

    /// <summary>Points the jump at <paramref name="at"/> to <paramref name="target"/> (operand A, or C for AddOption/AddCandidate).</summary>
    public void Patch(int at, int target)
    {
        var i = _code[at];
        _code[at] = i.Op is OpCode.AddOption or OpCode.AddCandidate ? i with { C = target } : i with { A = target };
    }

    public ImmutableArray<Instruction> Instructions => [.. _code];

    public ImmutableArray<int> SourceLines => [.. _lines];
}

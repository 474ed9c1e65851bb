using GameBook.Compiled;

namespace GameBook.Runtime;

/// <summary>
/// Tells runaway loops from large content once a step has used its instruction budget: from then on each
/// instruction location runs free the first time in the step, and only repeated locations spend the repeat
/// allowance. Allocated by the few sessions that ever exhaust a budget; reset at the end of each step.
/// Belongs to one session; not thread-safe.
/// </summary>
internal sealed class StepAudit
{
    private readonly List<int> _touched = [];
    private bool[][]? _seen;
    private bool[]? _nodeTouched;
    private long _repeatsLeft;
    private bool _active;

    /// <summary>True when the instruction at <paramref name="pc"/> of <paramref name="node"/> may run.</summary>
    public bool Allow(Instruction[][] nodeCode, int node, int pc, int allowance)
    {
        if (!_active)
        {
            _active = true;
            _repeatsLeft = allowance;
            _seen ??= new bool[nodeCode.Length][];
            _nodeTouched ??= new bool[nodeCode.Length];
        }

        if ((uint)node >= (uint)_seen!.Length)
        {
            return --_repeatsLeft >= 0;
        }

        var seen = _seen[node];
        if (seen is null)
        {
            seen = _seen[node] = new bool[nodeCode[node].Length + 1];
        }

        if ((uint)pc < (uint)seen.Length && !seen[pc])
        {
            if (!_nodeTouched![node])
            {
                _nodeTouched[node] = true;
                _touched.Add(node);
            }

            seen[pc] = true;
            return true;
        }

        return --_repeatsLeft >= 0;
    }

    /// <summary>Forgets the step's locations (the next step starts with a fresh budget).</summary>
    public void End()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        foreach (var node in _touched)
        {
            Array.Clear(_seen![node]);
            _nodeTouched![node] = false;
        }

        _touched.Clear();
    }
}

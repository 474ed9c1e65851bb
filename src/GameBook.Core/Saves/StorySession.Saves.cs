using GameBook.Compiled;
using GameBook.Values;

namespace GameBook.Runtime;

// Saving copies the session's small arrays into a snapshot; names and node hashes are shared strings
// from the story, so a save allocates only the copies.
public sealed partial class StorySession
{
    /// <summary>Snapshots the session at any step. Cheap (no JSON): call <see cref="SessionSnapshot.ToJson()"/> to persist it.</summary>
    public SessionSnapshot Save()
    {
        var frames = new SavedFrame[_frameCount];
        for (var i = 0; i < frames.Length; i++)
        {
            var (node, pc) = _frames[i];
            frames[i] = new SavedFrame(_program.Nodes[node].UniqueName, Story.NodeHash(node), pc);
        }

        var options = Array.Empty<SavedOption>();
        if (_state == SessionState.AwaitingChoice)
        {
            options = new SavedOption[_pendingCount];
            for (var i = 0; i < options.Length; i++)
            {
                var p = _pending![i];
                var values = p.ValueCount == 0 ? [] : _optionValues.AsSpan(p.ValueStart, p.ValueCount).ToArray();
                options[i] = new SavedOption(_program.Lines[p.Line].Id, p.Destination, p.Available, values);
            }
        }

        return new SessionSnapshot
        {
            Source = Story,
            Fingerprint = Story.Fingerprint,
            State = _state,
            VariableNames = Story.VariableNames,
            VariableTypes = Story.VariableTypeNames,
            VariableValues = (StoryValue[])_vars.Clone(),
            Frames = frames,
            Stack = _sp == 0 ? [] : _stack.AsSpan(0, _sp).ToArray(),
            Options = options,
            Random = [Random.S0, Random.S1, Random.S2, Random.S3],
            Views = SavedViews(),
            Items = _inventory is null || _inventory.Items.Count == 0 ? [] : [.. _inventory.Items],
            ErrorKind = _error?.Kind ?? default,
            ErrorMessage = _error?.Message,
        };
    }

    private KeyValuePair<string, int>[] SavedViews()
    {
        if (_views is null)
        {
            return [];
        }

        var list = new List<KeyValuePair<string, int>>();
        for (var i = 0; i < _views.Length; i++)
        {
            if (_views[i] > 0)
            {
                list.Add(new(_program.SaliencyContent[i].Id, _views[i]));
            }
        }

        return [.. list];
    }

    /// <summary>Installs validated restored state (see <see cref="SnapshotRestorer"/>).</summary>
    internal void Load(RestoredState state)
    {
        _vars = state.Variables;
        _frames = state.Frames.Length <= 4 ? new Frame[4] : new Frame[state.Frames.Length];
        state.Frames.CopyTo(_frames, 0);
        _frameCount = state.Frames.Length;
        if (state.Stack.Length > _stack.Length)
        {
            _stack = new StoryValue[state.Stack.Length];
        }

        state.Stack.CopyTo(_stack, 0);
        _sp = state.Stack.Length;
        _views = state.Views;
        if (state.Items.Length > 0)
        {
            foreach (var (item, count) in state.Items)
            {
                Inventory.Give(item, count);
            }
        }

        _state = state.State;
        if (state.State == SessionState.Running && state.OptionCode is { } skipped)
        {
            // Running just past an option set means none of its options was available (Choose(NoOption)).
            if (RecomputeOptionSet(skipped.Node, skipped.Start, skipped.End, out var offered) is { } problem)
            {
                throw new StoryFault(StoryErrorKind.InvalidProgram, problem);
            }

            if (offered!.Exists(o => o.Available))
            {
                throw new StoryFault(StoryErrorKind.InvalidProgram, $"The save continues past an option set in node '{_program.Nodes[skipped.Node].UniqueName}' without a choice, although an option is available: the save was edited or damaged.");
            }
        }

        if (state.State == SessionState.AwaitingChoice)
        {
            if (state.OptionCode is { } code)
            {
                if (RecomputeOptionSet(code.Node, code.Start, code.End, out var recomputed) is { } problem)
                {
                    throw new StoryFault(StoryErrorKind.InvalidProgram, problem);
                }

                state.Options = MatchRecomputed(state.Options, recomputed!);
            }

            foreach (var option in state.Options)
            {
                _pending ??= new PendingOption[Math.Max(4, state.Options.Length)];
                var count = option.Values.Length;
                if (count > 0)
                {
                    _optionValues ??= new StoryValue[Math.Max(4, count)];
                    if (_optionValueCount + count > _optionValues.Length)
                    {
                        Array.Resize(ref _optionValues, Math.Max(_optionValues.Length * 2, _optionValueCount + count));
                    }

                    option.Values.CopyTo(_optionValues, _optionValueCount);
                }

                _pending[_pendingCount++] = new PendingOption(option.Line, option.Destination, option.Available, _optionValueCount, count);
                _optionValueCount += count;
            }

            ComposeOptions();
        }
        else if (state.State == SessionState.Faulted)
        {
            _error = state.Error;
        }

        if (state.State is SessionState.Ended or SessionState.Faulted)
        {
            Dispose();
        }
    }
}

// Re-evaluating an option set whose conditions call functions or read smart variables, on the session being restored.
public sealed partial class StorySession
{
    /// <summary>At most this many draws are stepped back to find the random state an option set's code began with.</summary>
    private const int MaxOptionDraws = 1024;

    /// <summary>
    /// Evaluates the straight-line option-set code <c>[start, end)</c> of <paramref name="node"/> (substitutions, once flags
    /// and conditions, then an <see cref="OpCode.AddOption"/> per option) on this session's restored state, calling host
    /// functions and smart variables as the original session did. Code that drew random numbers must be evaluated from the
    /// generator state it began with: the saved state is stepped back one draw at a time until evaluating from there ends
    /// exactly at the saved state (the draws then repeat exactly as the original session made them). Returns why it cannot be
    /// re-evaluated (a function failed, or no earlier state fits: the random state was edited), or null.
    /// </summary>
    internal string? RecomputeOptionSet(int node, int start, int end, out List<(int Line, int Destination, bool Available, StoryValue[] Values)>? options)
    {
        var saved = Random;
        var from = saved;
        options = null;
        _inHostCall = true;
        try
        {
            for (var draws = 0; draws <= MaxOptionDraws; draws++)
            {
                Random = from;
                List<(int, int, bool, StoryValue[])> result;
                try
                {
                    result = EvaluateOptionCode(node, start, end);
                }
                catch (StoryFault fault)
                {
                    return $"The pending options of node '{_program.Nodes[node].UniqueName}' could not be re-evaluated for the restored state: {fault.Message}";
                }

                if (Random.SameStateAs(saved))
                {
                    options = result;
                    return null;
                }

                from.Previous();
            }

            return $"The pending options of node '{_program.Nodes[node].UniqueName}' draw random numbers, and the saved random state is not one drawing them could have left: the save was edited or damaged.";
        }
        finally
        {
            Random = saved;
            _sp = 0;
            _inHostCall = false;
        }
    }

    private List<(int Line, int Destination, bool Available, StoryValue[] Values)> EvaluateOptionCode(int node, int start, int end)
    {
        var code = Story.NodeCode[node];
        var list = new List<(int, int, bool, StoryValue[])>();
        _sp = 0;
        for (var i = start; i < end; i++)
        {
            ref readonly var ins = ref code[i];
            if (ins.Op != OpCode.AddOption)
            {
                Execute(in ins);
                continue;
            }

            var available = (ins.B & (int)OptionFlags.HasCondition) == 0 || _stack[--_sp].RawBool;
            var values = new StoryValue[Story.LineSubstitutionCounts[ins.A]];
            for (var k = values.Length - 1; k >= 0; k--)
            {
                values[k] = _stack[--_sp];
            }

            list.Add((ins.A, ins.C, available, values));
        }

        return _sp == 0 ? list : throw new StoryFault(StoryErrorKind.InvalidProgram, "The option set's code left values on the stack.");
    }

    /// <summary>The recomputed options, which must be the saved ones (same lines and destinations, in order).</summary>
    private (int Line, int Destination, bool Available, StoryValue[] Values)[] MatchRecomputed(
        (int Line, int Destination, bool Available, StoryValue[] Values)[] saved, List<(int Line, int Destination, bool Available, StoryValue[] Values)> offered)
    {
        var matches = offered.Count == saved.Length;
        for (var i = 0; matches && i < saved.Length; i++)
        {
            matches = offered[i].Line == saved[i].Line && offered[i].Destination == saved[i].Destination;
        }

        return matches
            ? [.. offered]
            : throw new StoryFault(StoryErrorKind.InvalidProgram, $"The saved options are not the ones node '{_program.Nodes[_frames[_frameCount - 1].Node].UniqueName}' offers at this point: the save was edited or damaged.");
    }
}

/// <summary>Restored session state, validated against the story; option lines are resolved to indexes.</summary>
internal sealed class RestoredState
{
    public required SessionState State { get; init; }

    public required StoryValue[] Variables { get; init; }

    public required StorySession.Frame[] Frames { get; init; }

    public required StoryValue[] Stack { get; init; }

    public required (int Line, int Destination, bool Available, StoryValue[] Values)[] Options { get; set; }

    /// <summary>
    /// The pending option set's code (node, first and last-plus-one instruction) when it calls functions or reads smart
    /// variables: the session being restored re-evaluates it (<see cref="StorySession.RecomputeOptionSet"/>). Null otherwise.
    /// </summary>
    public (int Node, int Start, int End)? OptionCode { get; init; }

    public required int[]? Views { get; init; }

    public required KeyValuePair<string, int>[] Items { get; init; }

    public StoryError? Error { get; init; }
}

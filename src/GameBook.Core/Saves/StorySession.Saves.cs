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
        if (state.State == SessionState.AwaitingChoice)
        {
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

/// <summary>Restored session state, validated against the story; option lines are resolved to indexes.</summary>
internal sealed class RestoredState
{
    public required SessionState State { get; init; }

    public required StoryValue[] Variables { get; init; }

    public required StorySession.Frame[] Frames { get; init; }

    public required StoryValue[] Stack { get; init; }

    public required (int Line, int Destination, bool Available, StoryValue[] Values)[] Options { get; init; }

    public required int[]? Views { get; init; }

    public required KeyValuePair<string, int>[] Items { get; init; }

    public StoryError? Error { get; init; }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using GameBook.Values;

namespace GameBook.Runtime;

// What tools (explorers, playtesters, editors) need beyond playing: copying a session, a canonical encoding of
// its state, where it is, and control over its randomness.
public sealed partial class StorySession
{
    /// <summary>
    /// Where random outcomes come from; null (the default) draws from the session's own seeded generator.
    /// A draw outside the range a source returns, or an exception it throws, faults the session with a
    /// <see cref="StoryErrorKind.HostFunctionFailed"/> error.
    /// </summary>
    public IRandomSource? RandomSource { get; set; }

    /// <summary>
    /// Called each time the session enters a node: the start node (on the first <see cref="Next"/>), jumps,
    /// detours, <see cref="JumpTo"/>, and the member a node group chooses. Null (the default) costs nothing.
    /// Runs on the session's thread, inside <see cref="Next"/> or <see cref="JumpTo"/>; it must not call back into the session.
    /// </summary>
    public Action<StoryNodeInfo>? NodeEntered { get; set; }

    /// <summary>
    /// The node the session is in: the innermost node on the call stack while running or awaiting a choice (also
    /// after an error), or the node the story ended in once it has ended. Null for a session that ended before
    /// entering any node.
    /// </summary>
    public StoryNodeInfo? CurrentNode => _frameCount > 0
        ? Story.Nodes[_frames[_frameCount - 1].Node]
        : _endNode >= 0 ? Story.Nodes[_endNode] : null;

    /// <summary>
    /// Copies the session: position, call stack, pending options, variables, visit counts, once-flags, inventory,
    /// saliency views and the random generator's state, so the copy continues exactly as this session would.
    /// Options (saliency strategy, library, limits), <see cref="RandomSource"/> and <see cref="NodeEntered"/> are
    /// shared, not copied. Costs a few small array copies; cheaper than <see cref="Save"/> and a restore.
    /// </summary>
    public StorySession Clone() => CloneCore(copyPending: true);

    /// <summary>
    /// Makes this session a copy of <paramref name="source"/>, as <see cref="Clone"/> would, reusing this session's
    /// arrays: a tool that copies states millions of times (an explorer trying every outcome) allocates nothing once
    /// the arrays have grown. This session keeps its own library, step limit, start node (for <see cref="Restart"/>) and metrics; the rest (position, call stack,
    /// pending options, variables, inventory, saliency views, random generator, localization, saliency strategy,
    /// <see cref="RandomSource"/> and <see cref="NodeEntered"/>) becomes the source's.
    /// </summary>
    /// <param name="source">A session of the same story.</param>
    /// <exception cref="ArgumentException"><paramref name="source"/> plays another story, or is this session.</exception>
    /// <exception cref="InvalidOperationException">This session is running one of its own host calls.</exception>
    public void CopyFrom(StorySession source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ReferenceEquals(source, this))
        {
            throw new ArgumentException("A session cannot copy itself.", nameof(source));
        }

        if (!ReferenceEquals(source.Story, Story))
        {
            throw new ArgumentException("The source session plays another story; copy only between sessions of one story.", nameof(source));
        }

        EnsureNotInHostCall();
        source._vars.AsSpan().CopyTo(_vars);
        _stack = CopyInto(_stack, source._stack, source._sp);
        _sp = source._sp;
        _frames = CopyInto(_frames, source._frames, source._frameCount);
        _frameCount = source._frameCount;
        _state = source._state;
        _error = source._error;
        _endNode = source._endNode;
        _startPending = source._startPending;
        _views = source._views is null ? null : CopyInto(_views, source._views, source._views.Length);
        if (source._inventory is { } inventory)
        {
            Inventory.Assign(inventory);
        }
        else
        {
            _inventory?.Clear();
        }

        _pending = source._pending is null ? null : CopyInto(_pending, source._pending, source._pendingCount);
        _pendingCount = source._pendingCount;
        _optionValues = source._optionValues is null ? null : CopyInto(_optionValues, source._optionValues, source._optionValueCount);
        _optionValueCount = source._optionValueCount;
        _availableCount = source._availableCount;
        _bound = source._bound is null ? null : CopyInto(_bound, source._bound, source._bound.Length);
        _pluralRules = source._pluralRules;
        _lineViews = source._lineViews;
        _localization = source._localization;
        SaliencyStrategy = source.SaliencyStrategy;
        Random = source.Random;
        RandomSource = source.RandomSource;
        NodeEntered = source.NodeEntered;
        if (_state is SessionState.Running or SessionState.AwaitingChoice)
        {
            MarkActive();
        }
        else
        {
            MarkInactive();
        }
    }

    /// <summary>Copies the first <paramref name="count"/> items of <paramref name="from"/> into <paramref name="into"/>, growing it to <paramref name="from"/>'s length when short.</summary>
    private static T[] CopyInto<T>(T[]? into, T[] from, int count)
    {
        if (into is null || into.Length < from.Length)
        {
            into = new T[from.Length];
        }

        Array.Copy(from, into, count);
        return into;
    }

    /// <summary>
    /// Copies the session as it is after <see cref="Choose"/>(<paramref name="optionIndex"/>), leaving this session
    /// untouched. Same result as <see cref="Clone"/> then <see cref="Choose"/>, without copying the pending option set,
    /// which matters to tools that try every option of a large set.
    /// </summary>
    /// <param name="optionIndex">The option (0-based), or <see cref="NoOption"/> when none is available.</param>
    /// <exception cref="InvalidOperationException">No option set is waiting for a choice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range, or names an unavailable option.</exception>
    public StorySession CloneAndChoose(int optionIndex)
    {
        if (_state != SessionState.AwaitingChoice)
        {
            throw new InvalidOperationException($"No option set is waiting for a choice (the session is {_state}).");
        }

        if (optionIndex == NoOption)
        {
            if (_availableCount > 0)
            {
                throw new ArgumentOutOfRangeException(nameof(optionIndex), "NoOption is only valid when no option is available.");
            }
        }
        else if ((uint)optionIndex >= (uint)_pendingCount)
        {
            throw new ArgumentOutOfRangeException(nameof(optionIndex), $"Choose an index from 0 to {_pendingCount - 1}.");
        }
        else if (!_pending![optionIndex].Available)
        {
            throw new ArgumentOutOfRangeException(nameof(optionIndex), $"Option {optionIndex} is not available.");
        }

        var copy = CloneCore(copyPending: false);
        if (optionIndex != NoOption)
        {
            copy._frames[copy._frameCount - 1].Pc = _pending![optionIndex].Destination;
        }

        copy._state = SessionState.Running;
        copy.MarkActive();
        _metrics.Selections.Add(1);
        return copy;
    }

    private StorySession CloneCore(bool copyPending)
    {
        var copy = new StorySession(this);
        copy._vars = (StoryValue[])_vars.Clone();
        copy._stack = (StoryValue[])_stack.Clone();
        copy._sp = _sp;
        copy._frames = (Frame[])_frames.Clone();
        copy._frameCount = _frameCount;
        copy._state = _state;
        copy._error = _error;
        copy._endNode = _endNode;
        copy._startPending = _startPending;
        copy._views = (int[]?)_views?.Clone();
        if (_inventory is not null)
        {
            copy.Inventory.CopyFrom(_inventory);
        }

        if (copyPending)
        {
            copy._pending = (PendingOption[]?)_pending?.Clone();
            copy._pendingCount = _pendingCount;
            copy._optionValues = (StoryValue[]?)_optionValues?.Clone();
            copy._optionValueCount = _optionValueCount;
            copy._availableCount = _availableCount;
        }

        copy._bound = (Library.HostFunction?[]?)_bound?.Clone();
        copy.RandomSource = RandomSource;
        copy.NodeEntered = NodeEntered;
        if (_state is SessionState.Running or SessionState.AwaitingChoice)
        {
            copy.MarkActive();
        }

        return copy;
    }

    /// <summary>
    /// Writes a canonical binary encoding of everything that decides what the session does next, except its random
    /// generator: life-cycle state and error kind, call stack and positions, evaluation stack, pending options,
    /// every variable (including visit counts and once-flags), inventory (in ordinal item order) and saliency views.
    /// Two sessions of the same story with equal encodings behave identically given the same choices and random
    /// outcomes, which is what state-space explorers hash. The format is not a save format: it may change between
    /// versions and carries no story identity (use <see cref="Save"/> to persist).
    /// </summary>
    /// <param name="destination">Receives the bytes.</param>
    public void WriteState(IBufferWriter<byte> destination) => WriteState(destination, StateEncoding.Full);

    /// <summary>
    /// Writes the canonical encoding of <see cref="WriteState(IBufferWriter{byte})"/>; with
    /// <see cref="StateEncoding.LiveVariablesOnly"/>, a declared variable the story will overwrite before it can read it
    /// again (see <see cref="IsVariableLive"/>) or the once-flag of content that cannot run again is written as a
    /// placeholder, and an item no <c>has</c> or <c>count</c> can query again is left out, so sessions that differ only in such stale
    /// values encode equally. They still behave identically given the same choices and random outcomes: the same
    /// lines, options, commands and ends (only a host reading the stale variable directly could tell them apart).
    /// </summary>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="encoding">Whether dead variables are written.</param>
    public void WriteState(IBufferWriter<byte> destination, StateEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var liveOnly = encoding == StateEncoding.LiveVariablesOnly && _frameCount > 0 && _state is SessionState.Running or SessionState.AwaitingChoice;
        var liveness = liveOnly ? Story.Liveness : null;
        var writer = new StateWriter(destination);
        writer.WriteInt((int)_state);
        writer.WriteInt(_state == SessionState.Faulted ? (int)(_error?.Kind ?? default) : -1);
        writer.WriteInt(_frameCount);
        for (var i = 0; i < _frameCount; i++)
        {
            writer.WriteInt(_frames[i].Node);
            writer.WriteInt(_frames[i].Pc);
        }

        writer.WriteInt(_frameCount == 0 ? _endNode : -1);
        writer.WriteInt(_sp);
        for (var i = 0; i < _sp; i++)
        {
            writer.WriteValue(_stack[i]);
        }

        var pending = _state == SessionState.AwaitingChoice ? _pendingCount : 0;
        writer.WriteInt(pending);
        for (var i = 0; i < pending; i++)
        {
            ref readonly var option = ref _pending![i];
            writer.WriteInt(option.Line);
            writer.WriteInt(option.Destination);
            writer.WriteInt(option.Available ? 1 : 0);
            writer.WriteInt(option.ValueCount);
            for (var v = 0; v < option.ValueCount; v++)
            {
                writer.WriteValue(_optionValues![option.ValueStart + v]);
            }
        }

        var canonical = encoding == StateEncoding.LiveVariablesOnly;
        var smart = Story.SmartSlots;
        var visitFlags = Story.VisitFlagSlots;
        for (var i = 0; i < _vars.Length; i++)
        {
            if (smart[i])
            {
                continue;
            }

            if (canonical && visitFlags[i])
            {
                // Read only through visited(): the second visit changes nothing the story can observe.
                writer.WriteValue(StoryValue.FromNumber(_vars[i].AsNumber > 0 ? 1 : 0));
            }
            else
            {
                writer.WriteValue(liveness is null || IsLiveNow(liveness, i) ? _vars[i] : default);
            }
        }

        var items = _inventory?.Items;
        if (items is null || items.Count == 0)
        {
            writer.WriteInt(0);
        }
        else
        {
            // An item the story will never query again is left out, as if the player had none.
            var names = liveness is null ? [.. items.Keys] : items.Keys.Where(name => IsItemLiveNow(liveness, name)).ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            writer.WriteInt(names.Length);
            foreach (var name in names)
            {
                writer.WriteString(name);
                writer.WriteInt(items[name]);
            }
        }

        if (_views is null)
        {
            writer.WriteInt(0);
        }
        else
        {
            writer.WriteInt(_views.Length);
            var relative = canonical && SaliencyStrategies.ComparesViewCountsOnly(SaliencyStrategy);
            var groupStart = Story.SaliencyGroupStart;
            for (var i = 0; i < _views.Length; i++)
            {
                writer.WriteInt(relative ? _views[i] - MinimumViewCount(groupStart, i) : _views[i]);
            }
        }
    }

    /// <summary>
    /// False when the story will overwrite variable <paramref name="name"/> before it can read it again from where the
    /// session is (so its current value can no longer matter); true otherwise, and always for smart variables, visit
    /// counts, and sessions that ended or faulted. A conservative static analysis: true does not promise a read.
    /// </summary>
    /// <param name="name">The variable, with or without the leading <c>$</c>.</param>
    /// <exception cref="ArgumentException">The story has no such variable.</exception>
    public bool IsVariableLive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slot = Story.VariableIndex(name);
        if (slot < 0)
        {
            throw new ArgumentException($"The story has no variable named '{name}'.", nameof(name));
        }

        return _frameCount == 0 || _state is not (SessionState.Running or SessionState.AwaitingChoice) || IsLiveNow(Story.Liveness, slot);
    }

    /// <summary>The smallest view count in the saliency group of content <paramref name="content"/>.</summary>
    private int MinimumViewCount(int[] groupStart, int content)
    {
        var start = groupStart[content];
        var minimum = int.MaxValue;
        for (var i = start; i < _views!.Length && groupStart[i] == start; i++)
        {
            minimum = Math.Min(minimum, _views[i]);
        }

        return minimum;
    }

    private bool IsItemLiveNow(VariableLiveness liveness, string item)
    {
        var slot = liveness.ItemSlot(item);
        return (slot >= 0 && IsLiveNow(liveness, slot)) || IsLiveNow(liveness, liveness.AnyItemSlot);
    }

    private bool IsLiveNow(VariableLiveness liveness, int slot)
    {
        if (!liveness.IsTracked(slot))
        {
            return true;
        }

        // The top frame: where it is, or (waiting for a choice) any option it may continue at.
        var frame = _frames[_frameCount - 1];
        if (liveness.IsLive(frame.Node, frame.Pc, slot))
        {
            return true;
        }

        var reachesReturn = liveness.ReachesReturn(frame.Node, frame.Pc, slot);
        if (_state == SessionState.AwaitingChoice)
        {
            for (var i = 0; i < _pendingCount; i++)
            {
                var destination = _pending![i].Destination;
                if (liveness.IsLive(frame.Node, destination, slot))
                {
                    return true;
                }

                reachesReturn |= liveness.ReachesReturn(frame.Node, destination, slot);
            }
        }

        // Carried unwritten to a return: the caller decides, from the instruction after its detour.
        for (var i = _frameCount - 2; i >= 0 && reachesReturn; i--)
        {
            var caller = _frames[i];
            if (liveness.IsLive(caller.Node, caller.Pc, slot))
            {
                return true;
            }

            reachesReturn = liveness.ReachesReturn(caller.Node, caller.Pc, slot);
        }

        return false;
    }

    /// <summary>A draw in [0, count) from <see cref="RandomSource"/> or the session's generator.</summary>
    internal long NextRandomInteger(long count)
    {
        if (count <= 1)
        {
            return 0;
        }

        if (RandomSource is not { } source)
        {
            return (long)Random.NextBounded((ulong)count);
        }

        long value;
        try
        {
            value = source.NextInteger(count);
        }
        catch (Exception ex)
        {
            throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source failed: {ex.Message}", ex);
        }

        return (ulong)value < (ulong)count
            ? value
            : throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source returned {value}, outside 0 to {count - 1}.");
    }

    /// <summary>The total of <paramref name="count"/> dice from a source that draws totals, checked like any draw.</summary>
    private static long NextDiceTotal(IDiceTotalSource source, int count, int sides)
    {
        long value;
        try
        {
            value = source.NextDiceTotal(count, sides);
        }
        catch (Exception ex)
        {
            throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source failed: {ex.Message}", ex);
        }

        return value >= count && value <= (long)count * sides
            ? value
            : throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source returned a total of {value} for {count}d{sides}, outside {count} to {(long)count * sides}.");
    }

    /// <summary>A draw in [0, 1) from <see cref="RandomSource"/> or the session's generator.</summary>
    internal double NextRandomDouble()
    {
        if (RandomSource is not { } source)
        {
            return Random.NextDouble();
        }

        double value;
        try
        {
            value = source.NextDouble();
        }
        catch (Exception ex)
        {
            throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source failed: {ex.Message}", ex);
        }

        return value is >= 0 and < 1
            ? value
            : throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The random source returned {value}, outside [0, 1).");
    }

    /// <summary>Little-endian fixed-width fields: unambiguous without separators.</summary>
    private readonly ref struct StateWriter(IBufferWriter<byte> destination)
    {
        private readonly IBufferWriter<byte> _destination = destination;

        public void WriteInt(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_destination.GetSpan(4), value);
            _destination.Advance(4);
        }

        public void WriteValue(StoryValue value)
        {
            var span = _destination.GetSpan(9);
            span[0] = (byte)value.Kind;
            if (value.Kind == ValueKind.String)
            {
                _destination.Advance(1);
                WriteString(value.RawString!);
                return;
            }

            BinaryPrimitives.WriteDoubleLittleEndian(span[1..], value.Kind == ValueKind.None ? 0 : value.RawNumber);
            _destination.Advance(9);
        }

        public void WriteString(string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            WriteInt(length);
            var span = _destination.GetSpan(length);
            Encoding.UTF8.GetBytes(text, span);
            _destination.Advance(length);
        }
    }
}

using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Authoring.Exploration;

/// <summary>A frontier entry: a state held in full, its id and the bytes reserved for it.</summary>
internal readonly record struct FrontierEntry(int Id, StorySession Session, int Bytes);

/// <summary>The first (shallowest) transition of a group of findings, and how many transitions fall in the group.</summary>
internal sealed class Finding(int depth, int parent, int label, StoryError? error)
{
    public int Depth { get; set; } = depth;

    public int Parent { get; set; } = parent;

    public int Label { get; set; } = label;

    public StoryError? Error { get; set; } = error;

    public long Count { get; set; }
}

/// <summary>Groups runtime errors: same kind at the same place.</summary>
internal readonly record struct ErrorKey(StoryErrorKind Kind, string? Node, string? File, int Line);

/// <summary>
/// One exploring thread. Expanding a state has two phases: <em>compute</em> runs the story from the state for each
/// option and random outcome (host functions run here, and may hang); <em>publish</em> records the results in the
/// shared visited set and graph and runs no story code, so it always finishes promptly. The run stops a worker only
/// between phases, which is what lets it return at a deadline while a thread is stuck in a host function.
/// Not thread-safe: owned by its thread; the run reads its results only when it is not publishing.
/// </summary>
internal sealed class ExplorationWorker
{
    public const int Idle = 0;
    public const int Computing = 1;
    public const int Publishing = 2;

    private readonly ExplorationRun _run;
    private readonly Story _story;
    private readonly OutcomeSource _source;
    private readonly OutcomeSource _quiet;
    private readonly OutcomeSource _probe;
    private readonly List<OutcomeSource> _settleSources = [];
    private readonly Stack<StorySession> _spare = new();

    // The current decision's draws as a label stores them (count and value interleaved), built up while settling.
    private readonly List<long> _draws = [];
    private readonly StateBuffer _buffer = new();
    private readonly List<Successor> _successors = [];
    private readonly Dictionary<ulong, int> _localStates = [];
    private readonly HashSet<int> _localEdges = [];
    private readonly List<int> _nodeHits = [];
    private readonly List<int> _lineHits = [];
    private readonly List<int> _optionHits = [];
    private readonly Action<StoryNodeInfo> _onNodeEntered;
    private bool _recording;
    private long _transitions;
    private int _phase;

    public ExplorationWorker(ExplorationRun run, int index)
    {
        _run = run;
        _story = run.Story;
        Index = index;
        _source = new OutcomeSource(run.Samples);
        _quiet = new OutcomeSource(run.Samples);
        _probe = new OutcomeSource(run.Samples);
        NodesSeen = new bool[_story.Nodes.Count];
        StatesByNode = new long[_story.Nodes.Count];
        LinesSeen = new bool[_story.Lines.Count];
        Variables = new VariableObserver(_story);
        Edges = run.FindSoftLocks ? new ChunkedList<ulong>(run.Budget) : null;
        _onNodeEntered = node =>
        {
            if (_recording)
            {
                _nodeHits.Add(node.Index);
            }
        };
    }

    public int Index { get; }

    public int Phase => Volatile.Read(ref _phase);

    public long Transitions => Volatile.Read(ref _transitions);

    public bool DrewDouble
    {
        get => _source.DrewDouble || field;
        private set;
    }

    public bool[] NodesSeen { get; }

    /// <summary>Per node index: the new states this worker found whose current node it is.</summary>
    public long[] StatesByNode { get; }

    /// <summary>Per <see cref="Story.Lines"/> index: shown (lines) or available to choose (options).</summary>
    public bool[] LinesSeen { get; }

    public VariableObserver Variables { get; }

    public ChunkedList<ulong>? Edges { get; }

    public List<FrontierEntry> Next { get; } = [];

    public Dictionary<int, Finding> Endings { get; } = [];

    public Dictionary<(SoftLockKind Kind, int Node), Finding> SoftEnds { get; } = [];

    public Dictionary<ErrorKey, Finding> Errors { get; } = [];

    public Exception? Failure { get; private set; }

    /// <summary>The thread body: expand levels until the run finishes or stops.</summary>
    public void Run(SemaphoreSlim start)
    {
        try
        {
            while (true)
            {
                start.Wait();
                if (_run.Finished || _run.Stopped)
                {
                    return;
                }

                ExpandLevel();
                _run.WorkerDone();
            }
        }
        catch (Exception ex)
        {
            // A bug (or an out-of-memory) must not escape a background thread: the run reports it.
            Failure = ex;
            Volatile.Write(ref _phase, Idle);
            _run.WorkerFailed(ex);
        }
    }

    private void ExpandLevel()
    {
        var level = _run.Level;
        var depth = _run.CurrentDepth;
        while (!_run.Stopped)
        {
            var (from, to) = _run.ClaimChunk();
            if (from >= to)
            {
                return;
            }

            for (var i = from; i < to; i++)
            {
                var entry = level[i];
                level[i] = default;
                Volatile.Write(ref _phase, Computing);
                if (!Compute(entry))
                {
                    Volatile.Write(ref _phase, Idle);
                    return;
                }

                // Dekker-style hand-shake with ExplorationRun.StopAndQuiesce: both sides write with a full fence, then read.
                Interlocked.Exchange(ref _phase, Publishing);
                if (_run.Stopped)
                {
                    DiscardSuccessors();
                    Volatile.Write(ref _phase, Idle);
                    return;
                }

                var ok = Publish(entry, depth);
                Volatile.Write(ref _phase, Idle);
                if (!ok)
                {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- compute (runs story code)

    /// <summary>Runs every option and outcome from the entry's state into <see cref="_successors"/>. False when the run must stop.</summary>
    private bool Compute(FrontierEntry entry)
    {
        _successors.Clear();
        _localStates.Clear();
        _buffer.ResetWrittenCount();
        _nodeHits.Clear();
        _lineHits.Clear();
        _optionHits.Clear();
        var state = entry.Session;
        state.RandomSource = _source;
        state.NodeEntered = _onNodeEntered;
        _recording = true;
        if (state.State == SessionState.AwaitingChoice)
        {
            var options = state.Next().Options;
            var node = state.CurrentNode?.Index ?? -1;
            if (options.AvailableCount == 0)
            {
                return Explore(state, StorySession.NoOption, node);
            }

            for (var i = 0; i < options.Count; i++)
            {
                var option = options[i];
                if (!option.IsAvailable)
                {
                    continue;
                }

                if (_run.LineIndex(option.Line.Id) is var line and >= 0)
                {
                    _optionHits.Add(line);
                }

                if (!Explore(state, i, -1) || _run.Stopped)
                {
                    return false;
                }
            }

            return true;
        }

        return Explore(state, WitnessStep.Continue, -1);
    }

    /// <summary>Takes one action from <paramref name="state"/> and runs to the next state(s). <paramref name="deadOptionsNode"/> is set for a fall-through.</summary>
    private bool Explore(StorySession state, int action, int deadOptionsNode)
    {
        var work = CopyAndChoose(state, action);
        _source.Reset();

        for (var k = 0; k < Witness.StepsPerDecision; k++)
        {
            var step = work.Next();
            if (_source.Drawn > 0)
            {
                return ExploreOutcomes(state, action, deadOptionsNode, k, work, step);
            }

            if (step.Kind == StepKind.Line)
            {
                HitLine(step.Line.Id);
            }
            else if (step.Kind != StepKind.Command)
            {
                AddLeaf(work, step, action, deadOptionsNode, withDraws: false);
                return true;
            }
        }

        AddLeaf(work, default, action, deadOptionsNode, withDraws: false);
        return true;
    }

    /// <summary>
    /// The step after <paramref name="deterministicSteps"/> steps drew random numbers: <paramref name="first"/> took the first
    /// outcome of each draw; rebuild the state before the step and run it again for every other combination.
    /// </summary>
    private bool ExploreOutcomes(StorySession state, int action, int deadOptionsNode, int deterministicSteps, StorySession first, StoryStep firstStep)
    {
        if (_source.OutcomeProduct() > _run.MaxOutcomesPerStep)
        {
            Recycle(first);
            _run.RequestStop(ExplorationStopReason.MaxOutcomesPerStep, $"a step in {state.CurrentNode?.UniqueName ?? "the start"} has {(_source.OutcomeProduct() == long.MaxValue ? "more than 9.2e18" : _source.OutcomeProduct().ToString(System.Globalization.CultureInfo.InvariantCulture))} random outcomes");
            return false;
        }

        RecordStep(firstStep);
        var outcomes = _source.OutcomeProduct();
        StartDraws(_source);
        if (!Settle(first, firstStep, action, deadOptionsNode, outcomes, 0, Witness.StepsPerDecision - deterministicSteps - 1))
        {
            return false;
        }

        // The steps before the random one drew nothing, so replaying them (quietly: they were counted) rebuilds its start.
        var before = CopyAndChoose(state, action);
        before.RandomSource = _quiet;
        _recording = false;

        for (var k = 0; k < deterministicSteps; k++)
        {
            before.Next();
        }

        before.RandomSource = _source;
        _recording = true;
        long runs = 1;
        while (_source.TryAdvance(out var prefix, out var last))
        {
            if (++runs > _run.MaxOutcomesPerStep || _run.Stopped)
            {
                Recycle(before);
                if (runs > _run.MaxOutcomesPerStep)
                {
                    _run.RequestStop(ExplorationStopReason.MaxOutcomesPerStep, $"a step in {state.CurrentNode?.UniqueName ?? "the start"} has more than {_run.MaxOutcomesPerStep} random outcomes");
                }

                return false;
            }

            var work = Copy(before);
            _source.Reset(_source.Values, prefix, last);
            var step = work.Next();
            RecordStep(step);
            StartDraws(_source);
            if (!Settle(work, step, action, deadOptionsNode, outcomes, 0, Witness.StepsPerDecision - deterministicSteps - 1))
            {
                Recycle(before);
                return false;
            }
        }

        Recycle(before);
        return true;
    }

    /// <summary>
    /// After a random step, runs the outcome on through lines and commands to where the player decides next (or the
    /// story ends) and adds the leaf there, so the state stored is a decision point: dice shown and compared on the way
    /// are dead there, and outcomes that lead to the same decision merge into one state. A later step that draws again
    /// on the way is enumerated in place while the decision's outcomes stay within <see cref="ExplorationRun.MaxOutcomesPerDecision"/>
    /// (an attack roll followed by a luck test stores no state holding the attack roll); beyond it, the session is left
    /// just before that step (rebuilt from a copy: a draw cannot be undone) and that step begins a state of its own.
    /// False when the run must stop.
    /// </summary>
    /// <remarks>
    /// The outcomes drawn so far in this decision (its witness label) are in <see cref="_draws"/>; <paramref name="outcomes"/>:
    /// its outcome combinations so far; <paramref name="level"/>: drawing steps already enumerated in place (picks the
    /// outcome source); <paramref name="stepsLeft"/>: the steps the decision may still take (a witness replays at most
    /// <see cref="Witness.StepsPerDecision"/> per decision).
    /// </remarks>
    private bool Settle(StorySession work, StoryStep step, int action, int deadOptionsNode, long outcomes, int level, int stepsLeft)
    {
        // The values just drawn count for the variable ranges even when no state keeps them.
        Variables.Observe(work);
        if (work.State != SessionState.Running || step.Kind is not (StepKind.Line or StepKind.Command))
        {
            AddLeaf(work, step, action, deadOptionsNode, withDraws: true);
            return true;
        }

        var start = Copy(work);
        work.RandomSource = _probe;
        var taken = 0;
        var drew = false;
        var last = step;
        for (var k = 0; k < stepsLeft; k++)
        {
            var nodeMark = _nodeHits.Count;
            _probe.Reset();
            var next = work.Next();
            if (_probe.Drawn > 0)
            {
                // Nodes entered by the drawing step are recorded by its real runs (here they saw a made-up outcome).
                _nodeHits.RemoveRange(nodeMark, _nodeHits.Count - nodeMark);
                drew = true;
                break;
            }

            taken++;
            last = next;
            if (next.Kind != StepKind.Line && next.Kind != StepKind.Command)
            {
                break;
            }

            RecordStep(next);
        }

        if (!drew)
        {
            Recycle(start);
            work.RandomSource = _source;
            AddLeaf(work, last, action, deadOptionsNode, withDraws: true);
            return true;
        }

        // Replay the steps before the drawing one on the copy (quietly: their lines and nodes are recorded).
        Recycle(work);
        start.RandomSource = _quiet;
        _recording = false;
        for (var k = 0; k < taken; k++)
        {
            _quiet.Reset();
            start.Next();
        }

        _recording = true;
        var product = _probe.OutcomeProduct();
        if (outcomes > _run.MaxOutcomesPerDecision / product)
        {
            start.RandomSource = _source;
            AddLeaf(start, last, action, deadOptionsNode, withDraws: true);
            return true;
        }

        var ok = SettleOutcomes(start, action, deadOptionsNode, outcomes * product, level, stepsLeft - taken - 1);
        Recycle(start);
        return ok;
    }

    /// <summary>Runs a drawing step from <paramref name="before"/> once per outcome combination and settles each.</summary>
    private bool SettleOutcomes(StorySession before, int action, int deadOptionsNode, long outcomes, int level, int stepsLeft)
    {
        while (_settleSources.Count <= level)
        {
            _settleSources.Add(new OutcomeSource(_run.Samples));
        }

        var source = _settleSources[level];
        source.Reset();
        var mark = _draws.Count;
        long runs = 0;
        while (true)
        {
            if (++runs > _run.MaxOutcomesPerStep || _run.Stopped)
            {
                if (runs > _run.MaxOutcomesPerStep)
                {
                    _run.RequestStop(ExplorationStopReason.MaxOutcomesPerStep, $"a step in {before.CurrentNode?.UniqueName ?? "the start"} has more than {_run.MaxOutcomesPerStep} random outcomes");
                }

                return false;
            }

            var work = Copy(before);
            work.RandomSource = source;
            var step = work.Next();
            RecordStep(step);
            DrewDouble |= source.DrewDouble;
            _draws.RemoveRange(mark, _draws.Count - mark);
            AppendDraws(source);
            if (!Settle(work, step, action, deadOptionsNode, outcomes, level + 1, stepsLeft))
            {
                return false;
            }

            if (!source.TryAdvance(out var prefix, out var next))
            {
                _draws.RemoveRange(mark, _draws.Count - mark);
                return true;
            }

            source.Reset(source.Values, prefix, next);
        }
    }

    // Sessions are copied for every option and outcome; most copies lead to states already seen and are dropped.
    // Reusing them (StorySession.CopyFrom) means only states that join the frontier cost an allocation.
    private const int MaxSpareSessions = 256;

    private StorySession Copy(StorySession from)
    {
        if (!_spare.TryPop(out var copy))
        {
            return from.Clone();
        }

        copy.CopyFrom(from);
        return copy;
    }

    private StorySession CopyAndChoose(StorySession from, int action)
    {
        if (action == WitnessStep.Continue)
        {
            return Copy(from);
        }

        if (_spare.Count == 0)
        {
            return from.CloneAndChoose(action);
        }

        var copy = Copy(from);
        copy.Choose(action);
        return copy;
    }

    private void Recycle(StorySession session)
    {
        session.Dispose();
        if (_spare.Count < MaxSpareSessions)
        {
            _spare.Push(session);
        }
    }

    private void StartDraws(OutcomeSource source)
    {
        _draws.Clear();
        AppendDraws(source);
    }

    private void AppendDraws(OutcomeSource source)
    {
        for (var i = 0; i < source.Counts.Count; i++)
        {
            _draws.Add(source.Counts[i]);
            _draws.Add(source.Values[i]);
        }
    }

    private void RecordStep(StoryStep step)
    {
        if (step.Kind == StepKind.Line)
        {
            HitLine(step.Line.Id);
        }
    }

    private void HitLine(string id)
    {
        if (_run.LineIndex(id) is var line and >= 0)
        {
            _lineHits.Add(line);
        }
    }

    /// <summary>Adds a successor; <paramref name="withDraws"/> labels it with <see cref="_draws"/> (copied only when it is kept).</summary>
    private void AddLeaf(StorySession work, StoryStep step, int action, int deadOptionsNode, bool withDraws)
    {
        var successor = new Successor { Session = work, Action = action };
        switch (work.State)
        {
            case SessionState.Ended:
                var end = work.CurrentNode;
                successor.Node = end?.Index ?? -1;
                successor.Kind = end is { IsEnding: true } ? SuccessorKind.Ending : deadOptionsNode >= 0 ? SuccessorKind.DeadOptions : SuccessorKind.EndedOutside;
                if (successor.Kind == SuccessorKind.DeadOptions)
                {
                    successor.Node = deadOptionsNode;
                }

                break;
            case SessionState.Faulted:
                successor.Kind = SuccessorKind.Error;
                successor.Error = step.Kind == StepKind.Error ? step.Error : work.Next().Error;
                successor.Node = work.CurrentNode?.Index ?? -1;
                break;
            default:
                var offset = _buffer.WrittenCount;
                work.WriteState(_buffer, _run.Encoding);
                successor.Offset = offset;
                successor.Length = _buffer.WrittenCount - offset;
                successor.Fingerprint = VisitedSet.Fingerprint(_buffer.WrittenSpan[offset..]);
                successor.Node = work.CurrentNode?.Index ?? -1;
                successor.Kind = SuccessorKind.State;
                // The same state by another outcome (2d6 has 36 outcomes and 11 sums): one transition is enough.
                if (_localStates.TryGetValue(successor.Fingerprint, out var earlier))
                {
                    var other = _successors[earlier];
                    if (_run.Storage == StateStorage.Fingerprint64
                        || _buffer.WrittenSpan.Slice(other.Offset, other.Length).SequenceEqual(_buffer.WrittenSpan.Slice(offset, successor.Length)))
                    {
                        Recycle(work);
                        _buffer.Rewind(offset);
                        return;
                    }
                }
                else
                {
                    _localStates.Add(successor.Fingerprint, _successors.Count);
                }

                break;
        }

        successor.Draws = withDraws ? [.. _draws] : null;
        _successors.Add(successor);
    }

    private void DiscardSuccessors()
    {
        foreach (var successor in _successors)
        {
            Recycle(successor.Session);
        }

        _successors.Clear();
    }

    // ---------------------------------------------------------------- publish (no story code)

    private bool Publish(FrontierEntry entry, int depth)
    {
        var graph = _run.Graph;
        _localEdges.Clear();
        var ok = true;
        var count = 0;
        foreach (var successor in _successors)
        {
            count++;
            var label = _run.Labels.Intern(successor.Action, successor.Draws);
            if (successor.Kind == SuccessorKind.State)
            {
                var bytes = _buffer.WrittenSpan.Slice(successor.Offset, successor.Length);
                var result = _run.Visited.Add(successor.Fingerprint, bytes, _run.NextId, out var id);
                if (result == AddResult.Refused)
                {
                    _run.RequestStop(_run.Budget.Exhausted ? ExplorationStopReason.MaxMemory : ExplorationStopReason.MaxStates, null);
                    ok = false;
                    break;
                }

                if (result == AddResult.Added)
                {
                    var reserve = FrontierEstimate(successor.Length);
                    if (!_run.Budget.TryReserve(reserve) || !graph.TryAdd(id, entry.Id, label, successor.Node))
                    {
                        _run.RequestStop(ExplorationStopReason.MaxMemory, null);
                        ok = false;
                        break;
                    }

                    Next.Add(new FrontierEntry(id, successor.Session, reserve));
                    if (successor.Node >= 0)
                    {
                        StatesByNode[successor.Node]++;
                    }
                }
                else
                {
                    Recycle(successor.Session);
                }

                if (Edges is not null && id >= 0 && _localEdges.Add(id) && !Edges.TryAdd(((ulong)(uint)entry.Id << 32) | (uint)id))
                {
                    _run.RequestStop(ExplorationStopReason.MaxMemory, null);
                    ok = false;
                    break;
                }

                continue;
            }

            Recycle(successor.Session);
            switch (successor.Kind)
            {
                case SuccessorKind.Ending:
                    graph.MarkEnding(entry.Id);
                    Record(Endings, successor.Node, depth, entry.Id, label, null);
                    break;
                case SuccessorKind.DeadOptions:
                    Record(SoftEnds, (SoftLockKind.NoOptionAvailable, successor.Node), depth, entry.Id, label, null);
                    break;
                case SuccessorKind.EndedOutside:
                    Record(SoftEnds, (SoftLockKind.EndedOutsideEnding, successor.Node), depth, entry.Id, label, null);
                    break;
                default:
                    var error = successor.Error!;
                    Record(Errors, new ErrorKey(error.Kind, error.Node, error.File, error.Line), depth, entry.Id, label, error);
                    break;
            }
        }

        if (!ok)
        {
            for (var i = count; i < _successors.Count; i++)
            {
                Recycle(_successors[i].Session);
            }
        }

        _successors.Clear();
        Volatile.Write(ref _transitions, _transitions + count);
        foreach (var node in _nodeHits)
        {
            NodesSeen[node] = true;
        }

        foreach (var line in _lineHits)
        {
            LinesSeen[line] = true;
        }

        foreach (var option in _optionHits)
        {
            LinesSeen[option] = true;
        }

        Variables.Observe(entry.Session);
        Recycle(entry.Session);
        _run.Budget.Release(entry.Bytes);
        if (ok)
        {
            graph.MarkExpanded(entry.Id);
        }

        return ok;
    }

    /// <summary>An estimate of a session held in the frontier: its arrays and objects, about twice its encoding plus fixed overhead.</summary>
    internal static int FrontierEstimate(int encodedLength) => 512 + (2 * encodedLength);

    private static void Record<TKey>(Dictionary<TKey, Finding> findings, TKey key, int depth, int parent, int label, StoryError? error)
        where TKey : notnull
    {
        if (!findings.TryGetValue(key, out var finding))
        {
            finding = new Finding(depth + 1, parent, label, error);
            findings.Add(key, finding);
        }

        finding.Count++;
    }

    private enum SuccessorKind
    {
        State,
        Ending,
        DeadOptions,
        EndedOutside,
        Error,
    }

    private struct Successor
    {
        public StorySession Session;
        public int Action;
        public long[]? Draws;
        public SuccessorKind Kind;
        public ulong Fingerprint;
        public int Offset;
        public int Length;
        public int Node;
        public StoryError? Error;
    }
}

/// <summary>Observed ranges of the story's (non-smart) variables. Not thread-safe: one per worker, merged at the end.</summary>
internal sealed class VariableObserver
{
    public const int MaxStrings = 32;

    public VariableObserver(Story story)
    {
        Infos = [.. story.Variables.Where(v => !v.IsSmart)];
        Minimum = new double[Infos.Length];
        Maximum = new double[Infos.Length];
        Array.Fill(Minimum, double.PositiveInfinity);
        Array.Fill(Maximum, double.NegativeInfinity);
        SeenTrue = new bool[Infos.Length];
        SeenFalse = new bool[Infos.Length];
        Strings = new SortedSet<string>?[Infos.Length];
        More = new bool[Infos.Length];
    }

    public StoryVariableInfo[] Infos { get; }

    public double[] Minimum { get; }

    public double[] Maximum { get; }

    public bool[] SeenTrue { get; }

    public bool[] SeenFalse { get; }

    public SortedSet<string>?[] Strings { get; }

    public bool[] More { get; }

    public void Observe(StorySession session)
    {
        for (var i = 0; i < Infos.Length; i++)
        {
            if (!session.TryGetVariable(Infos[i].Name, out var value))
            {
                continue;
            }

            switch (value.Kind)
            {
                case ValueKind.Number:
                    var n = value.AsNumber;
                    if (n < Minimum[i])
                    {
                        Minimum[i] = n;
                    }

                    if (n > Maximum[i])
                    {
                        Maximum[i] = n;
                    }

                    break;
                case ValueKind.Bool:
                    if (value.AsBool)
                    {
                        SeenTrue[i] = true;
                    }
                    else
                    {
                        SeenFalse[i] = true;
                    }

                    break;
                case ValueKind.String:
                    AddString(i, value.AsString);
                    break;
            }
        }
    }

    public void AddString(int i, string text)
    {
        var set = Strings[i] ??= new SortedSet<string>(StringComparer.Ordinal);
        if (set.Count < MaxStrings || set.Contains(text))
        {
            set.Add(text);
        }
        else
        {
            More[i] = true;
        }
    }
}

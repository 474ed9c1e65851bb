using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

// Turning the explored graph into a report: merging the workers' findings, witnesses, and the backward reachability
// that finds states from which no ending can be reached.
internal sealed partial class ExplorationRun
{
    private ExplorationReport BuildReport(long frontier)
    {
        var reason = _stopReason < 0 ? ExplorationStopReason.Completed : (ExplorationStopReason)_stopReason;
        var states = Volatile.Read(ref _stateCount);
        var nodes = Story.Nodes;
        var nodesSeen = new bool[nodes.Count];
        var linesSeen = new bool[Story.Lines.Count];
        foreach (var worker in _workers)
        {
            Or(nodesSeen, worker.NodesSeen);
            Or(linesSeen, worker.LinesSeen);
        }

        var endings = Merge(_workers.Select(w => w.Endings))
            .OrderBy(p => p.Key)
            .Select(p => new ReachedEnding(nodes[p.Key], WitnessTo(p.Value.Parent, p.Value.Label)))
            .ToList();
        var softLocks = new List<SoftLock>();
        var detail = Describe(reason, frontier);
        if (FindSoftLocks && states > 0)
        {
            if (!FindNoEndingReachable(states, softLocks))
            {
                detail += "; the search for states that cannot reach an ending was skipped: it would pass MaxMemoryBytes";
            }
        }

        softLocks.AddRange(Merge(_workers.Select(w => w.SoftEnds))
            .Select(p => new SoftLock(p.Key.Kind, nodes[p.Key.Node], WitnessTo(p.Value.Parent, p.Value.Label), p.Value.Count)));
        softLocks.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Node.Index.CompareTo(b.Node.Index));
        var errors = Merge(_workers.Select(w => w.Errors))
            .OrderBy(p => p.Key.Node, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Kind)
            .ThenBy(p => p.Key.Line)
            .Select(p => new ReachedError(p.Value.Error!, WitnessTo(p.Value.Parent, p.Value.Label), p.Value.Count))
            .ToList();
        var sampled = _workers.Any(w => w.DrewDouble);
        var graphBytes = Graph.Bytes + Visited.IdBytes + _workers.Sum(w => w.Edges?.Bytes ?? 0);
        return new ExplorationReport
        {
            StopReason = reason,
            StopDetail = detail,
            StatesVisited = states,
            Transitions = _workers.Sum(w => w.Transitions),
            Depth = CurrentDepth,
            FrontierRemaining = reason == ExplorationStopReason.Completed ? 0 : frontier,
            FrontierPeak = _frontierPeak,
            Elapsed = _time.GetElapsedTime(_start),
            StateStorage = Storage,
            DegreeOfParallelism = _workers.Length,
            VisitedSetBytes = Visited.Bytes,
            GraphBytes = graphBytes,
            PeakEstimatedMemoryBytes = Budget.Peak,
            CollisionProbability = Storage == StateStorage.Exact ? 0 : (double)states * (states - 1) / 2 / Math.Pow(2, 64),
            IsSampled = sampled,
            SampledReason = sampled
                ? $"the story draws random() (or a fractional random_range), explored with the samples {string.Join(", ", Samples.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)))} only"
                : null,
            Endings = endings,
            SoftLocks = softLocks,
            Errors = errors,
            UnreachedNodes = [.. nodes.Where(n => !nodesSeen[n.Index])],
            UnreachedLines = [.. Story.Lines.Where(l => l.Kind == StoryLineKind.Line && !linesSeen[l.Index])],
            UnreachedOptions = [.. Story.Lines.Where(l => l.Kind == StoryLineKind.Option && !linesSeen[l.Index])],
            Variables = MergeVariables(),
            StatesByNode = StatesByNode(nodes),
        };
    }

    /// <summary>Where the states are: per node (start states included), most first, nodes without states left out.</summary>
    private List<NodeStateCount> StatesByNode(IReadOnlyList<StoryNodeInfo> nodes)
    {
        var counts = new long[nodes.Count];
        foreach (var node in _startNodes)
        {
            counts[node]++;
        }

        foreach (var worker in _workers)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += worker.StatesByNode[i];
            }
        }

        return [.. nodes.Where(n => counts[n.Index] > 0)
            .Select(n => new NodeStateCount(n, counts[n.Index]))
            .OrderByDescending(c => c.States)
            .ThenBy(c => c.Node.Index)];
    }

    private static void Or(bool[] into, bool[] from)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] |= from[i];
        }
    }

    /// <summary>Per key: the shallowest finding (its witness) and the total count over all workers.</summary>
    private static Dictionary<TKey, Finding> Merge<TKey>(IEnumerable<Dictionary<TKey, Finding>> parts)
        where TKey : notnull
    {
        var merged = new Dictionary<TKey, Finding>();
        foreach (var part in parts)
        {
            foreach (var (key, finding) in part)
            {
                if (!merged.TryGetValue(key, out var best))
                {
                    merged[key] = best = new Finding(finding.Depth, finding.Parent, finding.Label, finding.Error);
                }
                else if (finding.Depth < best.Depth)
                {
                    (best.Depth, best.Parent, best.Label, best.Error) = (finding.Depth, finding.Parent, finding.Label, finding.Error);
                }

                best.Count += finding.Count;
            }
        }

        return merged;
    }

    private int DepthOf(int id)
    {
        var index = _levelEnds.BinarySearch(id + 1);
        index = index >= 0 ? index : ~index;
        return index;
    }

    /// <summary>The path to state <paramref name="state"/>, then (if given) the transition labelled <paramref name="last"/>.</summary>
    private Witness? WitnessTo(int state, int last = -1)
    {
        if (!Graph.HasWitnesses)
        {
            return null;
        }

        var labels = new List<int>();
        if (last >= 0)
        {
            labels.Add(last);
        }

        var id = state;
        int parent;
        while ((parent = Graph.Parent(id)) >= 0)
        {
            labels.Add(Graph.Label(id));
            id = parent;
        }

        labels.Reverse();
        var steps = labels.Select(l =>
        {
            var (action, draws) = Labels[l];
            return new WitnessStep(action, OutcomeSource.ToWitness(draws, Samples));
        }).ToArray();
        return new Witness(_entries[Graph.Label(id)], steps);
    }

    /// <summary>
    /// Backward reachability over the explored graph: seeds are states with a transition to an ending, and states not
    /// expanded (they might reach one). A state not reached backwards cannot reach an ending; the ones entered from a
    /// state that can (or starts) are the soft-locks, grouped by node with the shallowest as witness.
    /// False when the temporary tables would pass the memory bound.
    /// </summary>
    private bool FindNoEndingReachable(int states, List<SoftLock> softLocks)
    {
        var edgeCount = _workers.Sum(w => w.Edges!.Count);
        var bytes = ((states + 1L) * sizeof(int)) + (edgeCount * sizeof(int)) + states;
        if (edgeCount > int.MaxValue || !Budget.TryReserve(bytes))
        {
            return false;
        }

        try
        {
            var predStart = new int[states + 1];
            foreach (var worker in _workers)
            {
                worker.Edges!.ForEach(edge => predStart[(int)(uint)edge + 1]++);
            }

            for (var i = 0; i < states; i++)
            {
                predStart[i + 1] += predStart[i];
            }

            var preds = new int[edgeCount];
            var fill = (int[])predStart.Clone();
            foreach (var worker in _workers)
            {
                worker.Edges!.ForEach(edge => preds[fill[(int)(uint)edge]++] = (int)(edge >> 32));
            }

            var canReach = new bool[states];
            var queue = new Queue<int>();
            for (var id = 0; id < states; id++)
            {
                var flags = Graph.Flags(id);
                if ((flags & ExplorationGraph.ReachesEnding) != 0 || (flags & ExplorationGraph.Expanded) == 0)
                {
                    canReach[id] = true;
                    queue.Enqueue(id);
                }
            }

            while (queue.TryDequeue(out var id))
            {
                for (var p = predStart[id]; p < predStart[id + 1]; p++)
                {
                    var pred = preds[p];
                    if (!canReach[pred])
                    {
                        canReach[pred] = true;
                        queue.Enqueue(pred);
                    }
                }
            }

            var groups = new Dictionary<int, (int Best, int Depth, long Count)>();
            for (var id = 0; id < states; id++)
            {
                if (canReach[id])
                {
                    continue;
                }

                var entered = id < _levelEnds[0];
                for (var p = predStart[id]; !entered && p < predStart[id + 1]; p++)
                {
                    entered = canReach[preds[p]];
                }

                if (!entered)
                {
                    continue;
                }

                var node = Graph.Node(id);
                var depth = DepthOf(id);
                groups[node] = groups.TryGetValue(node, out var group)
                    ? (depth < group.Depth ? id : group.Best, Math.Min(depth, group.Depth), group.Count + 1)
                    : (id, depth, 1);
            }

            foreach (var (node, group) in groups.OrderBy(g => g.Key))
            {
                softLocks.Add(new SoftLock(SoftLockKind.NoEndingReachable, Story.Nodes[node], WitnessTo(group.Best), group.Count));
            }

            return true;
        }
        finally
        {
            Budget.Release(bytes);
        }
    }

    private List<VariableRange> MergeVariables()
    {
        var first = _workers.Length > 0 ? _workers[0].Variables : new VariableObserver(Story);
        var result = new List<VariableRange>(first.Infos.Length);
        for (var i = 0; i < first.Infos.Length; i++)
        {
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            bool seenTrue = false, seenFalse = false, more = false;
            var strings = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var worker in _workers)
            {
                var v = worker.Variables;
                min = Math.Min(min, v.Minimum[i]);
                max = Math.Max(max, v.Maximum[i]);
                seenTrue |= v.SeenTrue[i];
                seenFalse |= v.SeenFalse[i];
                more |= v.More[i];
                if (v.Strings[i] is { } set)
                {
                    foreach (var s in set)
                    {
                        if (strings.Count < VariableObserver.MaxStrings || strings.Contains(s))
                        {
                            strings.Add(s);
                        }
                        else
                        {
                            more = true;
                        }
                    }
                }
            }

            var seen = min <= max;
            result.Add(new VariableRange(first.Infos[i], seen ? min : null, seen ? max : null, seenFalse, seenTrue, [.. strings], more));
        }

        return result;
    }
}

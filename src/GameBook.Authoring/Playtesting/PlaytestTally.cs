using System.Globalization;
using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// Coverage seen so far by all workers of a run, for progress: each index is counted once, the first time any
/// worker commits a hit on it. Thread-safe (interlocked).
/// </summary>
internal sealed class SharedCoverage
{
    private readonly int[] _nodes;
    private readonly int[] _lines;
    private readonly bool[] _isOption;
    private readonly int _lineTotal;
    private readonly int _optionTotal;
    private int _nodesSeen;
    private int _linesSeen;
    private int _optionsSeen;

    public SharedCoverage(Story story)
    {
        _nodes = new int[story.Nodes.Count];
        _lines = new int[story.Lines.Count];
        _isOption = [.. story.Lines.Select(l => l.Kind == StoryLineKind.Option)];
        _optionTotal = _isOption.Count(o => o);
        _lineTotal = _isOption.Length - _optionTotal;
    }

    public double NodePercent => PlaytestReport.Percent(Volatile.Read(ref _nodesSeen), _nodes.Length);

    public double LinePercent => PlaytestReport.Percent(Volatile.Read(ref _linesSeen), _lineTotal);

    public double OptionPercent => PlaytestReport.Percent(Volatile.Read(ref _optionsSeen), _optionTotal);

    public void MarkNode(int node)
    {
        if (Interlocked.Exchange(ref _nodes[node], 1) == 0)
        {
            Interlocked.Increment(ref _nodesSeen);
        }
    }

    public void MarkLine(int line)
    {
        if (Interlocked.Exchange(ref _lines[line], 1) == 0)
        {
            Interlocked.Increment(ref _isOption[line] ? ref _optionsSeen : ref _linesSeen);
        }
    }
}

/// <summary>
/// One worker's counts. The worker commits each finished playthrough under a lock, so the coordinator can take a
/// consistent copy at any time, including while a playthrough of this worker hangs in a host function.
/// </summary>
internal sealed class PlaytestTally
{
    private readonly Lock _gate = new();
    private readonly PlaytestStoryIndex _index;
    private readonly SharedCoverage _coverage;
    private readonly long[] _nodeHits;
    private readonly long[] _nodeEnded;
    private readonly long[] _lineHits;
    private readonly long[] _lineOffered;
    private readonly long[] _problemCounts = new long[Enum.GetValues<PlaytestProblemKind>().Length];
    private readonly List<PlaytestProblem> _problems = [];
    private readonly int _problemLimit;
    private readonly IReadOnlyList<StoryVariableInfo> _tracked;
    private readonly HistogramTally[] _histograms;
    private long _completed;
    private long _selections;
    private long _steps;
    private bool _sealed;

    public PlaytestTally(PlaytestStoryIndex index, SharedCoverage coverage, IReadOnlyList<StoryVariableInfo> tracked, PlaytestOptions options)
    {
        _index = index;
        _coverage = coverage;
        _nodeHits = new long[index.NodeCount];
        _nodeEnded = new long[index.NodeCount];
        _lineHits = new long[index.LineCount];
        _lineOffered = new long[index.LineCount];
        _problemLimit = options.MaxRecordedProblems;
        _tracked = tracked;
        _histograms = [.. tracked.Select(v => new HistogramTally(v.Name, v.Type.Kind, options.MaxHistogramValues))];
    }

    public long Completed => Volatile.Read(ref _completed);

    public long Selections => Volatile.Read(ref _selections);

    /// <summary>Adds the runner's finished playthrough. Ignored once the tally is sealed.</summary>
    public void Commit(PlaythroughRunner runner)
    {
        lock (_gate)
        {
            if (_sealed)
            {
                return;
            }

            foreach (var node in runner.Nodes.AsSpan())
            {
                if (_nodeHits[node]++ == 0)
                {
                    _coverage.MarkNode(node);
                }
            }

            foreach (var line in runner.Lines.AsSpan())
            {
                if ((uint)line < (uint)_lineHits.Length && _lineHits[line]++ == 0)
                {
                    _coverage.MarkLine(line);
                }
            }

            foreach (var line in runner.Chosen.AsSpan())
            {
                if ((uint)line < (uint)_lineHits.Length && _lineHits[line]++ == 0)
                {
                    _coverage.MarkLine(line);
                }
            }

            foreach (var line in runner.Offered.AsSpan())
            {
                if ((uint)line < (uint)_lineOffered.Length)
                {
                    _lineOffered[line]++;
                }
            }

            if (runner.Outcome == RunOutcome.Ended && runner.EndNode >= 0)
            {
                _nodeEnded[runner.EndNode]++;
            }

            if (runner.NoOption is { } noOption)
            {
                AddProblem(noOption);
            }

            if (runner.Terminal is { } terminal)
            {
                AddProblem(terminal);
            }

            if (runner.Session is { } session)
            {
                for (var i = 0; i < _tracked.Count; i++)
                {
                    if (session.TryGetVariable(_tracked[i].Name, out var value))
                    {
                        _histograms[i].Add(value);
                    }
                }
            }

            Volatile.Write(ref _completed, _completed + 1);
            Volatile.Write(ref _selections, _selections + runner.Selections);
            _steps += runner.Steps;
        }
    }

    /// <summary>Records a playthrough abandoned because it did not return (not counted as completed).</summary>
    public void AddAbandoned(PlaytestProblem problem)
    {
        lock (_gate)
        {
            _problemCounts[(int)problem.Kind]++;
            _problems.Add(problem);
        }
    }

    /// <summary>Counts a playthrough that failed outside the story's own error handling, with its problem.</summary>
    public void CommitFailure(PlaytestProblem problem)
    {
        lock (_gate)
        {
            if (_sealed)
            {
                return;
            }

            AddProblem(problem);
            Volatile.Write(ref _completed, _completed + 1);
        }
    }

    /// <summary>Stops taking commits (from a worker that returns after the run ended).</summary>
    public void Seal()
    {
        lock (_gate)
        {
            _sealed = true;
        }
    }

    /// <summary>
    /// The report of a run: the counts of <paramref name="tallies"/> added up, with the run's slices, stop reason and time.
    /// Sums the arrays first and builds each node and line entry once.
    /// </summary>
    public static PlaytestReport ToReport(IReadOnlyList<PlaytestTally> tallies, IReadOnlyList<PlaytestSlice> slices, PlaytestStopReason reason, string? message, TimeSpan elapsed)
    {
        var first = tallies[0];
        var story = first._index.Story;
        var nodeHits = new long[first._nodeHits.Length];
        var nodeEnded = new long[nodeHits.Length];
        var lineHits = new long[first._lineHits.Length];
        var lineOffered = new long[lineHits.Length];
        var problemCounts = new long[first._problemCounts.Length];
        var problems = new List<PlaytestProblem>();
        var histograms = new List<VariableHistogram>();
        long completed = 0, selections = 0, steps = 0;
        foreach (var tally in tallies)
        {
            lock (tally._gate)
            {
                Add(nodeHits, tally._nodeHits);
                Add(nodeEnded, tally._nodeEnded);
                Add(lineHits, tally._lineHits);
                Add(lineOffered, tally._lineOffered);
                Add(problemCounts, tally._problemCounts);
                problems.AddRange(tally._problems);
                histograms.AddRange(tally._histograms.Select(h => h.ToHistogram()));
                completed += tally._completed;
                selections += tally._selections;
                steps += tally._steps;
            }
        }

        var nodes = story.Nodes.Select(n => new NodeCoverage(n.Index, n.Name, n.UniqueName, n.File, n.Line, n.Section, n.IsEnding, nodeHits[n.Index], nodeEnded[n.Index])).ToList();
        var lines = story.Lines.Select(l => new LineCoverage(l.Index, l.Id, l.Kind, l.Node.UniqueName, l.File, l.Line, l.Text, lineHits[l.Index], lineOffered[l.Index])).ToList();
        return new PlaytestReport(
            PlaytestReport.CurrentFormatVersion,
            story.Fingerprint,
            slices,
            completed,
            reason,
            message,
            selections,
            steps,
            elapsed,
            first._problemLimit,
            PlaytestReportMerger.CountsList(problemCounts),
            PlaytestReportMerger.OrderProblems(problems).Take(first._problemLimit).ToList(),
            nodes,
            lines,
            PlaytestReportMerger.MergeHistograms(histograms));
    }

    private static void Add(long[] sum, long[] part)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += part[i];
        }
    }

    private void AddProblem(PlaytestProblem problem)
    {
        _problemCounts[(int)problem.Kind]++;
        _problems.Add(problem);
        if (_problems.Count > (2 * _problemLimit) + 64)
        {
            // Keep the lowest indexes: the ones any merge of this tally would keep.
            var kept = PlaytestReportMerger.OrderProblems(_problems).Take(_problemLimit).ToList();
            _problems.Clear();
            _problems.AddRange(kept);
        }
    }

    /// <summary>Counts values exactly, keeping the lowest <c>limit</c> distinct ones (pruned as it grows).</summary>
    private sealed class HistogramTally(string name, ValueKind kind, int limit)
    {
        private readonly Dictionary<StoryValue, long> _counts = [];
        private long _other;
        private double? _min;
        private double? _max;

        public void Add(StoryValue value)
        {
            if (value.Kind == ValueKind.Number)
            {
                var number = value.AsNumber + 0.0; // -0 counts as 0
                value = StoryValue.FromNumber(number);
                _min = _min is { } min && min <= number ? min : number;
                _max = _max is { } max && max >= number ? max : number;
            }

            _counts[value] = _counts.GetValueOrDefault(value) + 1;
            if (_counts.Count > (2 * limit) + 64)
            {
                Prune();
            }
        }

        public VariableHistogram ToHistogram()
        {
            var counts = new Dictionary<string, long>(_counts.Count, StringComparer.Ordinal);
            foreach (var (value, count) in _counts)
            {
                counts[Format(value)] = count;
            }

            return PlaytestReportMerger.Histogram(name, kind.ToString(), counts, _other, _min, _max, limit);
        }

        private void Prune()
        {
            var ordered = _counts.Keys.Order(ValueOrder.Instance).ToList();
            for (var i = limit; i < ordered.Count; i++)
            {
                _other += _counts[ordered[i]];
                _counts.Remove(ordered[i]);
            }
        }

        private static string Format(StoryValue value) => value.Kind switch
        {
            ValueKind.Number => value.AsNumber.ToString("R", CultureInfo.InvariantCulture),
            ValueKind.Bool => value.AsBool ? "true" : "false",
            ValueKind.String => value.AsString,
            _ => string.Empty,
        };
    }

    /// <summary>Numbers ascending, false before true, strings ordinal: the order histograms keep values in.</summary>
    private sealed class ValueOrder : IComparer<StoryValue>
    {
        public static readonly ValueOrder Instance = new();

        public int Compare(StoryValue x, StoryValue y) => x.Kind != y.Kind
            ? x.Kind.CompareTo(y.Kind)
            : x.Kind switch
            {
                ValueKind.Number => x.AsNumber.CompareTo(y.AsNumber),
                ValueKind.Bool => x.AsBool.CompareTo(y.AsBool),
                ValueKind.String => string.CompareOrdinal(x.AsString, y.AsString),
                _ => 0,
            };
    }
}

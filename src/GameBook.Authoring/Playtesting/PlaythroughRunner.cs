using System.Runtime.CompilerServices;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>How a playthrough run by <see cref="PlaythroughRunner"/> finished.</summary>
internal enum RunOutcome
{
    Ended,
    StepLimit,
    StoryError,
    StrategyFailed,

    /// <summary>Stopped by cancellation part-way: not counted.</summary>
    Interrupted,
}

/// <summary>
/// Plays one playthrough at a time and records what it touched in reusable buffers (no allocation per step), for a
/// <see cref="PlaytestTally"/> to commit once the playthrough is over. Owned by one worker thread.
/// </summary>
internal sealed class PlaythroughRunner
{
    private readonly Story _story;
    private readonly PlaytestStoryIndex _index;
    private readonly PlaytestOptions _options;
    private readonly IChoiceStrategy _strategy;
    private readonly int _maxSteps;
    private readonly ChoiceContext _context;
    private readonly Action<StoryNodeInfo> _onNodeEntered;
    private List<TranscriptEntry>? _transcript;
    private int _step;
    private int _lastNode = -1;

    public PlaythroughRunner(PlaytestStoryIndex index, PlaytestOptions options)
    {
        _story = index.Story;
        _index = index;
        _options = options;
        _strategy = options.ChoiceStrategy;
        _maxSteps = options.MaxStepsPerPlaythrough;
        _context = new ChoiceContext(index.LineCount);
        _onNodeEntered = OnNodeEntered;
    }

    /// <summary>Node indexes entered, in order.</summary>
    public IntList Nodes { get; } = new();

    /// <summary>Line indexes shown.</summary>
    public IntList Lines { get; } = new();

    /// <summary>Option line indexes offered as available.</summary>
    public IntList Offered { get; } = new();

    /// <summary>Option line indexes chosen.</summary>
    public IntList Chosen { get; } = new();

    public RunOutcome Outcome { get; private set; }

    /// <summary>The node the story ended in (for <see cref="RunOutcome.Ended"/>), or -1.</summary>
    public int EndNode { get; private set; }

    public int Steps => _step;

    public int Selections { get; private set; }

    /// <summary>The problem that ended the playthrough, if any.</summary>
    public PlaytestProblem? Terminal { get; private set; }

    /// <summary>The first option set without an available option, if any.</summary>
    public PlaytestProblem? NoOption { get; private set; }

    /// <summary>The finished playthrough's session (for end-of-playthrough variable values).</summary>
    public StorySession? Session { get; private set; }

    /// <summary>The last node entered (read by the coordinator to describe a playthrough that hangs).</summary>
    public int LastNode => Volatile.Read(ref _lastNode);

    /// <summary>Records a transcript of the next playthrough.</summary>
    public void RecordTranscript() => _transcript = [];

    public List<TranscriptEntry>? Transcript => _transcript;

    /// <summary>Plays playthrough <paramref name="playthrough"/> with <paramref name="seed"/> until it finishes or <paramref name="token"/> stops it.</summary>
    public void Run(long playthrough, ulong seed, CancellationToken token)
    {
        Reset();
        var session = _story.CreateSession(_options.SessionFor(seed));
        Session = session;
        session.NodeEntered = _onNodeEntered;
        _context.Begin(seed, session);
        while (true)
        {
            if (_step >= _maxSteps)
            {
                Finish(RunOutcome.StepLimit, Problem(PlaytestProblemKind.StepLimit, playthrough, seed, null,
                    $"No ending after {_maxSteps} steps ({Selections} selections): a loop the choices did not leave, or a story longer than MaxStepsPerPlaythrough."));
                return;
            }

            if (token.IsCancellationRequested)
            {
                Outcome = RunOutcome.Interrupted;
                return;
            }

            _step++;
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    Lines.Add(_index.LineIndex(step.Line));
                    _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Line, _step, step.Line.Text));
                    break;
                case StepKind.Options:
                    if (!Choose(session, step.Options, playthrough, seed))
                    {
                        return;
                    }

                    break;
                case StepKind.Command:
                    _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Command, _step, step.Command.Text));
                    break;
                case StepKind.End:
                    var end = session.CurrentNode;
                    EndNode = end?.Index ?? -1;
                    _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.End, _step, end?.UniqueName ?? "(no node)"));
                    Outcome = RunOutcome.Ended;
                    return;
                default:
                    var error = step.Error!;
                    Finish(RunOutcome.StoryError, new PlaytestProblem(PlaytestProblemKind.StoryError, playthrough, seed, error.Kind, error.Message,
                        error.Node ?? session.CurrentNode?.UniqueName, error.File, error.Line, _step, Selections));
                    return;
            }
        }
    }

    /// <summary>Ends accounting for the last session (after its values were read).</summary>
    public void Release()
    {
        Session?.Dispose();
        Session = null;
    }

    private bool Choose(StorySession session, OptionSet options, long playthrough, ulong seed)
    {
        var count = options.Count;
        var lines = _context.PrepareOptions(count);
        for (var i = 0; i < count; i++)
        {
            var option = options[i];
            var line = _index.LineIndex(option.Line);
            lines[i] = line;
            if (option.IsAvailable)
            {
                Offered.Add(line);
            }

            _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Option, _step, option.Text, option.IsAvailable));
        }

        if (options.AvailableCount == 0)
        {
            NoOption ??= Problem(PlaytestProblemKind.NoAvailableOption, playthrough, seed, null,
                $"An option set of {count} option(s) had none available; the story fell through it.");
            _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.NoAvailableOption, _step, string.Empty));
            session.Choose(StorySession.NoOption);
            return true;
        }

        int pick;
        try
        {
            pick = _strategy.Choose(_context, options);
        }
#pragma warning disable CA1031 // A host's strategy failing is a playtest finding, reported with its seed, not a crash of the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Finish(RunOutcome.StrategyFailed, Problem(PlaytestProblemKind.StrategyFailed, playthrough, seed, null,
                $"The choice strategy '{_strategy.Name}' threw {ex.GetType().Name}: {ex.Message}"));
            return false;
        }

        if ((uint)pick >= (uint)count || !options[pick].IsAvailable)
        {
            Finish(RunOutcome.StrategyFailed, Problem(PlaytestProblemKind.StrategyFailed, playthrough, seed, null,
                $"The choice strategy '{_strategy.Name}' chose option {pick}, which is not an available option of the {count} offered."));
            return false;
        }

        _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Choice, _step, options[pick].Text));
        var chosen = lines[pick];
        session.Choose(pick);
        Chosen.Add(chosen);
        _context.RecordChosen(chosen);
        Selections++;
        _context.Selections = Selections;
        return true;
    }

    private void Finish(RunOutcome outcome, PlaytestProblem problem)
    {
        Outcome = outcome;
        Terminal = problem;
        _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Problem, problem.Step, problem.Message));
    }

    private PlaytestProblem Problem(PlaytestProblemKind kind, long playthrough, ulong seed, StoryErrorKind? errorKind, string message)
    {
        var node = _lastNode >= 0 ? _story.Nodes[_lastNode] : null;
        return new PlaytestProblem(kind, playthrough, seed, errorKind, message, node?.UniqueName, node?.File, node?.Line ?? 0, _step, Selections);
    }

    private void Reset()
    {
        foreach (var line in Chosen.AsSpan())
        {
            _context.ForgetChosen(line);
        }

        Nodes.Clear();
        Lines.Clear();
        Offered.Clear();
        Chosen.Clear();
        _step = 0;
        Selections = 0;
        EndNode = -1;
        Terminal = null;
        NoOption = null;
        Outcome = RunOutcome.Ended;
        Volatile.Write(ref _lastNode, -1);
    }

    private void OnNodeEntered(StoryNodeInfo node)
    {
        Nodes.Add(node.Index);
        Volatile.Write(ref _lastNode, node.Index);
        _transcript?.Add(new TranscriptEntry(TranscriptEntryKind.Node, _step, node.UniqueName));
    }
}

/// <summary>A growable list of ints that keeps its buffer across clears.</summary>
internal sealed class IntList
{
    private int[] _items = new int[64];

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
    }

    public void Clear() => Count = 0;

    public ReadOnlySpan<int> AsSpan() => new(_items, 0, Count);
}

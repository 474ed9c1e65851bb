using System.Diagnostics;
using GameBook.Compiled;
using GameBook.Diagnostics;
using GameBook.Library;
using GameBook.Localization;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>
/// One player's run through a <see cref="Story"/>: a pull-based virtual machine. Call <see cref="Next"/> for
/// the next line, option set, command, end or error; answer option sets with <see cref="Choose"/>.
/// Not thread-safe: use one session from one thread at a time. Sessions share nothing mutable, so any
/// number of them may run in parallel on one story.
/// </summary>
public sealed partial class StorySession : IDisposable
{
    /// <summary>The only valid choice when an option set has no available option: fall through the options.</summary>
    public const int NoOption = -1;

    /// <summary>Nested detours beyond this are a story error (runaway recursion), not an out-of-memory.</summary>
    internal const int MaxCallDepth = 1024;

    private readonly StoryProgram _program;

    // The few SessionOptions values the session reads, copied so it does not keep the (often per-session) options
    // object alive: a live session's footprint is what a server holding many of them pays.
    private readonly int _maxInstructionsPerStep;
    private readonly string _startNode;
    private IPluralRules _pluralRules;
    private readonly IPluralRules _basePluralRules;

    // The lines as delivered: the story's own, or a localization's (same slots, translated templates).
    private LineView[] _lineViews;
    private StoryLocalization? _localization;
    private readonly FunctionLibrary? _library;
    private readonly CoreInstrumentation _metrics;

    /// <summary>The session's only source of randomness; saved with it.</summary>
    internal SessionRandom Random;

    private StoryValue[] _vars;
    private StoryValue[] _stack = new StoryValue[4];
    private int _sp;
    private Frame[] _frames = new Frame[4];
    private int _frameCount;
    private SessionState _state;
    private StoryError? _error;
    private bool _active;
    private Inventory? _inventory;
    private int[]? _views;
    private int _endNode = -1;
    private bool _inHostCall;

    // The start node's entry is reported on the first Next, once the host has had a chance to set NodeEntered.
    private bool _startPending;

    internal StorySession(Story story, SessionOptions options, SessionRandom random, int startNode)
    {
        Story = story;
        _program = story.Program;
        _maxInstructionsPerStep = options.MaxInstructionsPerStep;
        _startNode = options.StartNode;
        _pluralRules = options.GuardedPluralRules;
        _basePluralRules = _pluralRules;
        _lineViews = story.LineViews;
        _library = options.Library;
        SaliencyStrategy = options.SaliencyStrategy;
        Random = random;
        if (options.Localization is { } localization)
        {
            Localization = localization;
        }

        _vars = (StoryValue[])story.InitialValues.Clone();
        _metrics = CoreInstrumentation.For(options.MeterFactory);
        if (startNode >= 0)
        {
            _frames[0] = new Frame(startNode, 0);
            _frameCount = 1;
            _startPending = true;
        }

        _metrics.SessionsStarted.Add(1);
        MarkActive();
    }

    /// <summary>A copy's shell: the same story, options and generator state; <see cref="Clone"/> copies the rest.</summary>
    private StorySession(StorySession source)
    {
        Story = source.Story;
        _program = source._program;
        _maxInstructionsPerStep = source._maxInstructionsPerStep;
        _startNode = source._startNode;
        _pluralRules = source._pluralRules;
        _basePluralRules = source._basePluralRules;
        _lineViews = source._lineViews;
        _localization = source._localization;
        _library = source._library;
        _metrics = source._metrics;
        SaliencyStrategy = source.SaliencyStrategy;
        Random = source.Random;
        _vars = source._vars;
    }

    /// <summary>The story this session plays.</summary>
    public Story Story { get; }

    /// <summary>Where the session is in its life cycle.</summary>
    public SessionState State => _state;

    /// <summary>How line groups and node groups choose content from now on.</summary>
    public ISaliencyStrategy SaliencyStrategy
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    }

    /// <summary>
    /// The locale lines and options are shown in from the next step on (an option set already shown keeps its
    /// texts), or null for the base text; its plural rules apply too. Not saved: give it again after a restore
    /// (<see cref="SessionOptions.Localization"/>). Setting null returns to the base text and
    /// <see cref="SessionOptions.PluralRules"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The localization was made for another story.</exception>
    public StoryLocalization? Localization
    {
        get => _localization;
        set
        {
            if (value is null)
            {
                _pluralRules = _basePluralRules;
                _lineViews = Story.LineViews;
                _localization = null;
                return;
            }

            if (!ReferenceEquals(value.Story, Story))
            {
                throw new ArgumentException($"This localization ({value.Locale}) was made for another story: create it with StoryLocalization.Create for the story this session plays.", nameof(value));
            }

            _pluralRules = value.GuardedPluralRules;
            _lineViews = value.LineViews;
            _localization = value;
        }
    }

    /// <summary>The session's items.</summary>
    public Inventory Inventory => _inventory ??= new Inventory();

    /// <summary>
    /// Runs the story until it produces a line, an option set, a command, the end or an error. While an option set
    /// awaits a choice, returns that option set again. After the end it keeps returning <see cref="StepKind.End"/>;
    /// after an error, the same error. Story problems never throw: they come back as error steps.
    /// </summary>
    public StoryStep Next()
    {
        var activity = CoreInstrumentation.ActivitySource.HasListeners()
            ? CoreInstrumentation.ActivitySource.StartActivity(GameBookCoreTelemetry.StepActivity)
            : null;
        EnsureNotInHostCall();
        var step = _state switch
        {
            SessionState.Running => RunGuarded(),
            SessionState.AwaitingChoice => StoryStep.ForOptions(CurrentOptions()),
            SessionState.Ended => StoryStep.ForEnd(),
            _ => StoryStep.ForError(_error!),
        };
        if (_metrics.Steps.Enabled)
        {
            _metrics.Steps.Add(1, new KeyValuePair<string, object?>(GameBookCoreTelemetry.StepKindTag, KindTag(step.Kind)));
        }

        if (activity is not null)
        {
            activity.SetTag(GameBookCoreTelemetry.StepKindTag, KindTag(step.Kind));
            if (step.Kind == StepKind.Error)
            {
                activity.SetStatus(ActivityStatusCode.Error, step.Error!.Message);
            }

            activity.Dispose();
        }

        return step;
    }

    /// <summary>Answers the pending option set with option <paramref name="optionIndex"/> (0-based), or <see cref="NoOption"/> when none is available.</summary>
    /// <exception cref="InvalidOperationException">No option set is waiting for a choice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range, or names an unavailable option.</exception>
    public void Choose(int optionIndex)
    {
        if (_state != SessionState.AwaitingChoice)
        {
            throw new InvalidOperationException($"No option set is waiting for a choice (the session is {_state}).");
        }

        EnsureNotInHostCall();
        ChooseCore(optionIndex);
        _metrics.Selections.Add(1);
    }

    /// <summary>
    /// Continues at node <paramref name="nodeName"/>: clears the call stack (no visits are counted) and any pending
    /// options, keeps variables, and revives an ended or faulted session.
    /// </summary>
    /// <exception cref="ArgumentException">The story has no such node.</exception>
    public void JumpTo(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        if (!_program.NodeIndexByName.TryGetValue(nodeName, out var node))
        {
            throw new ArgumentException($"The story has no node named '{nodeName}'.", nameof(nodeName));
        }

        EnsureNotInHostCall();
        ClearPending();
        _sp = 0;
        _frameCount = 0;
        _startPending = false;
        PushFrame(node);
        _error = null;
        _state = SessionState.Running;
        MarkActive();
    }

    /// <summary>
    /// Starts the story again, as <see cref="Story.CreateSession"/> with this session's options would: at the start node,
    /// with the initial variables and no visits, once-flags, saliency views, items, pending options or error. Reuses this
    /// session's memory, so a "play again" allocates nothing however many variables the story has. Keeps the options,
    /// <see cref="Localization"/>, <see cref="SaliencyStrategy"/>, <see cref="RandomSource"/> and <see cref="NodeEntered"/>.
    /// </summary>
    /// <param name="seed">The random generator's new seed; null draws one (as a null <see cref="SessionOptions.Seed"/> does).</param>
    /// <exception cref="InvalidOperationException">Called from inside one of this session's host calls.</exception>
    public void Restart(ulong? seed = null)
    {
        EnsureNotInHostCall();
        if (!_program.NodeIndexByName.TryGetValue(_startNode, out var start))
        {
            // Sessions are only created for a start node the story has, and a session never changes story.
            throw new InvalidOperationException($"The story has no node named '{_startNode}'.");
        }

        var initial = Story.InitialValues;
        if (_vars.Length == initial.Length)
        {
            initial.AsSpan().CopyTo(_vars);
        }
        else
        {
            _vars = (StoryValue[])initial.Clone();
        }

        _views?.AsSpan().Clear();
        _inventory?.Clear();
        ClearPending();
        _stack.AsSpan(0, _sp).Clear();
        _sp = 0;
        _smartDepth = 0;
        _frames[0] = new Frame(start, 0);
        _frameCount = 1;
        _startPending = true;
        _endNode = -1;
        _error = null;
        _state = SessionState.Running;
        Random = SessionRandom.FromSeed(seed ?? (ulong)System.Random.Shared.NextInt64());
        _metrics.SessionsStarted.Add(1);
        MarkActive();
    }

    /// <summary>Reads a variable (with or without the leading <c>$</c>); smart variables are evaluated.</summary>
    /// <exception cref="ArgumentException">The story has no such variable.</exception>
    public StoryValue GetVariable(string name) =>
        TryGetVariable(name, out var value) ? value : throw new ArgumentException($"The story has no variable named '{name}'.", nameof(name));

    /// <summary>Reads a variable if it exists.</summary>
    public bool TryGetVariable(string name, out StoryValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slot = Story.VariableIndex(name);
        if (slot < 0)
        {
            value = default;
            return false;
        }

        // A smart variable may draw random numbers: a host read (a debug panel, say) must not change what the
        // story rolls next, so the generator and any scripted source are restored afterwards.
        var random = Random;
        var source = RandomSource;
        var sp = _sp;
        try
        {
            RandomSource = null;
            value = ReadSlot(slot);
        }
        catch (StoryFault fault)
        {
            throw new InvalidOperationException($"Evaluating {name} failed: {fault.Message}", fault.InnerException);
        }
        finally
        {
            Random = random;
            RandomSource = source;
            _sp = sp;
        }

        return true;
    }

    /// <summary>Writes a variable.</summary>
    /// <exception cref="ArgumentException">Unknown, smart or internal variable, or a value of the wrong type.</exception>
    public void SetVariable(string name, StoryValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slot = Story.VariableIndex(name);
        if (slot < 0)
        {
            throw new ArgumentException($"The story has no variable named '{name}'.", nameof(name));
        }

        var variable = _program.Variables[slot];
        if (variable.IsSmart || variable.IsInternal)
        {
            throw new ArgumentException($"{variable.Name} is {(variable.IsSmart ? "a smart variable" : "internal")} and cannot be written.", nameof(name));
        }

        if (value.Kind != variable.Type.Kind)
        {
            throw new ArgumentException($"{variable.Name} is a {variable.Type.Name}; a {value.Kind} cannot be stored in it.", nameof(value));
        }

        _vars[slot] = value;
    }

    /// <summary>How often node <paramref name="nodeName"/> was left (0 when the story never asks, so nothing is tracked).</summary>
    /// <exception cref="ArgumentException">The story has no such node.</exception>
    public int GetVisitCount(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        var node = Story.FindNode(nodeName);
        if (node < 0)
        {
            throw new ArgumentException($"The story has no node named '{nodeName}'.", nameof(nodeName));
        }

        return VisitCount(node);
    }

    /// <summary>Runs the VM, marking the session busy so host code it calls cannot advance it re-entrantly.</summary>
    private StoryStep RunGuarded()
    {
        _inHostCall = true;
        try
        {
            return Run();
        }
        finally
        {
            _inHostCall = false;
            _audit?.End();
        }
    }

    private void EnsureNotInHostCall()
    {
        if (_inHostCall)
        {
            throw new InvalidOperationException(
                "A session cannot be advanced from inside its own host call (a function, command handler, saliency strategy or random source it is running): return from the call, then call Next, Choose or JumpTo.");
        }
    }

    /// <summary>Ends the session's accounting (the active-sessions metric). The session stays usable.</summary>
    public void Dispose() => MarkInactive();

    private static string KindTag(StepKind kind) => kind switch
    {
        StepKind.Line => "line",
        StepKind.Options => "options",
        StepKind.Command => "command",
        StepKind.End => "end",
        _ => "error",
    };

    private void MarkActive()
    {
        if (!_active)
        {
            _active = true;
            _metrics.SessionsActive.Add(1);
        }
    }

    private void MarkInactive()
    {
        if (_active)
        {
            _active = false;
            _metrics.SessionsActive.Add(-1);
        }
    }

    private int VisitCount(int node)
    {
        var slot = _program.Nodes[node].VisitCountSlot;
        return slot >= 0 ? (int)_vars[slot].RawNumber : 0;
    }

    private StoryStep EndStory(int node)
    {
        _endNode = node;
        _frameCount = 0;
        _sp = 0;
        _state = SessionState.Ended;
        MarkInactive();
        return StoryStep.ForEnd();
    }

    private StoryStep Fault(StoryError error)
    {
        _error = error;
        _state = SessionState.Faulted;
        ClearPending();
        _metrics.SessionErrors.Add(1, new KeyValuePair<string, object?>(GameBookCoreTelemetry.ErrorTypeTag, error.Kind.ToString()));
        MarkInactive();
        return StoryStep.ForError(error);
    }

    /// <summary>A call-stack frame: a node and the index of its next instruction.</summary>
    internal record struct Frame(int Node, int Pc);
}

/// <summary>A story-caused problem raised inside the VM and turned into an error step at the top of <c>Next</c>.</summary>
internal sealed class StoryFault : Exception
{
    public StoryFault()
    {
    }

    public StoryFault(string message)
        : base(message)
    {
    }

    public StoryFault(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoryFault(StoryErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public StoryErrorKind Kind { get; }
}

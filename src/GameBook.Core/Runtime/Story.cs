using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GameBook.Compiled;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>
/// A compiled story: immutable, and safe to share between any number of sessions on any number of threads.
/// Create sessions from it with <see cref="CreateSession"/>; resume saved ones with <see cref="Restore"/>.
/// </summary>
public sealed class Story
{
    // Lookup tables are built on first use; races only build equal tables twice, which is harmless.
    private IReadOnlyList<StoryNodeInfo>? _nodes;
    private IReadOnlyList<StoryVariableInfo>? _variables;
    private IReadOnlyList<StoryLineInfo>? _lines;
    private int[]? _lineIndexBySlot;
    private FrozenDictionary<string, int>? _variableIndex;
    private FrozenDictionary<string, int>? _nodeByUniqueName;
    private FrozenDictionary<string, int>? _lineById;
    private FrozenDictionary<string, int>? _saliencyById;
    private readonly string?[] _nodeHashes;
    private string? _contentHash;
    private string? _version3ContentHash;
    private PositionalNames? _positionalNames;
    private FrozenDictionary<string, CompiledEnum>? _enums;
    private FrozenDictionary<string, string>? _legacyNames;
    private bool[]? _visitCountSlots;
    private VariableLiveness? _liveness;

    internal Story(StoryProgram program, Outline.StoryOutline? outline = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Outline = outline;
        var variables = program.Variables;
        InitialValues = new StoryValue[variables.Length];
        VariableNames = new string[variables.Length];
        VariableTypeNames = new string[variables.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            InitialValues[i] = variables[i].IsSmart ? default : variables[i].InitialValue;
            VariableNames[i] = variables[i].Name;
            VariableTypeNames[i] = variables[i].Type.Name;
        }

        _nodeHashes = new string?[program.Nodes.Length];

        // Dense per-node and per-line tables for the VM: a random walk through a large story touches cold
        // memory at every node, and each object hop (node -> instructions, line -> template) is a cache miss.
        SmartSlots = new bool[variables.Length];
        for (var i = 0; i < variables.Length; i++)
        {
            SmartSlots[i] = variables[i].IsSmart;
        }

        VisitFlagSlots = new bool[variables.Length];
        foreach (var slot in program.VisitFlagSlots)
        {
            VisitFlagSlots[slot] = true;
        }

        var saliency = program.SaliencyContent;
        SaliencyGroupStart = new int[saliency.Length];
        for (var i = 0; i < saliency.Length; i++)
        {
            SaliencyGroupStart[i] = i > 0 && saliency[i - 1].Group == saliency[i].Group ? SaliencyGroupStart[i - 1] : i;
        }

        var nodes = program.Nodes;
        NodeCode = new Instruction[nodes.Length][];
        VisitCountSlotByNode = new int[nodes.Length];
        GroupVisitCountSlotByNode = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            NodeCode[i] = ImmutableCollectionsMarshal.AsArray(nodes[i].Instructions) ?? [];
            VisitCountSlotByNode[i] = nodes[i].VisitCountSlot;
            GroupVisitCountSlotByNode[i] = -1;
        }

        // A node group's dispatcher enters its members in place: leaving a member is what visits the group.
        for (var i = 0; i < nodes.Length; i++)
        {
            foreach (var ins in NodeCode[i])
            {
                if (ins.Op == OpCode.EnterNodeInPlace && (uint)ins.A < (uint)nodes.Length)
                {
                    GroupVisitCountSlotByNode[ins.A] = nodes[i].VisitCountSlot;
                }
            }
        }

        var lines = program.Lines;
        LineSubstitutionCounts = new int[lines.Length];
        LineViews = new LineView[lines.Length];
        var uses = new Dictionary<LineTemplate, int>(); // templates compare by reference
        for (var i = 0; i < lines.Length; i++)
        {
            LineSubstitutionCounts[i] = lines[i].SubstitutionCount;
            LineViews[i] = new LineView(lines[i]);
            if (lines[i].Template.CanMemoize)
            {
                uses[lines[i].Template] = uses.TryGetValue(lines[i].Template, out var n) ? n + 1 : 1;
            }
        }

        // The compiler shares one template among lines of the same text: such a text is shown with the same value
        // often enough to be worth remembering (LineTemplate.Memoized).
        foreach (var (template, count) in uses)
        {
            template.Memoized = count >= MemoizeSharedBy;
        }
    }

    /// <summary>Lines of one text, at least this many, remember their composed texts by value.</summary>
    internal const int MemoizeSharedBy = 3;

    /// <summary>The compiled program the sessions run.</summary>
    internal StoryProgram Program { get; }

    /// <summary>Initial values per variable slot (default for smart slots); copied into each new session.</summary>
    internal StoryValue[] InitialValues { get; }

    /// <summary>Variable names per slot, shared by snapshots so saving copies no strings.</summary>
    internal string[] VariableNames { get; }

    /// <summary>Variable type names per slot.</summary>
    internal string[] VariableTypeNames { get; }

    /// <summary>Per variable slot: true for smart variables (evaluated on read).</summary>
    internal bool[] SmartSlots { get; }

    /// <summary>Per variable slot: true for a visit count the story reads only as <c>visited()</c>.</summary>
    internal bool[] VisitFlagSlots { get; }

    /// <summary>Per saliency content: the index of the first content of its group (groups are consecutive).</summary>
    internal int[] SaliencyGroupStart { get; }

    /// <summary>Per node: its instructions (the arrays behind <see cref="CompiledNode.Instructions"/>, not copies).</summary>
    internal Instruction[][] NodeCode { get; }

    /// <summary>Per node: <see cref="CompiledNode.VisitCountSlot"/>.</summary>
    internal int[] VisitCountSlotByNode { get; }

    /// <summary>For a node-group member, the visit-count slot of its group (counted when the member is left); else -1.</summary>
    internal int[] GroupVisitCountSlotByNode { get; }

    /// <summary>Per line: how many substitutions it takes from the stack.</summary>
    internal int[] LineSubstitutionCounts { get; }

    /// <summary>Per line: what a step needs to deliver it, side by side (consecutive lines share cache lines).</summary>
    internal LineView[] LineViews { get; }

    /// <summary>
    /// The story's structure as written (nodes, flow, variables, source ranges) for authoring tools, or null
    /// unless it was compiled with <see cref="Compilation.CompileOptions.IncludeOutline"/>.
    /// </summary>
    public Outline.StoryOutline? Outline { get; }

    /// <summary>Which variables each instruction may still read; built on first use (a race builds equal tables twice).</summary>
    internal VariableLiveness Liveness => _liveness ??= new VariableLiveness(Program);

    /// <summary>A stable fingerprint of the story's sources; saves record it.</summary>
    public string Fingerprint => Program.Fingerprint;

    /// <summary>Every node, including node-group members and group dispatchers.</summary>
    public IReadOnlyList<StoryNodeInfo> Nodes => _nodes ??= BuildNodes();

    /// <summary>
    /// Every line and option text the story can show, in node order then source order, each with the node that holds
    /// it. A text used both as a line and an option (never, for compiled Yarn) is listed once, by its first use.
    /// </summary>
    public IReadOnlyList<StoryLineInfo> Lines => _lines ??= BuildLines();

    /// <summary>
    /// The position in <see cref="Lines"/> of a line or option text that a session of this story produced
    /// (<see cref="StoryStep.Line"/>, <see cref="StoryOption.Line"/>), or -1 for a default value. Constant time and
    /// allocation-free, so coverage tools can count lines in arrays without looking IDs up. A line produced by a session
    /// of another story gives a meaningless answer.
    /// </summary>
    public int LineIndexOf(in StoryLine line)
    {
        var map = _lineIndexBySlot ??= BuildLineIndexBySlot();
        var slot = line.SlotPlusOne - 1;
        return (uint)slot < (uint)map.Length ? map[slot] : -1;
    }

    /// <summary>The variables hosts may see (compiler-internal slots are hidden).</summary>
    public IReadOnlyList<StoryVariableInfo> Variables => _variables ??= BuildVariables();

    /// <summary>True when a jump to <paramref name="name"/> would find a node (or node group).</summary>
    public bool ContainsNode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Program.NodeIndexByName.ContainsKey(name);
    }

    /// <summary>Starts a new session at <see cref="SessionOptions.StartNode"/>.</summary>
    /// <exception cref="ArgumentException">The start node does not exist, or an option is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SessionOptions.MaxInstructionsPerStep"/> is less than 1.</exception>
    public StorySession CreateSession(SessionOptions? options = null)
    {
        options ??= SessionOptions.Default;
        options.Validate();
        if (!Program.NodeIndexByName.TryGetValue(options.StartNode, out var start))
        {
            throw new ArgumentException($"The story has no node named '{options.StartNode}'.", nameof(options));
        }

        var seed = options.Seed ?? (ulong)System.Random.Shared.NextInt64();
        return new StorySession(this, options, SessionRandom.FromSeed(seed), start);
    }

    /// <summary>
    /// Builds a session that continues exactly where <paramref name="snapshot"/> was taken. Never throws for
    /// bad snapshots: problems (including a save position that no longer exists in a changed story) come back
    /// in the result. <see cref="SessionOptions.SaveMigrator"/>, if set, gets a chance to fix such saves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SessionOptions.MaxInstructionsPerStep"/> is less than 1.</exception>
    public RestoreResult Restore(SessionSnapshot snapshot, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= SessionOptions.Default;
        options.Validate();
        return SnapshotRestorer.Restore(this, snapshot, options);
    }

    internal int VariableIndex(string name)
    {
        var map = _variableIndex ??= BuildIndex(VariableNames);
        return map.TryGetValue(name, out var index) || (!name.StartsWith('$') && map.TryGetValue("$" + name, out index)) ? index : -1;
    }

    internal int NodeByUniqueName(string uniqueName)
    {
        if (_nodeByUniqueName is null)
        {
            var names = new string[Program.Nodes.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Program.Nodes[i].UniqueName;
            }

            _nodeByUniqueName = BuildIndex(names);
        }

        return _nodeByUniqueName.TryGetValue(uniqueName, out var index) ? index : -1;
    }

    internal int LineById(string id)
    {
        if (_lineById is null)
        {
            var ids = new string[Program.Lines.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = Program.Lines[i].Id;
            }

            _lineById = BuildIndex(ids);
        }

        return _lineById.TryGetValue(id, out var index) ? index : -1;
    }

    internal int SaliencyById(string id)
    {
        if (_saliencyById is null)
        {
            var ids = new string[Program.SaliencyContent.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = Program.SaliencyContent[i].Id;
            }

            _saliencyById = BuildIndex(ids);
        }

        return _saliencyById.TryGetValue(id, out var index) ? index : -1;
    }

    /// <summary>The content hash of node <paramref name="node"/>, computed once.</summary>
    internal string NodeHash(int node) => _nodeHashes[node] ??= NodeHasher.Compute(Program, node);

    /// <summary>The node's hash as format-version-2 saves computed it (with positional line and once-flag names).</summary>
    internal string LegacyNodeHash(int node) => NodeHasher.Compute(Program, node, legacy: true);

    /// <summary>What the compiled story does, independent of file names (see <see cref="NodeHasher.ComputeContent"/>); computed once.</summary>
    internal string ContentHash => _contentHash ??= NodeHasher.ComputeContent(this);

    /// <summary>Today's names of unsubtitled node-group members and the positional ones older saves used.</summary>
    internal PositionalNames PositionalNames => _positionalNames ??= new PositionalNames(Program);

    /// <summary>The node's hash as format-version-3 saves computed it (node-group members named by position).</summary>
    internal string Version3NodeHash(int node) => PositionalNames.IsEmpty ? NodeHash(node) : NodeHasher.Compute(Program, node, positional: PositionalNames);

    /// <summary>The content hash as format-version-3 saves recorded it (node-group members named by position).</summary>
    internal string Version3ContentHash => PositionalNames.IsEmpty ? ContentHash : _version3ContentHash ??= NodeHasher.ComputeContent(this, PositionalNames);

    /// <summary>The enum named <paramref name="typeName"/>, or null.</summary>
    internal CompiledEnum? EnumByName(string typeName)
    {
        var map = _enums ??= Program.Enums.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
        return map.TryGetValue(typeName, out var e) ? e : null;
    }

    /// <summary>
    /// Format-version-2 names (positional line IDs, once-flag variables, line-group view IDs) to today's, for the ones
    /// that changed. Prefixed by kind: <c>v</c> variable, <c>l</c> line, <c>s</c> saliency content.
    /// </summary>
    internal FrozenDictionary<string, string> LegacyNames => _legacyNames ??= BuildLegacyNames();

    private FrozenDictionary<string, string> BuildLegacyNames()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in Program.Variables)
        {
            if (v.LegacyName is { } legacy)
            {
                map.TryAdd("v" + legacy, v.Name);
            }
        }

        foreach (var l in Program.Lines)
        {
            if (l.LegacyId is { } legacy && legacy != l.Id)
            {
                map.TryAdd("l" + legacy, l.Id);
            }
        }

        foreach (var c in Program.SaliencyContent)
        {
            if (c.LegacyId is { } legacy)
            {
                map.TryAdd("s" + legacy, c.Id);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Per variable slot: true when it holds a node's visit count (restores check these are whole and non-negative).</summary>
    internal bool[] VisitCountSlots
    {
        get
        {
            if (_visitCountSlots is null)
            {
                var slots = new bool[Program.Variables.Length];
                foreach (var node in Program.Nodes)
                {
                    if ((uint)node.VisitCountSlot < (uint)slots.Length)
                    {
                        slots[node.VisitCountSlot] = true;
                    }
                }

                _visitCountSlots = slots;
            }

            return _visitCountSlots;
        }
    }

    /// <summary>Finds the node a visit-query name refers to: a jump name, else a unique name. -1 when unknown.</summary>
    internal int FindNode(string name) =>
        Program.NodeIndexByName.TryGetValue(name, out var index) ? index : NodeByUniqueName(name);

    private static FrozenDictionary<string, int> BuildIndex(string[] keys)
    {
        var map = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            map.TryAdd(keys[i], i);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private StoryNodeInfo[] BuildNodes()
    {
        var nodes = new StoryNodeInfo[Program.Nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = Program.Nodes[i];
            nodes[i] = new StoryNodeInfo(i, n.Name, n.UniqueName, n.Tags, n.Headers, n.Section, n.File, n.Line);
        }

        return nodes;
    }

    private StoryLineInfo[] BuildLines()
    {
        var nodes = Nodes;
        var seen = new bool[Program.Lines.Length];
        var list = new List<StoryLineInfo>(Program.Lines.Length);
        for (var n = 0; n < NodeCode.Length; n++)
        {
            foreach (var ins in NodeCode[n])
            {
                if (ins.Op is not (Compiled.OpCode.RunLine or Compiled.OpCode.AddOption) || (uint)ins.A >= (uint)seen.Length || seen[ins.A])
                {
                    continue;
                }

                seen[ins.A] = true;
                var line = Program.Lines[ins.A];
                var kind = ins.Op == Compiled.OpCode.AddOption ? StoryLineKind.Option : StoryLineKind.Line;
                list.Add(new StoryLineInfo(list.Count, line.Id, kind, nodes[n], line.File, line.Line, line.Template.RawText, line.Template.CharacterName));
            }
        }

        return [.. list];
    }

    private int[] BuildLineIndexBySlot()
    {
        // The same walk as BuildLines: the n-th first use of a slot is Lines[n].
        var map = new int[Program.Lines.Length];
        Array.Fill(map, -1);
        var count = 0;
        foreach (var code in NodeCode)
        {
            foreach (var ins in code)
            {
                if (ins.Op is Compiled.OpCode.RunLine or Compiled.OpCode.AddOption && (uint)ins.A < (uint)map.Length && map[ins.A] < 0)
                {
                    map[ins.A] = count++;
                }
            }
        }

        return map;
    }

    private StoryVariableInfo[] BuildVariables()
    {
        var list = new List<StoryVariableInfo>();
        foreach (var v in Program.Variables)
        {
            if (!v.IsInternal)
            {
                list.Add(new StoryVariableInfo(v.Name, v.Type, v.IsSmart ? default : v.InitialValue, v.IsSmart));
            }
        }

        return [.. list];
    }
}

/// <summary>A compiled line flattened for the VM: a constant line is delivered without touching its template.</summary>
/// <remarks>A localization builds views of the same lines with translated templates (<see cref="Localization.StoryLocalization"/>).</remarks>
internal readonly struct LineView(CompiledLine line, LineTemplate template)
{
    public readonly string Id = line.Id;
    public readonly ImmutableArray<string> Tags = line.Tags;
    public readonly LineTemplate Template = template;
    public readonly string? ConstantText = template.ConstantText;
    public readonly IReadOnlyList<MarkupAttribute>? ConstantAttributes = template.ConstantAttributes;
    public readonly string? CharacterName = template.CharacterName;

    public LineView(CompiledLine line)
        : this(line, line.Template)
    {
    }

    /// <summary>The display text and attributes for <paramref name="substitutions"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string Compose(ReadOnlySpan<StoryValue> substitutions, IPluralRules rules, out IReadOnlyList<MarkupAttribute> attributes)
    {
        if (ConstantText is not null)
        {
            attributes = ConstantAttributes!;
            return ConstantText;
        }

        return Template.Compose(substitutions, rules, out attributes);
    }
}

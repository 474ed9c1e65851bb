using System.Collections.Frozen;
using System.Collections.Immutable;
using GameBook.Compiled;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>
/// Turns the checked syntax into a <see cref="StoryProgram"/>: constant pools, variable slots (declared,
/// implicit, once flags, visit counts, group content flags), one instruction array per node, and a
/// dispatcher node per node group. Runs only when checking found no errors, so every type is resolved.
/// </summary>
internal sealed partial class CodeGenerator(TypeChecker checker, NodeTable nodes, LineRegistry lines, CompileOptions options)
{
    private const string OncePrefix = "$Yarn.Internal.Once.";
    private readonly List<double> _numbers = [];
    private readonly Dictionary<long, int> _numberIndex = [];
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly List<CompiledCommand> _commands = [];
    private readonly List<CompiledVariable> _variables = [];
    private readonly List<Library.FunctionInfo> _functions = [];
    private readonly List<SaliencyContent> _saliency = [];
    private readonly List<int> _visitFlagSlots = [];
    private int _saliencyGroups;
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);
    private readonly NodeEmitter _nodeEmitter = new();
    private NodeEmitter _emitter = new();
    private string _uniqueNode = "";
    private string _positionalNode = "";
    private int _blockCounter;
    private readonly HashSet<string> _onceBlockIds = new(StringComparer.Ordinal);

    public StoryProgram Generate(string fingerprint)
    {
        foreach (var v in checker.Variables)
        {
            v.Slot = _variables.Count;
            _variables.Add(new CompiledVariable { Name = v.Name, Type = v.Type.Resolved!, InitialValue = v.InitialValue });
        }

        // Node indexes first, so jumps can be resolved while emitting: members in source order, then dispatchers.
        var order = new List<(NodeSyntax? Node, NodeEntry Entry)>();
        foreach (var entry in nodes.Entries)
        {
            foreach (var m in entry.Members)
            {
                _nodeIndex[nodes.UniqueName(m)] = order.Count;
                if (nodes.PositionalName(m) is { } positional)
                {
                    _nodeIndex.TryAdd(positional, order.Count);
                }

                order.Add((m, entry));
            }
        }

        foreach (var entry in nodes.Entries)
        {
            if (entry.IsGroup)
            {
                _nodeIndex[entry.Title] = order.Count;
                order.Add((null, entry));
            }
        }

        var compiled = new CompiledNode[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var (node, entry) = order[i];
            compiled[i] = node is null ? EmitDispatcher(entry) : EmitNode(node, entry);
        }

        foreach (var v in checker.Variables)
        {
            if (v.IsSmart)
            {
                _emitter = new NodeEmitter();
                EmitExpression(v.Declaration!.Value);
                _variables[v.Slot] = new CompiledVariable { Name = v.Name, Type = v.Type.Resolved!, InitialValue = v.InitialValue, SmartCode = _emitter.Instructions };
            }
        }

        return new StoryProgram
        {
            Nodes = [.. compiled],
            NodeIndexByName = _nodeIndex.ToFrozenDictionary(StringComparer.Ordinal),
            Lines = [.. lines.Lines],
            Commands = [.. _commands],
            Variables = [.. _variables],
            Functions = [.. _functions],
            SaliencyContent = [.. _saliency],
            VisitFlagSlots = [.. _visitFlagSlots],
            Enums = [.. checker.Enums.Values.Select(e => new CompiledEnum
            {
                Name = e.Name,
                CaseNames = [.. e.Ordered.Select(c => c.Name)],
                RawValues = [.. e.Ordered.Select(c => c.RawValue)],
            })],
            Numbers = [.. _numbers],
            Strings = [.. _strings],
            Fingerprint = fingerprint,
        };
    }

    private bool IsTracked(string name, bool never, bool always, string? positional = null) =>
        !never && (always || options.TrackAllVisits || checker.DynamicVisitRead || checker.VisitReads.Contains(name)
            || (positional is not null && checker.VisitReads.Contains(positional)));

    private int VisitSlot(string uniqueName, bool tracked, string? positional = null)
    {
        if (!tracked)
        {
            return -1;
        }

        const string prefix = "$Yarn.Internal.Visits.";
        var slot = AddInternal(prefix + uniqueName, StoryType.Number, StoryValue.FromNumber(0), legacyName: positional is null ? null : prefix + positional);
        if (!checker.DynamicVisitCountRead && !checker.VisitCountReads.Contains(uniqueName) && (positional is null || !checker.VisitCountReads.Contains(positional)))
        {
            _visitFlagSlots.Add(slot);
        }

        return slot;
    }

    private int AddInternal(string name, StoryType type, StoryValue initial, ImmutableArray<Instruction> smartCode = default, string? legacyName = null)
    {
        _variables.Add(new CompiledVariable { Name = name, Type = type, InitialValue = initial, SmartCode = smartCode, LegacyName = legacyName });
        return _variables.Count - 1;
    }

    private CompiledNode EmitNode(NodeSyntax node, NodeEntry entry)
    {
        _emitter = _nodeEmitter.Reset(node.Line);
        _uniqueNode = nodes.UniqueName(node);
        _positionalNode = nodes.PositionalName(node) ?? _uniqueNode;
        _blockCounter = 0;
        EmitBlock(node.Body, node.Source);
        _emitter.Emit(OpCode.Return);
        var tracking = node.Header("tracking");
        var positional = nodes.PositionalName(node);
        var tracked = IsTracked(_uniqueNode, tracking == "never", tracking == "always", positional);
        if (!entry.IsGroup)
        {
            tracked = IsTracked(entry.Title, tracking == "never", tracking == "always");
        }

        return new CompiledNode
        {
            Name = node.Title,
            UniqueName = _uniqueNode,
            PositionalName = positional,
            Headers = [.. node.Headers.Where(h => h.Key != "title").Select(h => new KeyValuePair<string, string>(h.Key, h.Value))],
            Tags = [.. (node.Header("tags") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)],
            Section = int.TryParse(node.Header("section"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var section) ? section : null,
            Instructions = _emitter.Instructions,
            SourceLines = _emitter.SourceLines,
            VisitCountSlot = VisitSlot(_uniqueNode, tracked, positional),
            File = node.Source.Path,
            Line = node.Line,
        };
    }

    private CompiledNode EmitDispatcher(NodeEntry entry)
    {
        var first = entry.Members[0];
        _emitter = _nodeEmitter.Reset(first.Line);
        var destinations = new List<int>();
        var onceSlots = new List<int>();
        var contentCode = new NodeEmitter();
        var memberCount = 0;
        foreach (var member in entry.Members)
        {
            var unique = nodes.UniqueName(member);
            var positional = nodes.PositionalName(member);
            var once = member.When.Any(w => w.Once);
            var onceSlot = once ? AddInternal(OncePrefix + unique, StoryType.Bool, StoryValue.False, legacyName: positional is null ? null : OncePrefix + positional) : -1;
            onceSlots.Add(onceSlot);
            var conditions = member.When.Where(w => !w.Always).ToList();
            var hasCondition = conditions.Count > 0;
            var complexity = 0;
            if (hasCondition)
            {
                complexity = EmitWhen(conditions, onceSlot);
                var saved = _emitter;
                _emitter = contentCode;
                EmitWhen(conditions, onceSlot);
                _emitter = saved;
            }
            else
            {
                contentCode.Emit(OpCode.PushBool, 1);
            }

            if (memberCount++ > 0)
            {
                contentCode.Emit(OpCode.Or);
            }

            _saliency.Add(new SaliencyContent { Id = unique, LegacyId = positional, HasCondition = hasCondition, Group = _saliencyGroups });
            destinations.Add(_emitter.Emit(OpCode.AddCandidate, _saliency.Count - 1, complexity, 0));
        }

        _saliencyGroups++;
        _emitter.Emit(OpCode.SelectCandidate);
        _emitter.Emit(OpCode.Return);
        for (var i = 0; i < entry.Members.Count; i++)
        {
            _emitter.Patch(destinations[i], _emitter.Here);
            if (onceSlots[i] >= 0)
            {
                _emitter.Emit(OpCode.PushBool, 1);
                _emitter.Emit(OpCode.StoreVariable, onceSlots[i]);
            }

            _emitter.Emit(OpCode.EnterNodeInPlace, _nodeIndex[nodes.UniqueName(entry.Members[i])]);
            _emitter.Emit(OpCode.Return);
        }

        var never = entry.Members.All(m => m.Header("tracking") == "never");
        var always = entry.Members.Any(m => m.Header("tracking") == "always");
        var hasContent = AddInternal("$Yarn.Internal.HasContent." + entry.Title, StoryType.Bool, StoryValue.False, contentCode.Instructions);
        return new CompiledNode
        {
            Name = entry.Title,
            UniqueName = entry.Title,
            Headers = [],
            Tags = [],
            Instructions = _emitter.Instructions,
            SourceLines = _emitter.SourceLines,
            VisitCountSlot = VisitSlot(entry.Title, IsTracked(entry.Title, never, always)),
            HasContentSlot = hasContent,
            File = first.Source.Path,
            Line = first.Line,
        };
    }

    /// <summary>Emits the conjunction of a member's <c>when:</c> clauses (with its once flag); returns the complexity score.</summary>
    private int EmitWhen(List<WhenClause> conditions, int onceSlot)
    {
        var complexity = 0;
        var terms = 0;
        if (onceSlot >= 0)
        {
            _emitter.Emit(OpCode.LoadVariable, onceSlot);
            _emitter.Emit(OpCode.Not);
            terms++;
            complexity++;
        }

        foreach (var w in conditions)
        {
            if (w.Condition is null)
            {
                continue;
            }

            EmitExpression(w.Condition);
            complexity += Complexity(w.Condition);
            if (terms++ > 0)
            {
                _emitter.Emit(OpCode.And);
            }
        }

        if (terms == 0)
        {
            _emitter.Emit(OpCode.PushBool, 1);
        }

        return complexity;
    }

    /// <summary>Saliency complexity: the number of boolean and comparison operators in a condition.</summary>
    internal static int Complexity(Expr e) => e switch
    {
        UnaryExpr u => (u.Op == Operator.Not ? 1 : 0) + Complexity(u.Operand),
        BinaryExpr b => (b.Op is Operator.Add or Operator.Subtract or Operator.Multiply or Operator.Divide or Operator.Modulo ? 0 : 1)
            + Complexity(b.Left) + Complexity(b.Right),
        CallExpr c => c.Arguments.Sum(Complexity),
        _ => 0,
    };
}

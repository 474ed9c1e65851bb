using System.Collections.Frozen;
using System.Collections.Immutable;
using GameBook.Compiled;
using GameBook.Library;
using GameBook.Runtime;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Core.Tests.Runtime;

/// <summary>Assembles StoryPrograms by hand so the VM can be tested without the compiler.</summary>
internal sealed class TestStoryBuilder
{
    private readonly List<CompiledNode> _nodes = [];
    private readonly List<CompiledLine> _lines = [];
    private readonly List<CompiledCommand> _commands = [];
    private readonly List<CompiledVariable> _variables = [];
    private readonly List<FunctionInfo> _functions = [];
    private readonly List<SaliencyContent> _saliency = [];
    private readonly List<double> _numbers = [];
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _nodeNames = new(StringComparer.Ordinal);

    public string Fingerprint { get; set; } = "test-fingerprint";

    public static Instruction I(OpCode op, int a = 0, int b = 0, int c = 0) => new(op, a, b, c);

    public int Line(string raw, int substitutions = 0, string? id = null, params string[] tags)
    {
        var template = LineTemplate.Parse(raw, substitutions, out var errors);
        Assert.Empty(errors);
        _lines.Add(new CompiledLine { Id = id ?? $"line:test-{_lines.Count}", Template = template, Tags = [.. tags], File = "test.yarn", Line = _lines.Count + 1 });
        return _lines.Count - 1;
    }

    public int Number(double value)
    {
        _numbers.Add(value);
        return _numbers.Count - 1;
    }

    public int String(string value)
    {
        _strings.Add(value);
        return _strings.Count - 1;
    }

    public int Variable(string name, StoryType type, StoryValue initial)
    {
        _variables.Add(new CompiledVariable { Name = name, Type = type, InitialValue = initial });
        return _variables.Count - 1;
    }

    public int SmartVariable(string name, StoryType type, params Instruction[] code)
    {
        _variables.Add(new CompiledVariable { Name = name, Type = type, InitialValue = default, SmartCode = [.. code] });
        return _variables.Count - 1;
    }

    public int Function(string builtInName)
    {
        Assert.True(new FunctionLibrary().TryGetFunction(builtInName, out var info));
        _functions.Add(info);
        return _functions.Count - 1;
    }

    public int Function(FunctionInfo info)
    {
        _functions.Add(info);
        return _functions.Count - 1;
    }

    public int Command(CommandInfo? registered, params object[] parts)
    {
        var built = parts.Select(p => p is int n ? new CommandPart(null, n) : new CommandPart((string)p, 0)).ToImmutableArray();
        _commands.Add(new CompiledCommand { Parts = built, SubstitutionCount = parts.Count(p => p is int), Registered = registered, Line = 1 });
        return _commands.Count - 1;
    }

    public int Saliency(string id, bool hasCondition)
    {
        _saliency.Add(new SaliencyContent { Id = id, HasCondition = hasCondition });
        return _saliency.Count - 1;
    }

    /// <summary>Reserves a node index so instructions can refer to nodes defined later.</summary>
    public int NodeIndex(string name)
    {
        if (!_nodeNames.TryGetValue(name, out var index))
        {
            index = _nodeNames.Count;
            _nodeNames[name] = index;
        }

        return index;
    }

    public int Node(string name, Instruction[] code, bool trackVisits = false, string? uniqueName = null, int hasContentSlot = -1, string[]? tags = null)
    {
        var index = NodeIndex(uniqueName ?? name);
        var slot = trackVisits ? Variable($"$Yarn.Internal.Visits.{uniqueName ?? name}", StoryType.Number, StoryValue.FromNumber(0)) : -1;
        var node = new CompiledNode
        {
            Name = name,
            UniqueName = uniqueName ?? name,
            Headers = [],
            Tags = [.. tags ?? []],
            Instructions = [.. code],
            VisitCountSlot = slot,
            HasContentSlot = hasContentSlot,
            File = "test.yarn",
            Line = 1,
            SourceLines = [.. Enumerable.Range(100, code.Length)],
        };
        while (_nodes.Count <= index)
        {
            _nodes.Add(null!);
        }

        _nodes[index] = node;
        return index;
    }

    public Story Build()
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
        {
            Assert.NotNull(_nodes[i]);
            byName.TryAdd(_nodes[i].Name, i);
        }

        var program = new StoryProgram
        {
            Nodes = [.. _nodes],
            NodeIndexByName = byName.ToFrozenDictionary(StringComparer.Ordinal),
            Lines = [.. _lines],
            Commands = [.. _commands],
            Variables = [.. _variables],
            Functions = [.. _functions],
            SaliencyContent = [.. _saliency],
            Numbers = [.. _numbers],
            Strings = [.. _strings],
            Fingerprint = Fingerprint,
        };
        return new Story(program);
    }
}

internal static class SessionTestExtensions
{
    public static StoryLine NextLine(this StorySession session)
    {
        var step = session.Next();
        Assert.True(step.Kind == StepKind.Line, $"Expected a line but got {step}");
        return step.Line;
    }

    public static OptionSet NextOptions(this StorySession session)
    {
        var step = session.Next();
        Assert.True(step.Kind == StepKind.Options, $"Expected options but got {step}");
        return step.Options;
    }

    public static StoryError NextError(this StorySession session)
    {
        var step = session.Next();
        Assert.True(step.Kind == StepKind.Error, $"Expected an error but got {step}");
        return step.Error!;
    }

    public static void NextEnd(this StorySession session)
    {
        var step = session.Next();
        Assert.True(step.Kind == StepKind.End, $"Expected the end but got {step}");
    }
}

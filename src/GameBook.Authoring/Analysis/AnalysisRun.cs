using System.Collections.Immutable;
using GameBook.Compilation;
using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// One analysis of one outline: indexes the nodes, reads the <c>analysis:</c> headers, runs every check and
/// collects what they find, dropping what options or headers switched off. Not thread-safe (one per call).
/// </summary>
internal sealed partial class AnalysisRun
{
    private readonly StoryOutline _outline;
    private readonly AnalysisOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, List<OutlineNode>> _byTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutlineNode> _byUniqueName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fileOrder = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storyOff = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<OutlineNode, HashSet<string>> _nodeOff = [];
    private readonly HashSet<OutlineNode> _nodesAllOff = [];
    private bool _storyAllOff;

    public AnalysisRun(StoryOutline outline, AnalysisOptions options, CancellationToken cancellationToken)
    {
        _outline = outline;
        _options = options;
        _cancellationToken = cancellationToken;
        foreach (var node in outline.Nodes)
        {
            if (!_byTitle.TryGetValue(node.Title, out var members))
            {
                members = [];
                _byTitle.Add(node.Title, members);
            }

            members.Add(node);
            _byUniqueName.TryAdd(node.UniqueName, node);
            _fileOrder.TryAdd(node.File, _fileOrder.Count);
        }

        foreach (var entry in options.AdditionalEntryNodes)
        {
            if (!HasNode(entry))
            {
                throw new ArgumentException(
                    $"AnalysisOptions.AdditionalEntryNodes names '{entry}', but the story has no node with that title: name an existing node or remove it.",
                    nameof(options));
            }
        }
    }

    public List<Diagnostic> Diagnostics { get; } = [];

    public ImmutableArray<SkippedCheck>.Builder Skipped { get; } = ImmutableArray.CreateBuilder<SkippedCheck>();

    public SectionGrid Sections { get; private set; } = SectionGrid.Empty;

    public void Run()
    {
        ReadAnalysisHeaders();
        var entries = new List<string>();
        if (HasNode(AnalysisOptions.DefaultEntryNode))
        {
            entries.Add(AnalysisOptions.DefaultEntryNode);
        }

        entries.AddRange(_options.AdditionalEntryNodes);
        var flow = new FlowFacts(this, _outline, entries);
        CheckReachability(flow);
        CheckDeadEnds(flow);
        CheckVariables();
        CheckConditionsAndJumps();
        CheckSections(flow);
    }

    public ImmutableArray<Diagnostic> SortedDiagnostics() => Sort(Diagnostics, _fileOrder);

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics, Dictionary<string, int> fileOrder) =>
        [.. diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => fileOrder.GetValueOrDefault(x.d.File, int.MaxValue))
            .ThenBy(x => x.d.Range.StartLine)
            .ThenBy(x => x.d.Range.StartColumn)
            .ThenBy(x => x.i)
            .Select(x => x.d)];

    /// <summary>True when a jump to <paramref name="name"/> finds a node: a title, or a node-group member's unique name.</summary>
    public bool HasNode(string name) => _byTitle.ContainsKey(name) || _byUniqueName.ContainsKey(name);

    /// <summary>The nodes a jump to <paramref name="name"/> may enter: every member of that title, else the member with that unique name.</summary>
    private List<OutlineNode> Members(string name) =>
        _byTitle.TryGetValue(name, out var m) ? m : _byUniqueName.TryGetValue(name, out var member) ? [member] : [];

    private void ThrowIfCancelled() => _cancellationToken.ThrowIfCancellationRequested();

    /// <summary>True when the check is switched off for the whole story (options or a <c>story off</c> header).</summary>
    private bool IsOffForStory(string code) =>
        _options.DisabledChecks.Contains(code) || _storyAllOff || _storyOff.Contains(code);

    /// <summary>Adds a finding about <paramref name="node"/> unless it is switched off for the story or that node.</summary>
    private void Report(string code, OutlineNode? node, string file, SourceRange range, params object?[] args)
    {
        if (IsOffForStory(code))
        {
            return;
        }

        if (node is not null && (_nodesAllOff.Contains(node) || (_nodeOff.TryGetValue(node, out var off) && off.Contains(code))))
        {
            return;
        }

        var rule = AnalysisCodes.Find(code)!;
        Diagnostics.Add(new Diagnostic(code, rule.DefaultSeverity, file, range, rule.Format(args)));
    }

    /// <summary>
    /// Reads <c>analysis: [story] off [codes]</c> headers: with <c>story</c> the codes are off for the whole
    /// story, without it for the node carrying the header; no codes means every check.
    /// </summary>
    private void ReadAnalysisHeaders()
    {
        foreach (var node in _outline.Nodes)
        {
            foreach (var header in node.Headers)
            {
                if (header.Key == "analysis")
                {
                    ReadAnalysisHeader(node, header);
                }
            }
        }
    }

    private void ReadAnalysisHeader(OutlineNode node, OutlineHeader header)
    {
        var words = header.Value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        var story = i < words.Length && words[i].Equals("story", StringComparison.OrdinalIgnoreCase);
        if (story)
        {
            i++;
        }

        if (i >= words.Length || !words[i].Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            Report(AnalysisCodes.InvalidAnalysisHeader, node, node.File, header.ValueRange, header.Value,
                story ? "'story' must be followed by 'off'" : "it must start with 'off' or 'story off'");
            return;
        }

        i++;
        var codes = new List<string>();
        for (; i < words.Length; i++)
        {
            var word = words[i];
            if (AnalysisCodes.Find(word) is { } rule)
            {
                codes.Add(rule.Code);
            }
            else
            {
                Report(AnalysisCodes.InvalidAnalysisHeader, node, node.File, header.ValueRange, header.Value,
                    $"'{word}' is not an analysis code (they are GB1001 to GB{1000 + AnalysisCodes.Rules.Length}, listed in docs/diagnostics.md)");
            }
        }

        if (codes.Count == 0 && i == words.Length && words.Length == (story ? 2 : 1))
        {
            if (story)
            {
                _storyAllOff = true;
            }
            else
            {
                _nodesAllOff.Add(node);
            }

            return;
        }

        if (story)
        {
            _storyOff.UnionWith(codes);
        }
        else
        {
            if (!_nodeOff.TryGetValue(node, out var set))
            {
                set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                _nodeOff.Add(node, set);
            }

            set.UnionWith(codes);
        }
    }
}

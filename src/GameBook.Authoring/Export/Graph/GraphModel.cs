using System.Globalization;
using System.Text;
using GameBook.Authoring.Analysis;
using GameBook.Authoring.Export.Print;
using GameBook.Compilation;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Graph;

/// <summary>A node of the story map with its display label, style flags and cluster.</summary>
internal sealed record GraphNode(int Index, OutlineNode Node, string Label, bool IsEntry, bool IsEnding, bool IsUnreachable, bool IsDeadEnd, int Cluster);

/// <summary>An edge of the story map.</summary>
internal readonly record struct GraphEdge(int From, int To, FlowEdgeKind Kind, string Label);

/// <summary>
/// The story map both graph formats draw: nodes in source order, clusters in order of first appearance and edges in
/// source order, so output is deterministic. Built per export; not thread-safe.
/// </summary>
internal sealed class GraphModel
{
    public List<GraphNode> Nodes { get; } = [];

    public List<GraphEdge> Edges { get; } = [];

    public List<string> Clusters { get; } = [];

    public static GraphModel Build(ExportContext context, GraphExportOptions options, CancellationToken cancellationToken)
    {
        var model = new GraphModel();
        var outline = context.Outline;
        var (unreachable, deadEnds) = options.ShowAnalysis ? Analyze(context, options, cancellationToken) : ([], []);
        var sections = options.NodeLabel == GraphNodeLabel.Title ? null : options.Sections ?? SectionNumbering.Assign(context, new PrintOptions()).Numbers;
        var clusterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var indexByUnique = new Dictionary<string, int>(outline.Nodes.Length, StringComparer.Ordinal);
        var entry = options.Analysis?.AdditionalEntryNodes ?? [];
        foreach (var node in outline.Nodes)
        {
            var key = options.ClusterBy switch
            {
                GraphClustering.File => node.File,
                GraphClustering.Header => node.Header(options.ClusterHeader),
                _ => null,
            };
            var cluster = -1;
            if (!string.IsNullOrEmpty(key) && !clusterIndex.TryGetValue(key, out cluster))
            {
                cluster = model.Clusters.Count;
                clusterIndex.Add(key, cluster);
                model.Clusters.Add(key);
            }

            var name = node.UniqueName;
            var number = sections?.NumberOf(name);
            var label = options.NodeLabel switch
            {
                GraphNodeLabel.Section when number is { } n => n.ToString(CultureInfo.InvariantCulture),
                GraphNodeLabel.SectionAndTitle when number is { } n => n.ToString(CultureInfo.InvariantCulture) + "\n" + name,
                _ => name,
            };
            indexByUnique.TryAdd(name, model.Nodes.Count);
            var isEntry = node.Title == AnalysisOptions.DefaultEntryNode || entry.Contains(node.Title);
            model.Nodes.Add(new GraphNode(model.Nodes.Count, node, label, isEntry, node.IsEnding, unreachable.Contains(node), deadEnds.Contains(node), cluster));
        }

        foreach (var g in model.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var edge in FlowEdges.Collect(g.Node))
            {
                if (!context.ByTitle.TryGetValue(edge.Target, out var target) || !indexByUnique.TryGetValue(target.UniqueName, out var to))
                {
                    continue; // the compiler reports unknown targets
                }

                var label = edge.Option is { } option && options.MaxEdgeLabelLength > 0
                    ? Shorten(context.Text(option.LineId, option.Substitutions, ExportContext.YarnHole), options.MaxEdgeLabelLength)
                    : "";
                model.Edges.Add(new GraphEdge(g.Index, to, edge.Kind, label));
            }
        }

        return model;
    }

    /// <summary>Collapses whitespace and cuts <paramref name="text"/> to at most <paramref name="max"/> characters, at a word boundary when one is near, ending with an ellipsis.</summary>
    internal static string Shorten(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
            if (sb.Length > max + 1)
            {
                break;
            }
        }

        if (sb.Length <= max)
        {
            return sb.ToString();
        }

        var cut = max - 1;
        var lastSpace = sb.ToString(0, cut + 1).LastIndexOf(' ');
        if (lastSpace >= max / 2)
        {
            cut = lastSpace;
        }

        if (cut > 0 && char.IsHighSurrogate(sb[cut - 1]))
        {
            cut--;
        }

        return sb.ToString(0, cut).TrimEnd() + "…";
    }

    private static (HashSet<OutlineNode> Unreachable, HashSet<OutlineNode> DeadEnds) Analyze(ExportContext context, GraphExportOptions options, CancellationToken cancellationToken)
    {
        var report = StoryAnalyzer.Analyze(context.Story, options.Analysis, cancellationToken);
        var unreachable = new HashSet<OutlineNode>();
        var deadEnds = new HashSet<OutlineNode>();
        var locator = new NodeLocator(context.Outline);
        foreach (var d in report.Diagnostics)
        {
            var set = d.Code switch
            {
                AnalysisCodes.UnreachableNode => unreachable,
                AnalysisCodes.DeadEnd => deadEnds,
                _ => null,
            };
            if (set is not null && locator.Find(d) is { } node)
            {
                set.Add(node);
            }
        }

        return (unreachable, deadEnds);
    }

    /// <summary>Finds the node a diagnostic points into: the last node of its file whose title is at or above it.</summary>
    private sealed class NodeLocator
    {
        private readonly Dictionary<string, List<OutlineNode>> _byFile = new(StringComparer.Ordinal);

        public NodeLocator(StoryOutline outline)
        {
            foreach (var node in outline.Nodes)
            {
                if (!_byFile.TryGetValue(node.File, out var list))
                {
                    _byFile.Add(node.File, list = []);
                }

                list.Add(node);
            }

            foreach (var list in _byFile.Values)
            {
                list.Sort((a, b) => a.TitleRange.StartLine.CompareTo(b.TitleRange.StartLine));
            }
        }

        public OutlineNode? Find(Diagnostic d)
        {
            if (!_byFile.TryGetValue(d.File, out var list))
            {
                return null;
            }

            OutlineNode? found = null;
            int lo = 0, hi = list.Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (list[mid].TitleRange.StartLine <= d.Range.StartLine)
                {
                    found = list[mid];
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found;
        }
    }
}

using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Export.Graph;

/// <summary>
/// Draws a story as a map: Graphviz DOT or Mermaid flowchart text. One graph node per story node (labelled by
/// title or section number), edges for options (labelled with the option's text, shortened), jumps and detours
/// (each drawn in its own style), endings, unreachable nodes and dead ends styled from <see cref="Analysis.StoryAnalyzer"/>,
/// and optional clusters by file or header. The output is deterministic: the same story and options give the
/// same bytes (nodes and edges in source order, <c>\n</c> line ends), so it diffs well in version control.
/// Never throws for odd story content (titles, texts, cycles). Thread-safe: exports share no state.
/// </summary>
public static class GraphExporter
{
    /// <summary>The story as a Graphviz DOT digraph (render it with <c>dot -Tsvg</c>).</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Labels, clusters, analysis; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The DOT text.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static string ToDot(Story story, GraphExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = Build(story, options, cancellationToken);
        var sb = new StringBuilder(64 + (model.Nodes.Count * 64) + (model.Edges.Count * 48));
        sb.Append("digraph story {\n");
        sb.Append("  graph [rankdir=TB, fontname=\"Helvetica\"];\n");
        sb.Append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        sb.Append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            sb.Append("  subgraph cluster_").Append(c.ToString(CultureInfo.InvariantCulture)).Append(" {\n");
            sb.Append("    label=").Append(DotString(model.Clusters[c])).Append(";\n");
            foreach (var n in model.Nodes)
            {
                if (n.Cluster == c)
                {
                    DotNode(sb, n, "    ");
                }
            }

            sb.Append("  }\n");
        }

        foreach (var n in model.Nodes)
        {
            if (n.Cluster < 0)
            {
                DotNode(sb, n, "  ");
            }
        }

        foreach (var e in model.Edges)
        {
            sb.Append("  ").Append(DotString(model.Nodes[e.From].Node.UniqueName)).Append(" -> ").Append(DotString(model.Nodes[e.To].Node.UniqueName));
            switch (e.Kind)
            {
                case FlowEdgeKind.Option:
                    if (e.Label.Length > 0)
                    {
                        sb.Append(" [label=").Append(DotString(e.Label)).Append(']');
                    }

                    break;
                case FlowEdgeKind.Jump:
                    sb.Append(" [style=dashed]");
                    break;
                default:
                    sb.Append(" [style=dotted, arrowhead=onormal, label=\"detour\"]");
                    break;
            }

            sb.Append(";\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The story as a Mermaid flowchart (paste it into Markdown in a <c>```mermaid</c> block).</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Labels, clusters, analysis; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The Mermaid text.</returns>
    /// <exception cref="ArgumentException">The story has no outline, or the options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static string ToMermaid(Story story, GraphExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = Build(story, options, cancellationToken);
        var sb = new StringBuilder(64 + (model.Nodes.Count * 48) + (model.Edges.Count * 40));
        sb.Append("flowchart TD\n");
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            sb.Append("  subgraph c").Append(c.ToString(CultureInfo.InvariantCulture)).Append(" [\"").Append(MermaidText(model.Clusters[c])).Append("\"]\n");
            foreach (var n in model.Nodes)
            {
                if (n.Cluster == c)
                {
                    MermaidNode(sb, n, "    ");
                }
            }

            sb.Append("  end\n");
        }

        foreach (var n in model.Nodes)
        {
            if (n.Cluster < 0)
            {
                MermaidNode(sb, n, "  ");
            }
        }

        foreach (var e in model.Edges)
        {
            sb.Append("  n").Append(e.From.ToString(CultureInfo.InvariantCulture));
            switch (e.Kind)
            {
                case FlowEdgeKind.Option:
                    sb.Append(e.Label.Length > 0 ? " -->|\"" + MermaidText(e.Label) + "\"| " : " --> ");
                    break;
                case FlowEdgeKind.Jump:
                    sb.Append(" ==> ");
                    break;
                default:
                    sb.Append(" -. detour .-> ");
                    break;
            }

            sb.Append('n').Append(e.To.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("  classDef entry stroke-width:3px;\n");
        sb.Append("  classDef ending fill:#e8f5e9,stroke:#2e7d32,stroke-width:2px;\n");
        sb.Append("  classDef unreachable fill:#f5f5f5,stroke:#9e9e9e,color:#9e9e9e,stroke-dasharray:5 5;\n");
        sb.Append("  classDef deadend fill:#ffebee,stroke:#c62828,stroke-width:2px;\n");
        MermaidClass(sb, model, "entry", n => n.IsEntry);
        MermaidClass(sb, model, "ending", n => n.IsEnding);
        MermaidClass(sb, model, "unreachable", n => n.IsUnreachable);
        MermaidClass(sb, model, "deadend", n => n.IsDeadEnd);
        return sb.ToString();
    }

    private static GraphModel Build(Story story, GraphExportOptions? options, CancellationToken cancellationToken)
    {
        var context = ExportContext.Create(story, nameof(story));
        options ??= new GraphExportOptions();
        options.Validate();
        return GraphModel.Build(context, options, cancellationToken);
    }

    private static void DotNode(StringBuilder sb, GraphNode n, string indent)
    {
        sb.Append(indent).Append(DotString(n.Node.UniqueName)).Append(" [label=").Append(DotString(n.Label));
        var style = "rounded";
        string? fill = null, color = null, font = null;
        var pen = n.IsEntry ? 3 : 1;
        if (n.IsEnding)
        {
            sb.Append(", peripheries=2");
            (fill, color) = ("#e8f5e9", "#2e7d32");
        }

        if (n.IsDeadEnd)
        {
            (fill, color) = ("#ffebee", "#c62828");
            pen = Math.Max(pen, 2);
        }

        if (n.IsUnreachable)
        {
            style += ",dashed";
            (color, font) = ("#9e9e9e", "#9e9e9e");
        }

        if (fill is not null)
        {
            style += ",filled";
        }

        if (style != "rounded")
        {
            sb.Append(", style=\"").Append(style).Append('"');
        }

        if (fill is not null)
        {
            sb.Append(", fillcolor=\"").Append(fill).Append('"');
        }

        if (color is not null)
        {
            sb.Append(", color=\"").Append(color).Append('"');
        }

        if (font is not null)
        {
            sb.Append(", fontcolor=\"").Append(font).Append('"');
        }

        if (pen > 1)
        {
            sb.Append(", penwidth=").Append(pen.ToString(CultureInfo.InvariantCulture));
        }

        var tooltip = new List<string>(2);
        if (n.IsUnreachable)
        {
            tooltip.Add("unreachable (GB1001)");
        }

        if (n.IsDeadEnd)
        {
            tooltip.Add("dead end (GB1002)");
        }

        if (tooltip.Count > 0)
        {
            sb.Append(", tooltip=").Append(DotString(string.Join(", ", tooltip)));
        }

        sb.Append("];\n");
    }

    private static void MermaidNode(StringBuilder sb, GraphNode n, string indent)
    {
        var text = MermaidText(n.Label);
        sb.Append(indent).Append('n').Append(n.Index.ToString(CultureInfo.InvariantCulture));
        sb.Append(n.IsEnding ? "([\"" : "[\"").Append(text).Append(n.IsEnding ? "\"])\n" : "\"]\n");
    }

    private static void MermaidClass(StringBuilder sb, GraphModel model, string name, Func<GraphNode, bool> predicate)
    {
        var first = true;
        foreach (var n in model.Nodes)
        {
            if (!predicate(n))
            {
                continue;
            }

            sb.Append(first ? "  class " : ",").Append('n').Append(n.Index.ToString(CultureInfo.InvariantCulture));
            first = false;
        }

        if (!first)
        {
            sb.Append(' ').Append(name).Append(";\n");
        }
    }

    /// <summary>A DOT quoted string: quotes and backslashes escaped, line ends as <c>\n</c>, other control characters dropped.</summary>
    internal static string DotString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Text for inside a Mermaid quoted label: characters Mermaid reads as syntax become entity codes, line ends <c>&lt;br/&gt;</c>.</summary>
    internal static string MermaidText(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("#quot;");
                    break;
                case '#':
                    sb.Append("#35;");
                    break;
                case '<':
                    sb.Append("#lt;");
                    break;
                case '>':
                    sb.Append("#gt;");
                    break;
                case '&':
                    sb.Append("#amp;");
                    break;
                case '|':
                    sb.Append("#124;");
                    break;
                case '`':
                    sb.Append("#96;");
                    break;
                case '\n':
                    sb.Append("<br/>");
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}

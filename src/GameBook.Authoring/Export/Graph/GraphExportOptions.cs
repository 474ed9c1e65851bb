using GameBook.Authoring.Analysis;
using GameBook.Authoring.Export.Print;

namespace GameBook.Authoring.Export.Graph;

/// <summary>What a graph node shows.</summary>
public enum GraphNodeLabel
{
    /// <summary>The node's title (a node-group member: its unique name).</summary>
    Title,

    /// <summary>The printed section number (see <see cref="GraphExportOptions.Sections"/>); the title for a node without one.</summary>
    Section,

    /// <summary>The section number above the title.</summary>
    SectionAndTitle,
}

/// <summary>How graph nodes are grouped into clusters (DOT <c>cluster_</c> subgraphs, Mermaid <c>subgraph</c>s).</summary>
public enum GraphClustering
{
    /// <summary>No clusters.</summary>
    None,

    /// <summary>One cluster per source file.</summary>
    File,

    /// <summary>One cluster per value of the header named by <see cref="GraphExportOptions.ClusterHeader"/>; nodes without it stay outside.</summary>
    Header,
}

/// <summary>Settings for <see cref="GraphExporter"/>. Not thread-safe while being changed; read only during an export.</summary>
public sealed class GraphExportOptions
{
    /// <summary>The default for <see cref="MaxEdgeLabelLength"/>.</summary>
    public const int DefaultMaxEdgeLabelLength = 32;

    /// <summary>The default for <see cref="ClusterHeader"/>.</summary>
    public const string DefaultClusterHeader = "group";

    /// <summary>What nodes show. Default <see cref="GraphNodeLabel.Title"/>.</summary>
    public GraphNodeLabel NodeLabel { get; set; } = GraphNodeLabel.Title;

    /// <summary>How nodes are clustered. Default <see cref="GraphClustering.None"/>.</summary>
    public GraphClustering ClusterBy { get; set; } = GraphClustering.None;

    /// <summary>The header whose value names a node's cluster with <see cref="GraphClustering.Header"/>. Default <c>group</c>.</summary>
    public string ClusterHeader { get; set; } = DefaultClusterHeader;

    /// <summary>Option texts longer than this are cut at a word boundary and end with an ellipsis; 0 leaves option edges unlabelled. Default 32.</summary>
    public int MaxEdgeLabelLength { get; set; } = DefaultMaxEdgeLabelLength;

    /// <summary>Runs <see cref="StoryAnalyzer"/> and styles unreachable nodes (GB1001) and dead ends (GB1002). Default true.</summary>
    public bool ShowAnalysis { get; set; } = true;

    /// <summary>Options for that analysis (entry nodes, disabled checks); null uses the defaults.</summary>
    public AnalysisOptions? Analysis { get; set; }

    /// <summary>
    /// The section numbers shown with <see cref="GraphNodeLabel.Section"/> (for example
    /// <see cref="PrintExportResult.Sections"/> of a print export, so the map matches the book); null numbers the
    /// story as the print export does with default settings.
    /// </summary>
    public SectionNumbers? Sections { get; set; }

    internal void Validate()
    {
        if (MaxEdgeLabelLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEdgeLabelLength), MaxEdgeLabelLength, "The edge label length must be 0 (no labels) or more.");
        }

        if (ClusterBy == GraphClustering.Header && string.IsNullOrWhiteSpace(ClusterHeader))
        {
            throw new ArgumentException("Clustering by header needs the header's name in ClusterHeader.", nameof(ClusterHeader));
        }
    }
}

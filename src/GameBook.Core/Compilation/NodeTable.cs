using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>One title: an ordinary node, or a node group whose members all have <c>when:</c> headers.</summary>
internal sealed class NodeEntry(string title)
{
    public string Title { get; } = title;

    public List<NodeSyntax> Members { get; } = [];

    public bool IsGroup => Members.Count > 0 && Members[0].When.Count > 0;
}

/// <summary>Groups parsed nodes by title, reports duplicates and mixed groups, and assigns unique names.</summary>
internal sealed class NodeTable
{
    private readonly Dictionary<NodeSyntax, string> _uniqueNames = [];

    public List<NodeEntry> Entries { get; } = [];

    public Dictionary<string, NodeEntry> ByTitle { get; } = new(StringComparer.Ordinal);

    /// <summary>Titles plus members' unique names: every name <c>visited()</c> or a jump may use.</summary>
    public HashSet<string> AllNames { get; } = new(StringComparer.Ordinal);

    public static NodeTable Build(IReadOnlyList<FileSyntax> files, DiagnosticBag diagnostics)
    {
        var table = new NodeTable();
        var mixedReported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var node in file.Nodes)
            {
                if (!table.ByTitle.TryGetValue(node.Title, out var entry))
                {
                    entry = new NodeEntry(node.Title);
                    table.ByTitle.Add(node.Title, entry);
                    table.Entries.Add(entry);
                    entry.Members.Add(node);
                    continue;
                }

                var first = entry.Members[0];
                if (first.When.Count == 0 && node.When.Count == 0)
                {
                    diagnostics.Error(DiagnosticCodes.DuplicateNode, node.Source, node.TitleStart, node.TitleEnd,
                        $"A node titled '{node.Title}' already exists at {first.Source.Path}({first.Line}): rename one of them, or give both 'when:' headers to make them a node group.");
                }
                else if (first.When.Count == 0 || node.When.Count == 0)
                {
                    if (!mixedReported.Add(node.Title))
                    {
                        continue;
                    }

                    var culprit = node.When.Count == 0 ? node : first;
                    diagnostics.Error(DiagnosticCodes.InvalidNodeGroup, culprit.Source, culprit.TitleStart, culprit.TitleEnd,
                        $"Nodes titled '{node.Title}' form a node group, so each needs a 'when:' header: add one (for example 'when: always') or rename the node.");
                }
                else
                {
                    entry.Members.Add(node);
                }
            }
        }

        foreach (var entry in table.Entries)
        {
            table.AllNames.Add(entry.Title);
            if (!entry.IsGroup)
            {
                table._uniqueNames[entry.Members[0]] = entry.Title;
                continue;
            }

            var subtitles = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entry.Members.Count; i++)
            {
                var m = entry.Members[i];
                var subtitle = m.Header("subtitle");
                if (subtitle is not null && !subtitles.Add(subtitle))
                {
                    diagnostics.Error(DiagnosticCodes.DuplicateSubtitle, m.Source, m.TitleStart, m.TitleEnd,
                        $"Another member of node group '{entry.Title}' already has the subtitle '{subtitle}': give each member a different subtitle.");
                }

                var unique = subtitle is null ? $"{entry.Title}#{i + 1}" : $"{entry.Title}.{subtitle}";
                table._uniqueNames[m] = unique;
                table.AllNames.Add(unique);
            }
        }

        return table;
    }

    public string UniqueName(NodeSyntax node) => _uniqueNames.TryGetValue(node, out var n) ? n : node.Title;
}

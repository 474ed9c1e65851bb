using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>One title: an ordinary node, or a node group whose members all have <c>when:</c> headers.</summary>
internal sealed class NodeEntry(string title)
{
    public string Title { get; } = title;

    public List<NodeSyntax> Members { get; } = [];

    public bool IsGroup => Members.Count > 0 && Members[0].When.Count > 0;
}

/// <summary>
/// Groups parsed nodes by title, reports duplicates and mixed groups, and assigns unique names: the title, or for a
/// node-group member <c>Title.subtitle</c>, else a content-based identity (<see cref="MemberIdentity"/>).
/// </summary>
internal sealed class NodeTable
{
    private readonly Dictionary<NodeSyntax, string> _uniqueNames = [];
    private readonly Dictionary<NodeSyntax, string> _positionalNames = [];

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
            var identities = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entry.Members.Count; i++)
            {
                var m = entry.Members[i];
                var subtitle = m.Header("subtitle");
                if (subtitle is not null && !subtitles.Add(subtitle))
                {
                    diagnostics.Error(DiagnosticCodes.DuplicateSubtitle, m.Source, m.TitleStart, m.TitleEnd,
                        $"Another member of node group '{entry.Title}' already has the subtitle '{subtitle}': give each member a different subtitle.");
                }

                string unique;
                if (subtitle is not null)
                {
                    unique = $"{entry.Title}.{subtitle}";
                }
                else
                {
                    var stem = MemberIdentity(m);
                    unique = stem;
                    for (var n = 2; !identities.Add(unique); n++)
                    {
                        unique = stem + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    // The member's place in its group, as format-3 and older saves named it; a jump or visited() may still use it.
                    var positional = $"{entry.Title}#{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                    table._positionalNames[m] = positional;
                    table.AllNames.Add(positional);
                }

                table._uniqueNames[m] = unique;
                table.AllNames.Add(unique);
            }
        }

        return table;
    }

    /// <summary>
    /// The identity of a node-group member without <c>subtitle:</c>: <c>Title#line:{id}</c> for the first <c>#line:</c> ID
    /// in its body, else <c>Title#{hash}</c>, eight hex digits of a hash of its <c>when:</c> headers and its body (each line
    /// without trailing space, comment lines and leading and trailing blank lines left out). Adding, removing or reordering
    /// other members leaves it alone; editing the member (without a <c>#line:</c> ID) makes it another member.
    /// Identical members get <c>-2</c>, <c>-3</c>... in order (see docs/saves.md, "Identities").
    /// </summary>
    internal static string MemberIdentity(NodeSyntax member)
    {
        var contents = new List<(LineContent Content, char Kind)>();
        LineRegistry.Contents(member.Body, contents);
        foreach (var (content, _) in contents)
        {
            if (content.LineId is { } id)
            {
                return member.Title + "#line:" + id;
            }
        }

        var signature = new System.Text.StringBuilder();
        foreach (var h in member.Headers)
        {
            if (h.Key == "when")
            {
                signature.Append("when: ").Append(h.Value.Trim()).Append('\n');
            }
        }

        signature.Append("---\n");
        var text = member.Source.Text;
        var start = Math.Clamp(member.BodyStart, 0, text.Length);
        var end = Math.Clamp(member.BodyEnd, start, text.Length);
        var lines = new List<string>();
        foreach (var raw in text[start..end].Split('\n'))
        {
            var line = raw.TrimEnd();
            if (!line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        var first = lines.FindIndex(l => l.Length > 0);
        var last = lines.FindLastIndex(l => l.Length > 0);
        for (var i = first; first >= 0 && i <= last; i++)
        {
            signature.Append(lines[i]).Append('\n');
        }

        return member.Title + "#" + LineRegistry.ContentHash('n', signature.ToString());
    }

    public string UniqueName(NodeSyntax node) => _uniqueNames.TryGetValue(node, out var n) ? n : node.Title;

    /// <summary>An unsubtitled group member's positional name (<c>Title#2</c>), which saves before format version 4 used; else null.</summary>
    public string? PositionalName(NodeSyntax node) => _positionalNames.TryGetValue(node, out var n) ? n : null;
}

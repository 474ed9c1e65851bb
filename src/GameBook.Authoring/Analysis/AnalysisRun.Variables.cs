using GameBook.Compilation;
using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>GB1003 and GB1004: variables whose value the story never uses.</summary>
internal sealed partial class AnalysisRun
{
    private void CheckVariables()
    {
        if (IsOffForStory(AnalysisCodes.UnusedVariable) && IsOffForStory(AnalysisCodes.UnreadVariable))
        {
            return;
        }

        var reads = new HashSet<string>(StringComparer.Ordinal);
        var writes = new Dictionary<string, (int Count, SourceRange First)>(StringComparer.Ordinal);
        foreach (var node in _outline.Nodes)
        {
            foreach (var r in node.VariableReferences)
            {
                if (r.Access == VariableAccess.Read)
                {
                    if (!r.FeedsOwnAssignment)
                    {
                        reads.Add(r.Name);
                    }
                }
                else
                {
                    writes[r.Name] = writes.TryGetValue(r.Name, out var w) ? (w.Count + 1, w.First) : (1, r.Range);
                }
            }
        }

        var nodes = new Dictionary<string, OutlineNode>(StringComparer.Ordinal);
        foreach (var n in _outline.Nodes)
        {
            nodes.TryAdd(n.UniqueName, n); // a node titled 'A.b' and group member 'A' with subtitle 'b' share a unique name
        }

        foreach (var v in _outline.Variables)
        {
            ThrowIfCancelled();
            if (reads.Contains(v.Name) || _options.HostVariables.Contains(v.Name) || _options.HostVariables.Contains(v.Name.TrimStart('$')))
            {
                continue;
            }

            var node = nodes.GetValueOrDefault(v.Node);
            if (writes.TryGetValue(v.Name, out var w))
            {
                Report(AnalysisCodes.UnreadVariable, node, v.File, v.Range, v.Name, w.Count, w.First.StartLine);
            }
            else if (v.IsDeclared)
            {
                Report(AnalysisCodes.UnusedVariable, node, v.File, v.Range, v.Name);
            }
        }
    }
}

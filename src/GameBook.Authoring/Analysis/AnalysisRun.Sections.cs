using System.Collections.Frozen;
using System.Collections.Immutable;

namespace GameBook.Authoring.Analysis;

/// <summary>GB1007 and GB1008, and the section-number grid.</summary>
internal sealed partial class AnalysisRun
{
    private void CheckSections(FlowFacts flow)
    {
        var bySection = new Dictionary<int, ImmutableArray<string>.Builder>();
        var unnumbered = ImmutableArray.CreateBuilder<string>();
        foreach (var node in _outline.Nodes)
        {
            if (node.Section is { } s && s >= 1)
            {
                if (!bySection.TryGetValue(s, out var list))
                {
                    list = ImmutableArray.CreateBuilder<string>();
                    bySection.Add(s, list);
                }

                list.Add(node.UniqueName);
            }
            else
            {
                unnumbered.Add(node.UniqueName);
            }
        }

        Sections = new SectionGrid(bySection.ToFrozenDictionary(x => x.Key, x => x.Value.ToImmutable()), unnumbered.ToImmutable());

        // Nodes only ever entered by detour (combat rules, shops) are printed as rules, not as numbered sections.
        var candidates = _outline.Nodes.Where(n => !flow.IsDetourOnly(n)).ToList();
        var numbered = candidates.Count(n => n.Section is not null || n.Header("section") is not null);
        var missing = candidates.Where(n => n.Header("section") is null).ToList();
        var invalid = _outline.Nodes.Where(n => n.Section is < 1).ToList();
        using var suggestions = Sections.SuggestNumbers(missing.Count + invalid.Count).GetEnumerator();
        int Next() => suggestions.MoveNext() ? suggestions.Current : Sections.Highest + 1;

        foreach (var node in invalid)
        {
            var header = node.Headers.First(h => h.Key == "section");
            Report(AnalysisCodes.InvalidSectionNumber, node, node.File, header.ValueRange, node.Section, Next());
        }

        if (numbered * 2 <= candidates.Count || missing.Count == 0)
        {
            return;
        }

        foreach (var node in missing)
        {
            ThrowIfCancelled();
            Report(AnalysisCodes.MissingSectionNumber, node, node.File, node.TitleRange, node.UniqueName, numbered, candidates.Count, Next());
        }
    }
}

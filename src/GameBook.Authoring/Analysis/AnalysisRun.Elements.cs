using System.Collections.Immutable;
using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>GB1005 and GB1006: options that are never available, and jumps to nodes with no content.</summary>
internal sealed partial class AnalysisRun
{
    private Dictionary<string, bool>? _emptyTitles;

    private void CheckConditionsAndJumps()
    {
        if (IsOffForStory(AnalysisCodes.OptionNeverAvailable) && IsOffForStory(AnalysisCodes.JumpToEmptyNode))
        {
            return;
        }

        foreach (var node in _outline.Nodes)
        {
            ThrowIfCancelled();
            Walk(node, node.Body);
        }
    }

    private void Walk(OutlineNode node, ImmutableArray<OutlineElement> body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineOptions o:
                    Choices(node, o.Options, "option", "players never get to choose it");
                    break;
                case OutlineLineGroup g:
                    Choices(node, g.Items, "line-group item", "it is never shown");
                    break;
                case OutlineIf i:
                    foreach (var clause in i.Clauses)
                    {
                        Walk(node, clause.Body);
                    }

                    break;
                case OutlineOnce once:
                    Walk(node, once.Body);
                    Walk(node, once.ElseBody);
                    break;
                case OutlineJump { Target: { } target } jump when IsEmptyTitle(target):
                    Report(AnalysisCodes.JumpToEmptyNode, node, node.File, jump.Range,
                        jump.IsDetour ? "detour" : "jump", target,
                        jump.IsDetour ? "the detour comes straight back, having done nothing" : "the story ends as soon as it gets there");
                    break;
            }
        }
    }

    private void Choices(OutlineNode node, ImmutableArray<OutlineChoice> choices, string what, string consequence)
    {
        foreach (var c in choices)
        {
            if (c.Condition is { Value: ConditionValue.AlwaysFalse } condition)
            {
                Report(AnalysisCodes.OptionNeverAvailable, node, node.File, condition.Range, what, consequence);
            }

            Walk(node, c.Body);
        }
    }

    /// <summary>True when every node with the title has nothing in its body but declarations.</summary>
    private bool IsEmptyTitle(string title)
    {
        _emptyTitles ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!_emptyTitles.TryGetValue(title, out var empty))
        {
            var members = Members(title);
            empty = members.Count > 0 && members.All(m => m.Body.All(e => e is OutlineDeclaration));
            _emptyTitles.Add(title, empty);
        }

        return empty;
    }
}

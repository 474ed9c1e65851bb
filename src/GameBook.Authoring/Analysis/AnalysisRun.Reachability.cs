using System.Globalization;
using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>GB1001: nodes no path from the entry nodes leads to.</summary>
internal sealed partial class AnalysisRun
{
    private void CheckReachability(FlowFacts flow)
    {
        const string code = AnalysisCodes.UnreachableNode;
        if (IsOffForStory(code))
        {
            return;
        }

        if (flow.Entries.Count == 0)
        {
            Skipped.Add(new SkippedCheck(code,
                "The story has no node titled 'Start' and AnalysisOptions.AdditionalEntryNodes names none, so there is nothing to reach nodes from: add a Start node or name the host's entry nodes."));
            return;
        }

        var reached = new HashSet<OutlineNode>();
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        void Enter(string title)
        {
            if (titles.Add(title))
            {
                queue.Enqueue(title);
            }
        }

        foreach (var entry in flow.Entries)
        {
            Enter(entry);
        }

        (OutlineNode Node, OutlineJump Jump)? dynamic = null;
        var constantsEntered = false;
        while (true)
        {
            while (queue.Count > 0)
            {
                ThrowIfCancelled();
                foreach (var member in Members(queue.Dequeue()))
                {
                    if (member.When.Any(FlowFacts.IsFalse) || !reached.Add(member))
                    {
                        continue;
                    }

                    foreach (var jump in flow.LiveJumps[member])
                    {
                        if (jump.Target is { } target)
                        {
                            Enter(target);
                        }
                        else
                        {
                            dynamic ??= (member, jump);
                        }
                    }
                }
            }

            if (dynamic is null || constantsEntered)
            {
                break;
            }

            if (_outline.HasComputedStrings)
            {
                var (node, jump) = dynamic.Value;
                Skipped.Add(new SkippedCheck(code, string.Create(CultureInfo.InvariantCulture,
                    $"The dynamic {(jump.IsDetour ? "detour" : "jump")} at {node.File}({jump.Range.StartLine},{jump.Range.StartColumn}) can go to a node whose name the story builds at run time (string '+' or a function returning a String), so which nodes are unreachable cannot be told: use node names as string constants in the story, or switch GB1001 off.")));
                return;
            }

            // A dynamic destination is a string value, and every string the story can make is one of its constants.
            constantsEntered = true;
            foreach (var name in _outline.StringConstants)
            {
                if (HasNode(name))
                {
                    Enter(name);
                }
            }
        }

        var entryList = string.Join("', '", flow.Entries);
        foreach (var node in _outline.Nodes)
        {
            if (reached.Contains(node))
            {
                continue;
            }

            string why;
            if (titles.Contains(node.Title) && node.When.Any(FlowFacts.IsFalse))
            {
                why = "its 'when:' condition is always false, so its node group never picks it";
            }
            else if (IncomingTo(flow, node) is { Count: > 0 } names)
            {
                why = $"the only jumps and detours to it are in {(names.Count == 1 ? "node" : "nodes")} '{string.Join("', '", names.Take(3))}'{(names.Count > 3 ? $" and {names.Count - 3} more" : "")}, which cannot be reached from '{entryList}' either";
            }
            else
            {
                why = $"no jump, detour or option leads to it from '{entryList}'" + (dynamic is not null ? " (and no string constant names it, so no dynamic jump can either)" : "");
            }

            Report(code, node, node.File, node.TitleRange, node.UniqueName, why);
        }
    }

    private static List<string> IncomingTo(FlowFacts flow, OutlineNode node)
    {
        var from = flow.Incoming.GetValueOrDefault(node.Title) ?? [];
        if (node.UniqueName != node.Title && flow.Incoming.TryGetValue(node.UniqueName, out var direct))
        {
            from = [.. from, .. direct];
        }

        return [.. from.Distinct(StringComparer.Ordinal)];
    }
}

using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// How nodes are entered: the jumps and detours in live code (code not behind a condition the compiler
/// proved false, nor after a jump, <c>&lt;&lt;stop&gt;&gt;</c> or <c>&lt;&lt;return&gt;&gt;</c>), which titles are
/// jumped to, detoured to, or entry points. Not thread-safe (part of one run).
/// </summary>
internal sealed class FlowFacts
{
    public FlowFacts(AnalysisRun run, StoryOutline outline, IEnumerable<string> entries)
    {
        Entries = [.. entries];
        foreach (var node in outline.Nodes)
        {
            var jumps = new List<OutlineJump>();
            CollectLiveJumps(node.Body, jumps);
            LiveJumps[node] = jumps;
            foreach (var jump in jumps)
            {
                if (jump.Target is { } target)
                {
                    (jump.IsDetour ? DetouredTo : JumpedTo).Add(target);
                    if (!Incoming.TryGetValue(target, out var from))
                    {
                        from = [];
                        Incoming.Add(target, from);
                    }

                    from.Add(node.UniqueName);
                }
                else
                {
                    if (jump.IsDetour)
                    {
                        HasDynamicDetour = true;
                    }
                    else
                    {
                        HasDynamicJump = true;
                    }
                }
            }
        }

        JumpedTo.UnionWith(Entries);
        foreach (var name in outline.StringConstants)
        {
            if (!run.HasNode(name))
            {
                continue;
            }

            if (HasDynamicJump)
            {
                JumpedTo.Add(name);
            }

            if (HasDynamicDetour)
            {
                DetouredTo.Add(name);
            }
        }
    }

    /// <summary>Titles sessions start at: <c>Start</c> (when it exists) and the host's extra entry nodes.</summary>
    public HashSet<string> Entries { get; }

    /// <summary>Per node: the jumps and detours of its live code, in source order (keyed by reference: unique names can collide).</summary>
    public Dictionary<OutlineNode, List<OutlineJump>> LiveJumps { get; } = [];

    /// <summary>Names (titles or member unique names) a live jump (or possibly a dynamic jump) leads to, plus the entries.</summary>
    public HashSet<string> JumpedTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Names a live detour (or possibly a dynamic detour) leads to.</summary>
    public HashSet<string> DetouredTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Per title: the nodes (unique names) whose live code jumps or detours to it by name.</summary>
    public Dictionary<string, List<string>> Incoming { get; } = new(StringComparer.Ordinal);

    /// <summary>True when live code somewhere has a dynamic <c>&lt;&lt;jump {$expr}&gt;&gt;</c>.</summary>
    public bool HasDynamicJump { get; }

    /// <summary>True when live code somewhere has a dynamic <c>&lt;&lt;detour {$expr}&gt;&gt;</c>.</summary>
    public bool HasDynamicDetour { get; }

    /// <summary>
    /// True when the node is only ever entered by detour (to its title, or to its unique name for a node-group
    /// member), so falling off its end returns to the caller.
    /// </summary>
    public bool IsDetourOnly(OutlineNode node) =>
        (DetouredTo.Contains(node.Title) || DetouredTo.Contains(node.UniqueName))
        && !JumpedTo.Contains(node.Title) && !JumpedTo.Contains(node.UniqueName);

    public static bool IsFalse(OutlineCondition? c) => c?.Value == ConditionValue.AlwaysFalse;

    public static bool IsTrue(OutlineCondition? c) => c is null || c.Value == ConditionValue.AlwaysTrue;

    private static void CollectLiveJumps(IEnumerable<OutlineElement> body, List<OutlineJump> jumps)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineJump j:
                    jumps.Add(j);
                    if (!j.IsDetour)
                    {
                        return;
                    }

                    break;
                case OutlineStop or OutlineReturn:
                    return;
                case OutlineOptions o:
                    foreach (var c in o.Options)
                    {
                        if (!IsFalse(c.Condition))
                        {
                            CollectLiveJumps(c.Body, jumps);
                        }
                    }

                    break;
                case OutlineLineGroup g:
                    foreach (var c in g.Items)
                    {
                        if (!IsFalse(c.Condition))
                        {
                            CollectLiveJumps(c.Body, jumps);
                        }
                    }

                    break;
                case OutlineIf i:
                    foreach (var clause in i.Clauses)
                    {
                        if (IsFalse(clause.Condition))
                        {
                            continue;
                        }

                        CollectLiveJumps(clause.Body, jumps);
                        if (IsTrue(clause.Condition))
                        {
                            break;
                        }
                    }

                    break;
                case OutlineOnce once:
                    if (!IsFalse(once.Condition))
                    {
                        CollectLiveJumps(once.Body, jumps);
                    }

                    CollectLiveJumps(once.ElseBody, jumps);
                    break;
            }
        }
    }
}

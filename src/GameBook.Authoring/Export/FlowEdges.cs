using System.Collections.Immutable;
using GameBook.Outline;

namespace GameBook.Authoring.Export;

/// <summary>How flow leaves a node for another.</summary>
internal enum FlowEdgeKind
{
    /// <summary>A jump in the body of an option: the reader chooses it.</summary>
    Option,

    /// <summary>A jump outside any option.</summary>
    Jump,

    /// <summary>A detour (flow comes back).</summary>
    Detour,
}

/// <summary>One way out of a node: its kind, target title, and for options the option's line.</summary>
internal readonly record struct FlowEdge(FlowEdgeKind Kind, string Target, OutlineChoice? Option);

/// <summary>Collects the static jumps, detours and option jumps of a node in source order. Stateless.</summary>
internal static class FlowEdges
{
    public static List<FlowEdge> Collect(OutlineNode node)
    {
        var edges = new List<FlowEdge>();
        Walk(node.Body, null, edges);
        return edges;
    }

    private static void Walk(ImmutableArray<OutlineElement> body, OutlineChoice? option, List<FlowEdge> edges)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case OutlineJump { Target: { } target } jump:
                    edges.Add(new FlowEdge(jump.IsDetour ? FlowEdgeKind.Detour : option is null ? FlowEdgeKind.Jump : FlowEdgeKind.Option, target, jump.IsDetour ? null : option));
                    break;
                case OutlineOptions options:
                    foreach (var o in options.Options)
                    {
                        Walk(o.Body, o, edges);
                    }

                    break;
                case OutlineLineGroup group:
                    foreach (var item in group.Items)
                    {
                        Walk(item.Body, option, edges);
                    }

                    break;
                case OutlineIf conditional:
                    foreach (var clause in conditional.Clauses)
                    {
                        Walk(clause.Body, option, edges);
                    }

                    break;
                case OutlineOnce once:
                    Walk(once.Body, option, edges);
                    Walk(once.ElseBody, option, edges);
                    break;
            }
        }
    }
}

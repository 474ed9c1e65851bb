using System.Collections.Immutable;
using GameBook.Compilation;
using GameBook.Outline;

namespace GameBook.Authoring.Analysis;

/// <summary>GB1002: paths through a node that end the story outside an ending.</summary>
internal sealed partial class AnalysisRun
{
    private void CheckDeadEnds(FlowFacts flow)
    {
        const string code = AnalysisCodes.DeadEnd;
        if (IsOffForStory(code))
        {
            return;
        }

        foreach (var node in _outline.Nodes)
        {
            ThrowIfCancelled();
            if (node.IsEnding || flow.IsDetourOnly(node))
            {
                continue;
            }

            var result = Block(node.Body, node.TitleRange, "because it has no content");
            if (result.Continues)
            {
                Report(code, node, node.File, result.At, node.UniqueName, result.How);
            }
            else if (result.ReturnAt is { } at)
            {
                Report(code, node, node.File, at, node.UniqueName,
                    "at this <<return>> (a jump or the host enters the node, so there may be no detour to return to)");
            }
        }
    }

    /// <summary>Whether flow can run past the end of <paramref name="body"/> (and after what), and the first reachable <c>&lt;&lt;return&gt;&gt;</c>.</summary>
    private static Flow Block(ImmutableArray<OutlineElement> body, SourceRange emptyAt, string emptyHow)
    {
        var result = new Flow(true, emptyAt, emptyHow, null);
        foreach (var e in body)
        {
            var r = Element(e);
            var ret = result.ReturnAt ?? r.ReturnAt;
            if (!r.Continues)
            {
                return new Flow(false, default, "", ret);
            }

            result = r with { ReturnAt = ret };
        }

        return result;
    }

    private static Flow Element(OutlineElement e) => e switch
    {
        OutlineJump { IsDetour: false } or OutlineStop => Flow.Ends,
        OutlineReturn => Flow.Ends with { ReturnAt = e.Range },
        OutlineJump => new Flow(true, e.Range, "after this detour returns", null),
        OutlineOptions o => Choices(o.Options, o.Range, "after this option's lines", "when none of these options is available"),
        OutlineLineGroup g => Choices(g.Items, g.Range, "after this line-group item", "when none of these line-group items is available"),
        OutlineIf i => If(i),
        OutlineOnce once => Once(once),
        OutlineCommand => new Flow(true, e.Range, "after this command", null),
        OutlineSet => new Flow(true, e.Range, "after this <<set>>", null),
        OutlineDeclaration => new Flow(true, e.Range, "after this declaration", null),
        _ => new Flow(true, e.Range, "after this line", null),
    };

    private static Flow Choices(ImmutableArray<OutlineChoice> choices, SourceRange range, string afterBody, string noneAvailable)
    {
        var result = Flow.Ends;
        var alwaysOne = false;
        foreach (var c in choices)
        {
            if (FlowFacts.IsFalse(c.Condition))
            {
                continue;
            }

            alwaysOne |= FlowFacts.IsTrue(c.Condition) && !c.IsOnce;
            result = Merge(result, Block(c.Body, c.Range, afterBody));
        }

        return alwaysOne || result.Continues ? result : result with { Continues = true, At = range, How = noneAvailable };
    }

    private static Flow If(OutlineIf i)
    {
        var result = Flow.Ends;
        foreach (var clause in i.Clauses)
        {
            if (FlowFacts.IsFalse(clause.Condition))
            {
                continue;
            }

            result = Merge(result, Block(clause.Body, clause.Condition?.Range ?? i.Range, "after this <<if>>"));
            if (FlowFacts.IsTrue(clause.Condition))
            {
                return result;
            }
        }

        return result.Continues ? result : result with { Continues = true, At = i.Range, How = "after this <<if>> when none of its conditions holds" };
    }

    private static Flow Once(OutlineOnce once)
    {
        var result = FlowFacts.IsFalse(once.Condition) ? Flow.Ends : Block(once.Body, once.Range, "after this <<once>>");
        var otherwise = once.HasElse ? Block(once.ElseBody, once.Range, "after this <<once>>'s else") : new Flow(true, once.Range, "after this <<once>> has run", null);
        return Merge(result, otherwise);
    }

    /// <summary>Either path: continues if one does (the first such witness wins); the first return is kept.</summary>
    private static Flow Merge(Flow a, Flow b)
    {
        var ret = a.ReturnAt ?? b.ReturnAt;
        return (a.Continues ? a : b) with { ReturnAt = ret };
    }

    /// <summary>A block's outcome: whether flow runs past its end, where and after what (for the message), and its first return.</summary>
    private readonly record struct Flow(bool Continues, SourceRange At, string How, SourceRange? ReturnAt)
    {
        public static Flow Ends => new(false, default, "", null);
    }
}

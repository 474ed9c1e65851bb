using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>
/// Finds loops, and chains deeper than the runtime evaluates, among smart variables with iterative depth-first
/// searches (no recursion, so long chains are safe).
/// </summary>
internal sealed class SmartVariableCycles(DiagnosticBag diagnostics)
{
    /// <summary>How deep smart variables may read smart variables; the VM's evaluation recurses this far.</summary>
    public const int MaxDepth = 512;

    public void Check(IReadOnlyList<VariableSymbol> variables)
    {
        var deps = new Dictionary<VariableSymbol, List<VariableSymbol>>();
        foreach (var v in variables)
        {
            if (v.IsSmart && v.Declaration is not null)
            {
                var list = new List<VariableSymbol>();
                Collect(v.Declaration.Value, list);
                deps[v] = list;
            }
        }

        var cyclic = false;
        var state = new Dictionary<VariableSymbol, int>(); // 1 = on stack, 2 = done
        foreach (var root in deps.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var stack = new Stack<(VariableSymbol Var, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                var edges = deps[v];
                if (next >= edges.Count)
                {
                    state[v] = 2;
                    continue;
                }

                stack.Push((v, next + 1));
                var w = edges[next];
                if (!deps.ContainsKey(w))
                {
                    continue;
                }

                if (!state.TryGetValue(w, out var s))
                {
                    state[w] = 1;
                    stack.Push((w, 0));
                }
                else if (s == 1)
                {
                    cyclic = true;
                    var path = stack.Select(x => x.Var.Name).Reverse().SkipWhile(n => n != w.Name).Append(w.Name);
                    diagnostics.Error(DiagnosticCodes.SmartVariableCycle, v.Source, v.Declaration!.Start, v.Declaration.End,
                        $"Smart variables form a loop ({string.Join(" -> ", path)}): a smart variable cannot depend on itself, so compute one of them differently.");
                }
            }
        }

        if (!cyclic)
        {
            CheckDepth(deps);
        }
    }

    /// <summary>Reports the first smart variable whose chain of smart dependencies is deeper than <see cref="MaxDepth"/> (the graph has no loops).</summary>
    private void CheckDepth(Dictionary<VariableSymbol, List<VariableSymbol>> deps)
    {
        var depth = new Dictionary<VariableSymbol, int>();
        foreach (var root in deps.Keys)
        {
            var stack = new Stack<(VariableSymbol Var, bool Expanded)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (v, expanded) = stack.Pop();
                if (depth.ContainsKey(v))
                {
                    continue;
                }

                if (!expanded)
                {
                    stack.Push((v, true));
                    foreach (var w in deps[v])
                    {
                        if (deps.ContainsKey(w) && !depth.ContainsKey(w))
                        {
                            stack.Push((w, false));
                        }
                    }

                    continue;
                }

                var d = 1;
                foreach (var w in deps[v])
                {
                    if (depth.TryGetValue(w, out var dw))
                    {
                        d = Math.Max(d, dw + 1);
                    }
                }

                depth[v] = d;
                if (d > MaxDepth)
                {
                    diagnostics.Error(DiagnosticCodes.SmartVariableCycle, v.Source, v.Declaration!.Start, v.Declaration.End,
                        $"{v.Name} depends on a chain of {d} smart variables, deeper than the {MaxDepth} the engine evaluates: store an intermediate result in an ordinary variable.");
                    return;
                }
            }
        }
    }

    private static void Collect(Expr e, List<VariableSymbol> into)
    {
        switch (e)
        {
            case VariableExpr { Symbol: { } s }:
                into.Add(s);
                break;
            case UnaryExpr u:
                Collect(u.Operand, into);
                break;
            case BinaryExpr b:
                Collect(b.Left, into);
                Collect(b.Right, into);
                break;
            case CallExpr c:
                for (var aIndex = 0; aIndex < c.Arguments.Count; aIndex++)
                {
                    var a = c.Arguments[aIndex];
                    Collect(a, into);
                }

                break;
        }
    }
}
